/**
 * Benchmarks against the native addon, all in this process run: the C ring loop (the same
 * work as the model's round trip, in C), the C↔C eventfd ping-pong (the floor for a JS driver
 * talking to the native device over real eventfds), and the C driver on the native device
 * (the floor for batched throughput).
 */
import { GuestMemory } from '../model/memory/guest-memory';
import { createQueue, planMemory, type QueueConfig } from '../model/virtio/queue';
import { spread, type Spread } from './stats';

export interface NativeFigures {
  available: boolean;
  reason?: string;
  figures: { name: string; unit: string; value: Spread | number; note?: string }[];
  cRingLoop: Map<number, Spread>;
  ratios: { name: string; unit: string; value: number; note?: string }[];
}

type Bridge = typeof import('../../native-bridge/src/index.ts');

/** Run the model's driver on a memfd against the native echo device; returns per-sample figures. */
function jsDriverOnNative(b: Bridge, cfg: QueueConfig, batch: number, requests: number, samples: number) {
  const { layout, map } = planMemory(cfg);
  const region = b.SharedRegion.create('ringside-bench', map.total);
  const kick = b.EventFd.create({ nonblocking: true });
  // blocking: the driver sleeps in one read() until the interrupt, as a C driver thread would
  const call = b.EventFd.create({ nonblocking: false });
  const mem = new GuestMemory(region.buffer, [{ gpa: 0, size: map.total, offset: 0 }]);
  const vq = createQueue(cfg, mem);
  const device = b.NativeDevice.create({
    memFd: region.fd,
    memSize: map.total,
    queueSize: layout.queueSize,
    descAddr: layout.desc,
    availAddr: layout.avail,
    usedAddr: layout.used,
    kickFd: kick.fd,
    callFd: call.fd,
    eventIdx: cfg.features.eventIdx,
    kind: 'echo',
  });
  const out = [{ addr: vq.buffers.alloc(16)!, len: 16 }];
  const inb = [{ addr: vq.buffers.alloc(64)!, len: 64 }];
  let kicks = 0;
  const round = () => {
    for (let i = 0; i < batch; i++) vq.driver.addBuffers(out, inb, i);
    if (vq.driver.needsKick()) {
      kick.write(1);
      kicks++;
    }
    for (let got = 0; got < batch; ) {
      if (vq.driver.reclaim() >= 0) {
        got++;
        continue;
      }
      // nothing used yet: sleep until the device's interrupt (no busy polling). The device
      // only signals after publishing used.idx, so a drained signal means entries to reclaim.
      if (vq.driver.moreUsed()) continue;
      call.read();
    }
  };
  try {
    const rounds = Math.max(1, Math.floor(requests / batch));
    for (let i = 0; i < Math.min(rounds, 200); i++) round(); // warm up
    const before = device.stats();
    const kicks0 = kicks;
    const ns: number[] = [];
    for (let s = 0; s < samples; s++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < rounds; i++) round();
      ns.push(Number(process.hrtime.bigint() - t0) / (rounds * batch));
    }
    const after = device.stats();
    const total = rounds * batch * samples;
    const interrupts = after.interruptsSignalled - before.interruptsSignalled;
    return {
      ns: spread(ns),
      kicksPerRequest: (kicks - kicks0) / total,
      interruptsPerRequest: interrupts / total,
      error: device.error(),
    };
  } finally {
    device.close();
    kick.close();
    call.close();
    region.close();
  }
}

export async function nativeFigures(qs: number, samples: number): Promise<NativeFigures> {
  let b: Bridge;
  try {
    b = await import('../../native-bridge/src/index.ts');
    b.cBench.ringLoop(8, 1, 10, 1); // loads the addon or throws with the reason
  } catch (e) {
    return { available: false, reason: (e as Error).message, figures: [], cRingLoop: new Map(), ratios: [] };
  }
  const figures: NativeFigures['figures'] = [];
  const ratios: NativeFigures['ratios'] = [];
  const cRingLoop = new Map<number, Spread>();
  const reps = Math.min(samples, 15);
  for (const batch of [1, 32]) {
    const r = b.cBench.ringLoop(qs, batch, 2_000_000, reps);
    const s = spread(r.samples);
    cRingLoop.set(batch, s);
    figures.push({ name: `C ring loop (same work as the model), batch ${batch}`, unit: 'ns/request', value: s });
  }

  // Unbatched: one request, one kick, one interrupt — against a C↔C eventfd round trip.
  const pp = b.cBench.eventfdPingPong(100_000, reps);
  const ppS = spread(pp.samples);
  figures.push({ name: 'C↔C eventfd round trip (two threads)', unit: 'ns', value: ppS });
  const un = jsDriverOnNative(b, { queueSize: qs, features: { eventIdx: false, indirect: false } }, 1, 20_000, reps);
  figures.push({
    name: 'JS driver ↔ native device, unbatched',
    unit: 'ns/request',
    value: un.ns,
    note: `${un.kicksPerRequest.toFixed(2)} kicks + ${un.interruptsPerRequest.toFixed(2)} interrupts per request`,
  });
  figures.push({ name: 'JS driver ↔ native device, unbatched', unit: 'requests/s', value: 1e9 / un.ns.median });
  ratios.push({
    name: 'ratio JS↔native unbatched / C↔C eventfd',
    unit: '×',
    value: un.ns.median / ppS.median,
    note: 'target ≤ 1.5',
  });

  // Batched 32 with EVENT_IDX: JS driver vs the C driver, both on the native device.
  const cd = b.cBench.driverBatched({ queueSize: qs, batch: 32, requests: 200_000, repeats: reps });
  const cdS = spread(cd.samples);
  figures.push({
    name: 'C driver ↔ native device, batch 32, EVENT_IDX',
    unit: 'requests/s',
    value: cdS,
    note: `${cd.notificationsPerRequest.toFixed(3)} notifications per request`,
  });
  const bt = jsDriverOnNative(b, { queueSize: qs, features: { eventIdx: true, indirect: false } }, 32, 100_000, reps);
  const jsRps = 1e9 / bt.ns.median;
  figures.push({
    name: 'JS driver ↔ native device, batch 32, EVENT_IDX',
    unit: 'requests/s',
    value: jsRps,
    note: `${(bt.kicksPerRequest + bt.interruptsPerRequest).toFixed(3)} notifications per request`,
  });
  ratios.push({
    name: 'ratio JS / C driver throughput, batch 32',
    unit: '×',
    value: jsRps / cdS.median,
    note: 'target ≥ 0.5',
  });
  if (un.error || bt.error)
    figures.push({
      name: 'native device error during benchmark',
      unit: '',
      value: 0,
      note: String((un.error ?? bt.error)?.message),
    });
  return { available: true, figures, cRingLoop, ratios };
}
