/**
 * The models the exhaustive explorer runs side by side, each behind the same `Lane` interface in terms of request
 * numbers: the packed queue and, for power-of-two sizes, the split queue.
 */
import { HeadState } from '../virtio/driver';
import { createQueue } from '../virtio/queue';
import { checkInvariants } from '../vqsim/invariants';
import { IdState } from './driver';
import { BUFFER_BYTES, buffersOf, type Completion, type ExploreConfig, type Shape } from './exhaustive-ops';
import { snapshotter } from './exhaustive-snapshot';
import { checkPackedInvariants } from './invariants';
import { createPackedQueue } from './queue';

/** One model under test, driven in terms of request numbers. */
export interface Lane {
  readonly name: string;
  add(n: number, shape: Shape): void;
  canPop(): boolean;
  /** Pop and return the request popped. */
  pop(): number;
  complete(n: number, len: number): void;
  flush(): void;
  canReclaim(): boolean;
  reclaim(): Completion;
  freeSlots(): number;
  checkInvariants(): void;
  /** Save the whole state; the function returned puts it back (any number of times). */
  snapshot(): () => void;
}

function packedLane(config: ExploreConfig): Lane {
  const q = createPackedQueue({
    queueSize: config.queueSize,
    features: config.features,
    bufferBytes: BUFFER_BYTES,
    driver: config.packedDriver,
  });
  const base = q.map.buffers.base;
  // The device names buffers by id; the driver's token for that id is the request number (tokens are what a real
  // driver gets back too). Request → id is the in-flight id carrying that token.
  const idOf = (n: number): number => {
    for (let id = 0; id < q.driver.qs; id++) {
      if (q.driver.s.idState[id] === IdState.InFlight && q.driver.s.token[id] === n) return id;
    }
    throw new Error(`packed: request #${n} is not in flight`);
  };
  return {
    name: 'packed',
    add: (n, shape) => {
      const b = buffersOf(base, n, shape);
      q.driver.add(b.out, b.inb, n);
    },
    canPop: () => !q.device.isEmpty(),
    pop: () => {
      const p = q.device.pop();
      if (!p) throw new Error('packed: pop found nothing');
      return q.driver.s.token[p.chain.id];
    },
    complete: (n, len) => {
      q.device.fill(idOf(n), len);
    },
    flush: () => {
      q.device.flush();
    },
    canReclaim: () => q.driver.moreUsed(),
    reclaim: () => {
      const u = q.driver.getUsed();
      if (!u) throw new Error('packed: reclaim found nothing');
      return { request: u.token, len: u.len };
    },
    freeSlots: () => q.driver.s.numFree,
    checkInvariants: () => checkPackedInvariants(q.driver, q.device, q.driver.tables, true),
    snapshot: snapshotter(q, config.features.indirect),
  };
}

function splitLane(config: ExploreConfig): Lane {
  const vq = createQueue({ queueSize: config.queueSize, features: config.features, bufferBytes: BUFFER_BYTES });
  const base = vq.map.buffers.base;
  const headOf = (n: number): number => {
    for (let h = 0; h < vq.driver.qs; h++) {
      if (vq.driver.s.headState[h] === HeadState.InFlight && vq.driver.s.token[h] === n) return h;
    }
    throw new Error(`split: request #${n} is not in flight`);
  };
  return {
    name: 'split',
    add: (n, shape) => {
      const b = buffersOf(base, n, shape);
      vq.driver.add(b.out, b.inb, n);
    },
    canPop: () => vq.device.available() > 0,
    pop: () => {
      const p = vq.device.pop();
      if (!p) throw new Error('split: pop found nothing');
      return vq.driver.s.token[p.chain.head];
    },
    complete: (n, len) => {
      vq.device.fill(headOf(n), len);
    },
    flush: () => {
      vq.device.flush();
    },
    canReclaim: () => vq.driver.moreUsed(),
    reclaim: () => {
      const u = vq.driver.getUsed();
      if (!u) throw new Error('split: reclaim found nothing');
      return { request: u.token, len: u.len };
    },
    freeSlots: () => vq.driver.s.numFree,
    // Tables only with INDIRECT, as the packed side has them (its driver.tables is null without)
    checkInvariants: () => checkInvariants(vq.driver, vq.device, config.features.indirect ? vq.tables : null, true),
    snapshot: snapshotter(vq, config.features.indirect),
  };
}

export function makeLanes(config: ExploreConfig): Lane[] {
  return config.split ? [splitLane(config), packedLane(config)] : [packedLane(config)];
}
