/**
 * Device-level events in a QEMU trace: status writes (a 0 resets the device and discards its queues' requests),
 * virtio-blk request details attached to the request in flight, and every other line kept as an annotation.
 */
import { deviceKindOf, mentionedDevice } from './events';
import type { TraceLine } from './parse-line';
import {
  type DeviceState,
  deviceOf,
  type EventOf,
  queueOf,
  type Reconstructing,
  setInFlight,
} from './reconstruct-state';
import type { Annotation } from './types';

/** A device status write; writing 0 resets the device. */
export function onStatus(st: Reconstructing, ev: EventOf<'status'>, at: TraceLine, time: number): void {
  const d = deviceOf(st, ev.vdev);
  d.status.push({ time, line: at.line, val: ev.val });
  if (ev.val === 0) reset(st, d, time);
}

/** Device reset discards every request in its queues (the driver re-initialises rings). */
export function reset(st: Reconstructing, d: DeviceState, time: number): void {
  d.resets++;
  const vqs = new Set(d.queues);
  if (vqs.size === 0) return;
  for (const [elem, r] of st.inFlightByElem) {
    if (!vqs.has(r.vq)) continue;
    r.end = 'reset';
    r.droppedTime = time;
    st.inFlightByElem.delete(elem); // deleting the current entry is safe in Map iteration
  }
  for (const vq of vqs) {
    const q = queueOf(st, vq);
    for (const r of q.pendingFill) {
      if (r) {
        r.end = 'reset';
        r.droppedTime = time;
      }
    }
    q.pendingFill = [];
    q.unsignalled += q.awaitingInterrupt.length;
    q.awaitingInterrupt = [];
    q.kickOpen = false;
    if (q.inFlight !== 0) setInFlight(q, -q.inFlight, time);
  }
}

/** virtio-blk names the operation and sectors of a request in flight. */
export function onBlkRequest(st: Reconstructing, ev: EventOf<'blk-request'>, at: TraceLine, time: number): void {
  deviceOf(st, ev.vdev).kind ??= 'virtio-blk';
  const r = st.inFlightByElem.get(ev.req);
  if (!r) {
    annotate(st, at, time);
    return;
  }
  r.blk ??= {};
  r.blk.op = ev.op;
  if (ev.sector !== undefined) r.blk.sector = ev.sector;
  if (ev.nsectors !== undefined) r.blk.nsectors = ev.nsectors;
}

/** virtio-blk reports a request's status. */
export function onBlkComplete(st: Reconstructing, ev: EventOf<'blk-complete'>, at: TraceLine, time: number): void {
  const r = st.inFlightByElem.get(ev.req);
  if (!r) {
    annotate(st, at, time);
    return;
  }
  r.blk ??= {};
  r.blk.status = ev.status;
}

/** The block layer reports a request's return value. */
export function onBlkRwComplete(st: Reconstructing, ev: EventOf<'blk-rw-complete'>, at: TraceLine, time: number): void {
  const r = st.inFlightByElem.get(ev.req);
  if (!r) {
    annotate(st, at, time);
    return;
  }
  r.blk ??= {};
  r.blk.ret = ev.ret;
}

/** Any other line, kept as an annotation (with the device it mentions, whose kind its name may tell). */
export function annotate(st: Reconstructing, at: TraceLine, time: number): void {
  const a: Annotation = { line: at.line, time, thread: at.thread, name: at.name, args: at.args };
  const dev = mentionedDevice(at.args);
  if (dev !== undefined) {
    a.device = dev;
    const kind = deviceKindOf(at.name);
    if (kind) deviceOf(st, dev).kind ??= kind;
  }
  st.annotations.push(a);
}
