/**
 * Scenarios as data: each names a workload, a device, driver habits and defaults, and
 * says in plain words what it teaches. The engine interprets them; adding a scenario is
 * adding an entry here.
 */
import type { RingFeatures } from '../virtio/constants';

export type Corruption =
  // hostile driver → the device must refuse
  | 'avail-idx-too-far'
  | 'head-out-of-range'
  | 'next-out-of-range'
  | 'descriptor-loop'
  | 'readable-after-writable'
  | 'zero-length'
  | 'address-out-of-range'
  | 'indirect-too-large'
  | 'indirect-bad-size'
  | 'nested-indirect'
  | 'indirect-with-next'
  | 'queue-size-exceeded'
  // hostile device → the driver must refuse
  | 'used-id-out-of-range'
  | 'used-id-not-head'
  | 'used-index-jump'
  | 'used-len-too-large';

export const CORRUPTIONS: readonly Corruption[] = [
  'avail-idx-too-far',
  'head-out-of-range',
  'next-out-of-range',
  'descriptor-loop',
  'readable-after-writable',
  'zero-length',
  'address-out-of-range',
  'indirect-too-large',
  'indirect-bad-size',
  'nested-indirect',
  'indirect-with-next',
  'queue-size-exceeded',
  'used-id-out-of-range',
  'used-id-not-head',
  'used-index-jump',
  'used-len-too-large',
];

export type Arrivals =
  | { type: 'periodic'; interval: number }
  | { type: 'poisson'; mean: number }
  | { type: 'bursty'; burst: number; gap: number; spacing: number };

export interface Workload {
  /** 'requests': the driver sends out+in chains (block-like). 'rx': the driver posts empty buffers the device fills (network RX). */
  kind: 'requests' | 'rx';
  arrivals: Arrivals;
  /** Total requests (or packets) to generate. */
  count: number;
  /** Device-readable buffers per request: each [min, max] bytes. */
  out: [number, number][];
  /** Device-writable buffers per request. */
  in: [number, number][];
  /** rx: how the driver returns used buffers: recycle the same chain (nebula) or free and add anew (Linux). */
  rxReturn?: 'recycle' | 'refill';
}

export interface DeviceProfile {
  /** Mean service time per chain, ns. */
  serviceMean: number;
  /** 'fixed' completes in pop order; 'exp' gives random, out-of-order completion. */
  serviceDist: 'fixed' | 'exp';
  /** Chains the device works on at once. */
  parallelism: number;
  /** Flush used entries in batches of up to this many (1 = each completion at once). */
  flushBatch: number;
  /** Cost of one pop, ns. */
  popCost: number;
}

export interface DriverProfile {
  /** Chains added before a kick decision. */
  batch: number;
  /** Cost of one add / one reclaim, ns. */
  addCost: number;
  reclaimCost: number;
  /** Split buffers above this size (0 = never). */
  segmentSize: number;
  /** 'normal' re-enables callbacks at once; 'delayed' uses enable_cb_delayed (3/4 batching). */
  callbacks: 'normal' | 'delayed';
}

export interface HostileAction {
  corruption: Corruption;
  /** Inject after this many requests have completed. */
  afterCompleted: number;
}

export interface Scenario {
  name: string;
  title: string;
  description: string;
  defaults: { queueSize: number; features: RingFeatures; baseIndex?: number };
  workload: Workload;
  device: DeviceProfile;
  driver: DriverProfile;
  /** Notification latencies (kick → device wakes, interrupt → driver wakes), ns. */
  latency: { kick: number; interrupt: number };
  hostile?: HostileAction;
}

const baseDevice: DeviceProfile = {
  serviceMean: 2000,
  serviceDist: 'fixed',
  parallelism: 4,
  flushBatch: 1,
  popCost: 50,
};
const baseDriver: DriverProfile = { batch: 1, addCost: 100, reclaimCost: 80, segmentSize: 0, callbacks: 'normal' };
const blkShape = {
  out: [[16, 16]] as [number, number][],
  in: [
    [512, 4096],
    [1, 1],
  ] as [number, number][],
};

export const SCENARIOS: Scenario[] = [
  {
    name: 'steady',
    title: 'Steady request/response',
    description:
      'A block-like driver sends one request at a time at a steady rate: a 16-byte header to read, a data buffer and a status byte to write. The device answers each in 2 µs. Watch one chain travel the whole loop: add, kick, pop, complete, interrupt, reclaim.',
    defaults: { queueSize: 8, features: { eventIdx: false, indirect: false } },
    workload: { kind: 'requests', arrivals: { type: 'periodic', interval: 5000 }, count: 40, ...blkShape },
    device: { ...baseDevice },
    driver: { ...baseDriver },
    latency: { kick: 500, interrupt: 800 },
  },
  {
    name: 'bursty',
    title: 'Bursty producer, slow device',
    description:
      'Requests arrive in bursts of 24 while the device serves two at a time, slowly. The ring fills, the driver waits for free descriptors, and with EVENT_IDX most kicks and interrupts are suppressed because the other side is already busy. Compare kicks per request with EVENT_IDX on and off.',
    defaults: { queueSize: 16, features: { eventIdx: true, indirect: false } },
    workload: {
      kind: 'requests',
      arrivals: { type: 'bursty', burst: 24, gap: 200000, spacing: 150 },
      count: 96,
      ...blkShape,
    },
    device: { ...baseDevice, serviceMean: 6000, parallelism: 2, flushBatch: 4 },
    driver: { ...baseDriver, batch: 8 },
    latency: { kick: 500, interrupt: 800 },
  },
  {
    name: 'out-of-order',
    title: 'Out-of-order completion',
    description:
      'The device works on eight chains at once and each takes a random time, so used entries come back in a different order than the chains were made available. The free list is rebuilt in the order chains return: descriptors get reused in a shuffled order.',
    defaults: { queueSize: 16, features: { eventIdx: false, indirect: false } },
    workload: { kind: 'requests', arrivals: { type: 'poisson', mean: 900 }, count: 80, ...blkShape },
    device: { ...baseDevice, serviceMean: 5000, serviceDist: 'exp', parallelism: 8 },
    driver: { ...baseDriver, batch: 2 },
    latency: { kick: 500, interrupt: 800 },
  },
  {
    name: 'nebula-rx',
    title: 'Nebula RX: pre-posted buffers, recycled',
    description:
      "Like nebula's overlay: the driver fills the queue with empty page-sized buffers up front; packets arrive at the device, which writes each into the next buffer. The driver reads the packet and recycles the very same chain back into the available ring, without ever touching the free list.",
    defaults: { queueSize: 16, features: { eventIdx: true, indirect: false } },
    workload: {
      kind: 'rx',
      arrivals: { type: 'poisson', mean: 1500 },
      count: 80,
      out: [],
      in: [[4096, 4096]],
      rxReturn: 'recycle',
    },
    device: { ...baseDevice, serviceMean: 300, parallelism: 1 },
    driver: { ...baseDriver, batch: 4 },
    latency: { kick: 500, interrupt: 800 },
  },
  {
    name: 'nebula-tx',
    title: 'Nebula TX: header plus packet split at the page size',
    description:
      'Each packet goes out as a small header buffer followed by the payload, split into page-sized descriptors when larger than 4 KiB (nebula splits at the page size). Used TX chains are freed and completions are batched with enable_cb_delayed.',
    defaults: { queueSize: 32, features: { eventIdx: true, indirect: false } },
    workload: {
      kind: 'requests',
      arrivals: { type: 'poisson', mean: 1200 },
      count: 60,
      out: [
        [12, 12],
        [200, 9000],
      ],
      in: [],
    },
    device: { ...baseDevice, serviceMean: 1500, parallelism: 4, flushBatch: 2 },
    driver: { ...baseDriver, batch: 4, segmentSize: 4096, callbacks: 'delayed' },
    latency: { kick: 500, interrupt: 800 },
  },
  {
    name: 'indirect',
    title: 'Indirect-heavy',
    description:
      'Requests of many small buffers (scatter-gather lists of 4 to 10 pieces). With INDIRECT_DESC each request takes one descriptor of the queue that points at a table elsewhere in memory, so a small ring holds many large requests. Toggle INDIRECT_DESC off to watch the ring run out of descriptors.',
    defaults: { queueSize: 8, features: { eventIdx: false, indirect: true } },
    workload: {
      kind: 'requests',
      arrivals: { type: 'poisson', mean: 700 },
      count: 60,
      out: [
        [16, 16],
        [64, 512],
        [64, 512],
        [64, 512],
      ],
      in: [
        [256, 1024],
        [256, 1024],
        [1, 1],
      ],
    },
    device: { ...baseDevice, serviceMean: 3000, serviceDist: 'exp', parallelism: 4 },
    driver: { ...baseDriver, batch: 2 },
    latency: { kick: 500, interrupt: 800 },
  },
  {
    name: 'wrap-around',
    title: 'Index wrap-around past 65535',
    description:
      'The indices start at 65530 (as after a vhost-user SET_VRING_BASE when a VM migrates), so within a few requests avail.idx and used.idx wrap from 65535 to 0. Nothing special happens: indices are free-running 16-bit counters and the slot is idx mod queue size.',
    defaults: { queueSize: 4, features: { eventIdx: true, indirect: false }, baseIndex: 65530 },
    workload: { kind: 'requests', arrivals: { type: 'periodic', interval: 1500 }, count: 24, ...blkShape },
    device: { ...baseDevice, parallelism: 2 },
    driver: { ...baseDriver, batch: 2 },
    latency: { kick: 500, interrupt: 800 },
  },
];

const hostileText: Record<Corruption, string> = {
  'avail-idx-too-far': 'A buggy driver moves avail.idx more than a whole queue ahead; the device refuses the ring.',
  'head-out-of-range': 'The available ring names descriptor index QS+3, which does not exist.',
  'next-out-of-range': "A descriptor's next link points past the end of the table.",
  'descriptor-loop': 'Two descriptors point at each other, so the chain never ends; the device counts steps and stops.',
  'readable-after-writable': 'A device-readable buffer follows a device-writable one, against the spec.',
  'zero-length': 'A descriptor has length 0.',
  'address-out-of-range': 'A descriptor points at guest memory that does not exist.',
  'indirect-too-large': 'An indirect table claims more entries than the queue size allows.',
  'indirect-bad-size': 'An indirect table length that is not a multiple of 16 bytes.',
  'nested-indirect': 'An indirect table contains another INDIRECT descriptor.',
  'indirect-with-next': 'A descriptor with both INDIRECT and NEXT set.',
  'queue-size-exceeded':
    'The driver offers the same head over and over until the device would hold more chains than the queue has slots.',
  'used-id-out-of-range': 'A buggy device puts id QS+1 in the used ring.',
  'used-id-not-head': 'A buggy device returns a descriptor that is not the head of any chain in flight.',
  'used-index-jump': 'A buggy device moves used.idx far beyond the chains it holds.',
  'used-len-too-large': 'A buggy device claims to have written more bytes than the chain can hold.',
};

/** One hostile scenario per bad-input row: the steady workload, then the corruption. */
for (const c of CORRUPTIONS) {
  const steady = SCENARIOS[0];
  SCENARIOS.push({
    ...steady,
    name: `hostile-${c}`,
    title: `Hostile: ${c.replace(/-/g, ' ')}`,
    description: `${hostileText[c]} Requests completed before it are kept; the queue is then broken and refuses further work, as Linux (BAD_RING) and QEMU (NEEDS_RESET) do.`,
    defaults: { queueSize: 8, features: { eventIdx: false, indirect: c.includes('indirect') } },
    workload: { ...steady.workload, count: 12 },
    // To hold more chains than the queue has slots, the device must keep taking chains without finishing them.
    device: c === 'queue-size-exceeded' ? { ...steady.device, parallelism: 64, serviceMean: 50_000 } : steady.device,
    hostile: { corruption: c, afterCompleted: 3 },
  });
}

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

export function scenarioNames(): string[] {
  return SCENARIOS.map((s) => s.name);
}
