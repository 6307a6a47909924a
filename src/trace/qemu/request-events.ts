/**
 * The request life cycle in a QEMU trace, one handler per event: a kick opens a window for the pops that follow;
 * a pop starts a request (keyed by its element while in flight); a fill ends its device work; a flush publishes
 * the oldest fills; an interrupt tells the driver about the flushed ones.
 */
import type { TraceLine } from './parse-line';
import { bindQueue, type EventOf, queueOf, type Reconstructing, setInFlight } from './reconstruct-state';
import type { QemuFlush, QemuInterrupt, QemuKick, QemuRequest } from './types';

/** A guest kick: pops until the queue next flushes belong to it. */
export function onKick(st: Reconstructing, ev: EventOf<'kick'>, at: TraceLine, time: number): void {
  const q = queueOf(st, ev.vq);
  bindQueue(st, q, ev.vdev, ev.n, at.line);
  const k: QemuKick = {
    id: st.kicks.length,
    time,
    line: at.line,
    thread: at.thread,
    vdev: ev.vdev,
    n: ev.n,
    vq: ev.vq,
    requests: 0,
  };
  st.kicks.push(k);
  q.kicks++;
  // Completions still waiting for an interrupt when the guest kicks again were
  // evidently not signalled (suppressed, or signalled by an event not traced):
  // don't let a much later interrupt claim them.
  q.unsignalled += q.awaitingInterrupt.length;
  q.awaitingInterrupt.length = 0;
  q.lastKick = k;
  q.kickOpen = true;
}

/** An element allocation: its size, for the pop of the same element. */
export function onAlloc(st: Reconstructing, ev: EventOf<'alloc'>): void {
  st.allocSize.set(ev.elem, ev.size);
}

/** A pop: a new request, in flight until its fill. */
export function onPop(st: Reconstructing, ev: EventOf<'pop'>, at: TraceLine, time: number): void {
  const q = queueOf(st, ev.vq);
  const prev = st.inFlightByElem.get(ev.elem);
  if (prev) {
    // Same element popped twice without a fill: QEMU detached or unpopped it
    // (no trace event for that) or the log lost lines. Close the old one.
    prev.end = 'repopped';
    prev.droppedTime = time;
    setInFlight(queueOf(st, prev.vq), -1, time);
    st.warnings.add(
      'repop',
      at.line,
      () => `element ${ev.elem} popped again before it was filled; the earlier request is marked "repopped"`,
    );
  }
  const r: QemuRequest = {
    id: st.requests.length,
    vq: ev.vq,
    elem: ev.elem,
    device: undefined,
    queue: undefined,
    thread: at.thread,
    popLine: at.line,
    popTime: time,
    inNum: ev.inNum,
    outNum: ev.outNum,
    end: 'in-flight',
  };
  const size = st.allocSize.get(ev.elem);
  if (size !== undefined) {
    r.allocSize = size;
    st.allocSize.delete(ev.elem);
  }
  // A pop belongs to the last kick unless the queue has completed work since: then it
  // was picked up by a device that was already running (notifications disabled /
  // polling) and has no kick of its own.
  if (q.kickOpen && q.lastKick) {
    r.kickId = q.lastKick.id;
    r.kickTime = q.lastKick.time;
    q.lastKick.requests++;
  } else q.kicklessRequests++;
  st.requests.push(r);
  st.inFlightByElem.set(ev.elem, r);
  q.requests++;
  setInFlight(q, +1, time);
}

/** A fill: the device is done with the request; it waits for a flush. */
export function onFill(st: Reconstructing, ev: EventOf<'fill'>, at: TraceLine, time: number): void {
  const q = queueOf(st, ev.vq);
  const r = st.inFlightByElem.get(ev.elem);
  if (!r) {
    q.pendingFill.push(null);
    st.warnings.add(
      'orphan-fill',
      at.line,
      () => `fill of element ${ev.elem} that was never popped in this trace (trace started mid-flight?)`,
    );
    return;
  }
  if (r.vq !== ev.vq)
    st.warnings.add(
      'fill-other-vq',
      at.line,
      () => `element ${ev.elem} popped from vq ${r.vq} but filled on vq ${ev.vq}`,
    );
  st.inFlightByElem.delete(ev.elem);
  r.fillTime = time;
  r.usedLen = ev.len;
  r.fillIdx = ev.idx;
  r.end = 'filled';
  q.pendingFill.push(r);
}

/** A flush: the oldest `count` fills become visible to the driver. */
export function onFlush(st: Reconstructing, ev: EventOf<'flush'>, at: TraceLine, time: number): void {
  const q = queueOf(st, ev.vq);
  const f: QemuFlush = {
    id: st.flushes.length,
    time,
    line: at.line,
    thread: at.thread,
    vq: ev.vq,
    count: ev.count,
    matched: 0,
  };
  st.flushes.push(f);
  q.flushes++;
  q.batchSizes.set(ev.count, (q.batchSizes.get(ev.count) ?? 0) + 1);
  const pending = q.pendingFill;
  if (pending.length !== ev.count)
    st.warnings.add(
      'flush-mismatch',
      at.line,
      () => `flush count ${ev.count} but ${pending.length} fills pending on vq ${ev.vq}`,
    );
  // QEMU publishes fills in fill order; take the oldest `count`.
  const take = Math.min(ev.count, pending.length);
  let published = 0;
  for (let i = 0; i < take; i++) {
    const r = pending[i];
    if (!r) continue;
    r.flushId = f.id;
    r.flushTime = time;
    r.batchSize = ev.count;
    r.end = 'completed';
    q.awaitingInterrupt.push(r);
    published++;
  }
  f.matched = take;
  if (take === pending.length) pending.length = 0;
  else q.pendingFill = pending.slice(take);
  q.completed += published;
  // Filled requests left in flight until their flush, when the driver can see them.
  if (published > 0) setInFlight(q, -published, time);
  q.kickOpen = false;
}

/** An interrupt: it tells the driver about every request flushed since the last one. */
export function onInterrupt(st: Reconstructing, ev: EventOf<'interrupt'>, at: TraceLine, time: number): void {
  const q = queueOf(st, ev.vq);
  bindQueue(st, q, ev.vdev, undefined, at.line);
  const list = q.awaitingInterrupt;
  const irq: QemuInterrupt = {
    id: st.interrupts.length,
    time,
    line: at.line,
    thread: at.thread,
    vdev: ev.vdev,
    vq: ev.vq,
    via: at.name,
    requests: list.length,
  };
  st.interrupts.push(irq);
  q.interrupts++;
  for (let i = 0; i < list.length; i++) {
    list[i].interruptId = irq.id;
    list[i].interruptTime = time;
  }
  list.length = 0;
}
