/**
 * A packed-ring run's state: the runner's own plain-data state (so a snapshot is a structured clone),
 * the context every step handler works on (queue, settings, the two seeded random streams), and
 * snapshot / restore, which copy the memory bytes and every side's private state.
 */
import type { AllocatorState } from '../memory/allocator';
import type { Prng, PrngState } from '../sim/prng';
import type { EventFdState } from '../virtio/eventfd';
import type { PackedDeviceState } from './device';
import type { BufferRef, PackedDriverState } from './driver';
import type { PackedErrorInfo } from './errors';
import type { PackedQueue } from './queue';
import type { PackedSimSettings } from './sim-config';

export interface PendingRequest {
  no: number;
  outLens: number[];
  inLens: number[];
}

export interface HeldBuffer {
  id: number;
  writable: BufferRef[];
  writableBytes: number;
}

/** The runner's own state: plain data, so a snapshot is a structured clone. */
export interface SimState {
  step: number;
  issued: number;
  completed: number;
  rejected: number;
  batchLeft: number;
  blocked: boolean;
  next: PendingRequest | null;
  deviceAwake: boolean;
  driverAwake: boolean;
  decisionDue: boolean;
  held: HeldBuffer[];
  /** Per buffer id: the request number and the buffer addresses to free on reclaim. */
  requestOf: Record<number, { no: number; addrs: number[] }>;
  done: boolean;
  stalled: boolean;
  error: PackedErrorInfo | null;
}

export interface PackedSimSnapshot {
  state: SimState;
  memory: Uint8Array;
  driver: PackedDriverState;
  device: PackedDeviceState;
  tables: AllocatorState;
  buffers: AllocatorState;
  kick: EventFdState;
  call: EventFdState;
  prng: { workload: PrngState; device: PrngState };
  logLength: number;
}

/** What the step handlers work on. `st` is replaced on restore; everything else lives as long as the run. */
export interface SimRun {
  readonly config: PackedSimSettings;
  readonly q: PackedQueue;
  /** The workload's stream: request shapes, batch sizes, which step happens next. */
  readonly workload: Prng;
  /** The device's stream: completion order and lengths. */
  readonly rng: Prng;
  st: SimState;
}

export function initialState(config: PackedSimSettings): SimState {
  return {
    step: 0,
    issued: 0,
    completed: 0,
    rejected: 0,
    batchLeft: 0,
    blocked: false,
    next: null,
    deviceAwake: false,
    driverAwake: false,
    decisionDue: false,
    held: [],
    requestOf: {},
    done: config.requests === 0,
    stalled: false,
    error: null,
  };
}

export function snapshotRun(run: SimRun, logLength: number): PackedSimSnapshot {
  const q = run.q;
  return {
    state: structuredClone(run.st),
    memory: q.mem.image(),
    driver: q.driver.save(),
    device: q.device.save(),
    tables: q.tables.save(),
    buffers: q.buffers.save(),
    kick: q.kick.save(),
    call: q.call.save(),
    prng: { workload: run.workload.save(), device: run.rng.save() },
    logLength,
  };
}

/** Puts the run back as it was at `snap`; the caller truncates its log to `snap.logLength`. */
export function restoreRun(run: SimRun, snap: PackedSimSnapshot): void {
  const q = run.q;
  run.st = structuredClone(snap.state);
  q.mem.load(snap.memory);
  q.driver.restore(snap.driver);
  q.device.restore(snap.device);
  q.tables.restore(snap.tables);
  q.buffers.restore(snap.buffers);
  q.kick.restore(snap.kick);
  q.call.restore(snap.call);
  run.workload.restore(snap.prng.workload);
  run.rng.restore(snap.prng.device);
}
