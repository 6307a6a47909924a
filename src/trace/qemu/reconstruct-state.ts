/**
 * What the QEMU reconstructor keeps while it reads: per queue and per device bookkeeping, the requests still in
 * flight (keyed by element pointer) and everything rebuilt so far, with the helpers the event handlers share
 * (find or create a queue or device, bind a queue to its device, track the in-flight count).
 */
import { WarningLog } from './import-warnings';
import type { QemuEvent } from './events';
import type { Annotation, QemuFlush, QemuInterrupt, QemuKick, QemuRequest } from './types';

/** A decoded event of one kind. */
export type EventOf<K extends QemuEvent['kind']> = Extract<QemuEvent, { kind: K }>;

export interface QueueState {
  vq: string;
  vdev: string | undefined;
  n: number | undefined;
  requests: number;
  completed: number;
  kicks: number;
  kicklessRequests: number;
  unsignalled: number;
  interrupts: number;
  flushes: number;
  batchSizes: Map<number, number>;
  inFlight: number;
  maxInFlight: number;
  series: { time: number[]; value: number[] };
  /** Last kick, eligible for new pops until this queue next flushes. */
  lastKick: QemuKick | undefined;
  kickOpen: boolean;
  /** Filled, awaiting flush, in fill order; null = a fill whose pop we never saw. */
  pendingFill: Array<QemuRequest | null>;
  /** Flushed, awaiting the interrupt that tells the driver. */
  awaitingInterrupt: QemuRequest[];
}

export interface DeviceState {
  vdev: string;
  kind: string | undefined;
  queues: string[];
  status: Array<{ time: number; line: number; val: number }>;
  resets: number;
}

/** Everything the reconstructor keeps while it reads. */
export interface Reconstructing {
  queues: Map<string, QueueState>;
  devices: Map<string, DeviceState>;
  inFlightByElem: Map<string, QemuRequest>;
  allocSize: Map<string, number>;
  requests: QemuRequest[];
  kicks: QemuKick[];
  interrupts: QemuInterrupt[];
  flushes: QemuFlush[];
  annotations: Annotation[];
  warnings: WarningLog;
}

export function newReconstructing(): Reconstructing {
  return {
    queues: new Map(),
    devices: new Map(),
    inFlightByElem: new Map(),
    allocSize: new Map(),
    requests: [],
    kicks: [],
    interrupts: [],
    flushes: [],
    annotations: [],
    warnings: new WarningLog(),
  };
}

/** The queue of vq pointer `vq`, created on first sight. */
export function queueOf(st: Reconstructing, vq: string): QueueState {
  let q = st.queues.get(vq);
  if (!q) {
    q = {
      vq,
      vdev: undefined,
      n: undefined,
      requests: 0,
      completed: 0,
      kicks: 0,
      kicklessRequests: 0,
      unsignalled: 0,
      interrupts: 0,
      flushes: 0,
      batchSizes: new Map(),
      inFlight: 0,
      maxInFlight: 0,
      series: { time: [], value: [] },
      lastKick: undefined,
      kickOpen: false,
      pendingFill: [],
      awaitingInterrupt: [],
    };
    st.queues.set(vq, q);
  }
  return q;
}

/** The device of vdev pointer `vdev`, created on first sight. */
export function deviceOf(st: Reconstructing, vdev: string): DeviceState {
  let d = st.devices.get(vdev);
  if (!d) {
    d = { vdev, kind: undefined, queues: [], status: [], resets: 0 };
    st.devices.set(vdev, d);
  }
  return d;
}

/** Ties a queue to its device (and queue number) the first time an event names both; later contradictions are warnings. */
export function bindQueue(st: Reconstructing, q: QueueState, vdev: string, n: number | undefined, line: number): void {
  if (q.vdev === undefined) {
    q.vdev = vdev;
    deviceOf(st, vdev).queues.push(q.vq);
  } else if (q.vdev !== vdev) {
    st.warnings.add(
      'vq-device-changed',
      line,
      () => `vq ${q.vq} appeared under two devices (${q.vdev}, ${vdev}); kept the first`,
    );
  }
  if (n !== undefined) {
    if (q.n === undefined) q.n = n;
    else if (q.n !== n)
      st.warnings.add(
        'vq-number-changed',
        line,
        () => `vq ${q.vq} was notified as queue ${q.n} and as ${n}; kept ${q.n}`,
      );
  }
}

/** Moves a queue's in-flight count by `delta` at `time`, recording its maximum and its time series. */
export function setInFlight(q: QueueState, delta: number, time: number): void {
  q.inFlight += delta;
  if (q.inFlight > q.maxInFlight) q.maxInFlight = q.inFlight;
  q.series.time.push(time);
  q.series.value.push(q.inFlight);
}
