/**
 * What the pgalloc view draws, computed from the model's state and events. Pure; unit-tested.
 */
import { PAGE_HOLE, PAGE_LOADED, PAGE_STARTED, type PgallocState, type PgEvent } from '../../model/pgalloc';

/** Page classes, in increasing urgency: a cell covering several pages shows the most urgent. */
export const CLS_HOLE = 0;
export const CLS_LOADED = 1;
export const CLS_UNLOADED = 2;
export const CLS_INFLIGHT = 3;
export const CLS_QUEUED = 4;
/** Added to a class when a thread is waiting for that page. */
export const AWAITED = 8;

export const CLASS_NAMES: Record<number, string> = {
  [CLS_HOLE]: 'hole',
  [CLS_LOADED]: 'loaded',
  [CLS_UNLOADED]: 'unloaded',
  [CLS_INFLIGHT]: 'in flight',
  [CLS_QUEUED]: 'queued',
};

/** One byte per page: its class, plus AWAITED if a thread waits for it. */
export function classifyPages(s: Readonly<PgallocState>): Uint8Array {
  const n = s.page.length;
  const out = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const st = s.page[p];
    out[p] =
      st === PAGE_HOLE ? CLS_HOLE : st === PAGE_LOADED ? CLS_LOADED : st === PAGE_STARTED ? CLS_INFLIGHT : CLS_UNLOADED;
    if (s.waitCount[p] > 0) out[p] |= AWAITED;
  }
  // The priority deque holds awaited ranges that no read has started yet.
  for (const e of s.loader.priority)
    for (let p = e.memPage; p < e.memPage + e.pages; p++) out[p] = CLS_QUEUED | (out[p] & AWAITED);
  return out;
}

/** Fold pages into cells of `cellPages` each, keeping the most urgent class and any awaited mark. */
export function foldCells(classes: Uint8Array, cellPages: number): Uint8Array {
  const cells = Math.ceil(classes.length / cellPages);
  const out = new Uint8Array(cells);
  for (let c = 0; c < cells; c++) {
    let cls = 0;
    let aw = 0;
    const end = Math.min(classes.length, (c + 1) * cellPages);
    for (let p = c * cellPages; p < end; p++) {
      const v = classes[p];
      if ((v & 7) > cls) cls = v & 7;
      aw |= v & AWAITED;
    }
    out[c] = cls | aw;
  }
  return out;
}

/** Counts of each class (awaited counted separately), for the legend and tests. */
export function classCounts(classes: Uint8Array): {
  hole: number;
  loaded: number;
  unloaded: number;
  inflight: number;
  queued: number;
  awaited: number;
} {
  const c = { hole: 0, loaded: 0, unloaded: 0, inflight: 0, queued: 0, awaited: 0 };
  for (const v of classes) {
    if (v & AWAITED) c.awaited++;
    const k = v & 7;
    if (k === CLS_HOLE) c.hole++;
    else if (k === CLS_LOADED) c.loaded++;
    else if (k === CLS_UNLOADED) c.unloaded++;
    else if (k === CLS_INFLIGHT) c.inflight++;
    else c.queued++;
  }
  return c;
}

/**
 * How to lay `pages` out as a strip of rows: pages per cell and cells per row, so the strip fits
 * `maxCells` cells (one or more pixels each) whatever the memory size.
 */
export function stripGeometry(
  pages: number,
  maxCells: number,
  perRow: number,
): { cellPages: number; cells: number; rows: number; perRow: number } {
  const cellPages = Math.max(1, Math.ceil(pages / maxCells));
  const cells = Math.ceil(pages / cellPages);
  const row = Math.min(perRow, cells);
  return { cellPages, cells, rows: Math.ceil(cells / row), perRow: row };
}

export interface Segment {
  from: number;
  to: number;
  kind: 'run' | 'stall';
}

export interface ThreadLane {
  thread: number;
  segments: Segment[];
  /** When the thread ended and how; null if it was still going at `until`. */
  end: { at: number; fate: 'done' | 'faulted' } | null;
}

/**
 * Each application thread's history: running from the first instruction, stalled from a blocked
 * access until the read that completes its range, ended by finishing or by EIO. Built from the
 * events up to `until` (the current time), so an open segment ends there.
 */
export function threadLanes(events: readonly PgEvent[], threads: number, until: number): ThreadLane[] {
  const lanes: ThreadLane[] = Array.from({ length: threads }, (_, thread) => ({ thread, segments: [], end: null }));
  const open: (Segment | null)[] = new Array(threads).fill(null);
  const begin = (t: number, at: number, kind: Segment['kind']) => {
    const cur = open[t];
    if (cur) {
      if (cur.kind === kind) return;
      cur.to = at;
    }
    const seg = { from: at, to: at, kind };
    lanes[t].segments.push(seg);
    open[t] = seg;
  };
  const stop = (t: number, at: number, fate: 'done' | 'faulted') => {
    const cur = open[t];
    if (cur) cur.to = at;
    open[t] = null;
    lanes[t].end = { at, fate };
  };
  for (const e of events) {
    if (e.time > until) break;
    switch (e.kind) {
      case 'app-start':
        for (let t = 0; t < threads; t++) begin(t, e.time, 'run');
        break;
      case 'access-blocked':
        begin(e.thread!, e.time, 'stall');
        break;
      case 'read-complete':
        for (const t of e.woken ?? []) begin(t, e.time, 'run');
        break;
      case 'short-read':
        for (const t of e.woken ?? []) stop(t, e.time, 'faulted');
        break;
      case 'access-eio':
        stop(e.thread!, e.time, 'faulted');
        break;
      case 'thread-done':
        stop(e.thread!, e.time, 'done');
        break;
      default:
        break;
    }
  }
  for (const s of open) if (s) s.to = until;
  return lanes;
}

/** Total stall of all lanes: equals the model's totalStallNs once the run is over. */
export function totalStall(lanes: ThreadLane[]): number {
  let t = 0;
  for (const l of lanes) for (const s of l.segments) if (s.kind === 'stall') t += s.to - s.from;
  return t;
}
