/**
 * The driver's and device's private queue state a trace does not write to shared memory
 * — which chain is where, last_avail, last_used, entries filled but not yet published —
 * replayed from the index's kind and head columns. Checkpointed, so asking for any step
 * replays at most one interval, like the index's memory checkpoints. It can follow a trace
 * that is still growing: `extend()` applies the events the columns gained since, and the
 * interval doubles (every other checkpoint dropped) when checkpoints outgrow their budget.
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
  /** Events in the columns (may grow between extend() calls: read the columns afresh each time). */
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
  private every: number;
  private readonly perCheckpoint: number;
  /** checkpoints[k]: the state after k × every events. */
  private checkpoints: PrivateAt[] = [];
  /** The state after `applied` events. */
  private readonly tip: PrivateAt;
  private applied = 0;

  constructor(
    private readonly cols: PrivateColumns,
    readonly queueSize: number,
    /** Memory budget for checkpoints (bytes): over it, the interval doubles. */
    private readonly budget = 16 << 20,
  ) {
    const code = (k: string) => cols.kindNames.indexOf(k);
    this.codes = {
      add: code('add'),
      recycle: code('recycle'),
      pop: code('pop'),
      complete: code('complete'),
      flush: code('flush'),
      reclaim: code('reclaim'),
    };
    this.perCheckpoint = queueSize * 5 + 64;
    // Checkpoints as events are replayed, whether the columns are complete or still growing;
    // a seek never replays more than one interval.
    this.every = 1024;
    this.tip = this.empty();
    this.checkpoints.push(clone(this.tip));
    this.extend();
  }

  /** Events replayed so far: at() answers up to here. */
  get count(): number {
    return this.applied;
  }

  /** Replays the events the columns gained since the last call (a trace still arriving). */
  extend(): void {
    const n = this.cols.count;
    const cols = this.columns();
    for (let i = this.applied; i < n; i++) {
      this.apply(cols, this.tip, i);
      this.applied = i + 1;
      if (this.applied % this.every !== 0) continue;
      this.checkpoints.push(clone(this.tip));
      if (this.checkpoints.length * this.perCheckpoint > this.budget) {
        // Twice the interval: checkpoint k of the new grid is checkpoint 2k of the old one.
        this.every *= 2;
        this.checkpoints = this.checkpoints.filter((_, k) => k % 2 === 0);
      }
    }
  }

  private empty(): PrivateAt {
    return {
      heads: new Uint8Array(this.queueSize),
      tokens: new Int32Array(this.queueSize).fill(-1),
      pops: 0,
      reclaims: 0,
      unflushed: 0,
      filled: [],
    };
  }

  /** The columns as arrays, read once per pass (a growing index hands out fresh views). */
  private columns(): Pick<PrivateColumns, 'kind' | 'head' | 'request'> {
    return { kind: this.cols.kind, head: this.cols.head, request: this.cols.request };
  }

  private apply(cols: Pick<PrivateColumns, 'kind' | 'head' | 'request'>, st: PrivateAt, i: number): void {
    const k = cols.kind[i];
    const c = this.codes;
    const h = cols.head[i];
    const inRange = h >= 0 && h < this.queueSize;
    if (k === c.add || k === c.recycle) {
      if (inRange) {
        st.heads[h] = H_AVAIL;
        if (cols.request[i] >= 0) st.tokens[h] = cols.request[i];
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
    const pos = Math.max(0, Math.min(this.applied, Math.floor(position)));
    const base = Math.floor(pos / this.every);
    const st = clone(this.checkpoints[base]);
    const cols = this.columns();
    for (let i = base * this.every; i < pos; i++) this.apply(cols, st, i);
    return st;
  }

  retainedBytes(): number {
    return (this.checkpoints.length + 1) * this.perCheckpoint;
  }
}

function clone(s: PrivateAt): PrivateAt {
  return {
    heads: s.heads.slice(),
    tokens: s.tokens.slice(),
    pops: s.pops,
    reclaims: s.reclaims,
    unflushed: s.unflushed,
    filled: s.filled.slice(),
  };
}
