/**
 * Discrete-event scheduler over virtual time. Events at the same virtual time run in the
 * order they were scheduled (a sequence number breaks ties), so a run never depends on
 * heap internals. Payloads are plain data so the whole queue can be saved in a checkpoint.
 */

export interface Scheduled<P> {
  /** Virtual time in nanoseconds. */
  at: number;
  /** Tie-breaker: scheduling order. */
  seq: number;
  payload: P;
}

export interface SchedulerState<P> {
  now: number;
  nextSeq: number;
  heap: Scheduled<P>[];
}

function before<P>(x: Scheduled<P>, y: Scheduled<P>): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

export class Scheduler<P> {
  private now_ = 0;
  private nextSeq = 0;
  private heap: Scheduled<P>[] = [];

  get now(): number {
    return this.now_;
  }

  get size(): number {
    return this.heap.length;
  }

  /** Schedule `payload` to run `delay` ns from now (delay ≥ 0). */
  schedule(delay: number, payload: P): void {
    if (!(delay >= 0) || !Number.isFinite(delay)) throw new RangeError(`Scheduler: bad delay ${delay}`);
    const item = { at: this.now_ + delay, seq: this.nextSeq++, payload };
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  peek(): Scheduled<P> | undefined {
    return this.heap[0];
  }

  /** Remove the earliest event and advance virtual time to it. */
  pop(): Scheduled<P> | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    this.now_ = top.at;
    return top;
  }

  /** Remove every pending event whose payload matches. */
  cancel(match: (p: P) => boolean): number {
    const keep = this.heap.filter((e) => !match(e.payload));
    const removed = this.heap.length - keep.length;
    if (removed > 0) {
      this.heap = [];
      for (const e of keep.sort((x, y) => (before(x, y) ? -1 : 1))) this.heap.push(e);
    }
    return removed;
  }

  save(): SchedulerState<P> {
    return structuredClone({ now: this.now_, nextSeq: this.nextSeq, heap: this.heap });
  }

  restore(state: SchedulerState<P>): void {
    const s = structuredClone(state);
    this.now_ = s.now;
    this.nextSeq = s.nextSeq;
    this.heap = s.heap;
  }
}
