/**
 * The driver's and device's private queue state a trace does not write to shared memory
 * — which chain is where, last_avail, last_used, entries filled but not yet published —
 * replayed from the index's kind and head columns. Checkpointed, so asking for any step
 * replays at most one interval, like the index's memory checkpoints.
 */

/** Where a chain (by its head) is, as the event stream tells it. */
export const H_FREE = 0;
/** Published in the available ring, not yet popped by the device. */
export const H_AVAIL = 1;
/** Popped: the device is working on it. */
export const H_DEVICE = 2;
/** The device filled its used entry; used.idx has not moved yet. */
export const H_FILLED = 3;
/** Published in the used ring, not yet reclaimed by the driver. */
export const H_USED = 4;

export interface PrivateColumns {
  count: number;
  /** Event kind names per code (the index's KIND_CODES). */
  kindNames: readonly string[];
  kind: Uint8Array;
  head: Int32Array;
  request: Int32Array;
}

export interface PrivateAt {
  /** Per head: H_* state. */
  heads: Uint8Array;
  /** Per head: request id the chain carries (-1 unknown). */
  tokens: Int32Array;
  /** Popped so far (add the base for last_avail). */
  pops: number;
  /** Reclaimed so far (add the base for last_used). */
  reclaims: number;
  /** Completions since the last flush. */
  unflushed: number;
  /** Heads filled since the last flush, in order (what the next flush publishes). */
  filled: number[];
}

// Kinds that move a chain, as codes resolved once per tracker.
interface Codes {
  add: number;
  recycle: number;
  pop: number;
  complete: number;
  flush: number;
  reclaim: number;
}

export class PrivateStateTracker {
  private readonly codes: Codes;
  private readonly every: number;
  private readonly checkpoints: PrivateAt[] = [];

  constructor(
    private readonly cols: PrivateColumns,
    readonly queueSize: number,
    /** Memory budget for checkpoints (bytes); sets the interval for big rings. */
    budget = 16 << 20,
  ) {
    const code = (k: string) => cols.kindNames.indexOf(k);
    this.codes = { add: code('add'), recycle: code('recycle'), pop: code('pop'), complete: code('complete'), flush: code('flush'), reclaim: code('reclaim') };
    const perCheckpoint = queueSize * 5 + 64;
    this.every = Math.max(1024, Math.ceil((cols.count * perCheckpoint) / budget));
    // One pass up front: every checkpoint, so a seek never replays more than one interval.
    const st = this.empty();
    this.checkpoints.push(clone(st));
    for (let i = 0; i < cols.count; i++) {
      this.apply(st, i);
      if ((i + 1) % this.every === 0) this.checkpoints.push(clone(st));
    }
  }

  private empty(): PrivateAt {
    return { heads: new Uint8Array(this.queueSize), tokens: new Int32Array(this.queueSize).fill(-1), pops: 0, reclaims: 0, unflushed: 0, filled: [] };
  }

  private apply(st: PrivateAt, i: number): void {
    const k = this.cols.kind[i];
    const c = this.codes;
    const h = this.cols.head[i];
    const inRange = h >= 0 && h < this.queueSize;
    if (k === c.add || k === c.recycle) {
      if (inRange) {
        st.heads[h] = H_AVAIL;
        if (this.cols.request[i] >= 0) st.tokens[h] = this.cols.request[i];
      }
    } else if (k === c.pop) {
      st.pops++;
      if (inRange) st.heads[h] = H_DEVICE;
    } else if (k === c.complete) {
      st.unflushed++;
      if (inRange) {
        st.heads[h] = H_FILLED;
        st.filled.push(h);
      }
    } else if (k === c.flush) {
      // A flush publishes every filled entry (used.idx moves past all of them).
      for (const x of st.filled) if (st.heads[x] === H_FILLED) st.heads[x] = H_USED;
      st.filled.length = 0;
      st.unflushed = 0;
    } else if (k === c.reclaim) {
      st.reclaims++;
      if (inRange) {
        st.heads[h] = H_FREE;
        st.tokens[h] = -1;
      }
    }
  }

  /** Private state after `position` events. */
  at(position: number): PrivateAt {
    const pos = Math.max(0, Math.min(this.cols.count, Math.floor(position)));
    const base = Math.floor(pos / this.every);
    const st = clone(this.checkpoints[base]);
    for (let i = base * this.every; i < pos; i++) this.apply(st, i);
    return st;
  }

  retainedBytes(): number {
    return this.checkpoints.length * (this.queueSize * 5 + 64);
  }
}

function clone(s: PrivateAt): PrivateAt {
  return { heads: s.heads.slice(), tokens: s.tokens.slice(), pops: s.pops, reclaims: s.reclaims, unflushed: s.unflushed, filled: s.filled.slice() };
}
