/**
 * Timeline → per-queue lanes as typed arrays: what the zoomable timeline and the plots
 * draw, small enough to transfer from the worker (a span is 17 bytes, not an object).
 * Requests overlap, so each lane packs its spans into sub-rows, greedily by start.
 */
import { IN_FLIGHT, inFlightFromSpans, type Timeline } from '../model';

export const MAX_ROWS = 12;

export interface Lane {
  device: string;
  queue: string;
  /** Spans sorted by start. */
  spanStart: Float64Array;
  /** NaN: still in flight when the trace ended. */
  spanEnd: Float64Array;
  /** 0 completed, 1 dropped, 2 unfinished. */
  spanOutcome: Uint8Array;
  /** Sub-row (0 … rows-1). */
  spanRow: Uint8Array;
  rows: number;
  kicks: Float64Array;
  interrupts: Float64Array;
  errors: Float64Array;
  /** In-flight count over time (holds until the next sample). */
  inFlightTime: Float64Array;
  inFlightValue: Float32Array;
}

export function packRows(
  start: Float64Array,
  end: Float64Array,
  maxRows = MAX_ROWS,
): { row: Uint8Array; rows: number } {
  const row = new Uint8Array(start.length);
  const rowEnd: number[] = [];
  for (let i = 0; i < start.length; i++) {
    const e = Number.isNaN(end[i]) ? Infinity : end[i];
    let r = rowEnd.findIndex((x) => x <= start[i]);
    if (r < 0) {
      if (rowEnd.length < maxRows) r = rowEnd.length;
      else {
        // All rows busy: share the one that frees up first.
        r = 0;
        for (let k = 1; k < rowEnd.length; k++) if (rowEnd[k] < rowEnd[r]) r = k;
      }
    }
    rowEnd[r] = Math.max(rowEnd[r] ?? -Infinity, e);
    row[i] = r;
  }
  return { row, rows: Math.max(1, rowEnd.length) };
}

export function timelineLanes(tl: Timeline): Lane[] {
  const key = (d: string, q: string) => `${d}\u0000${q}`;
  const order: { device: string; queue: string }[] = [];
  const seen = new Set<string>();
  const add = (device: string, queue: string) => {
    const k = key(device, queue);
    if (!seen.has(k)) {
      seen.add(k);
      order.push({ device, queue });
    }
  };
  for (const q of tl.queues ?? []) add(q.device, q.queue);
  for (const s of tl.spans) add(s.device, s.queue);
  for (const m of tl.instants) add(m.device, m.queue);
  return order.map(({ device, queue }) => {
    const k = key(device, queue);
    const spans = tl.spans.filter((s) => key(s.device, s.queue) === k).sort((a, b) => a.start - b.start);
    const spanStart = Float64Array.from(spans, (s) => s.start);
    const spanEnd = Float64Array.from(spans, (s) => s.end ?? NaN);
    const spanOutcome = Uint8Array.from(spans, (s) => (s.end === undefined ? 2 : s.outcome === 'dropped' ? 1 : 0));
    const { row, rows } = packRows(spanStart, spanEnd);
    const marks = (kind: string) =>
      Float64Array.from(
        tl.instants.filter((m) => m.kind === kind && key(m.device, m.queue) === k),
        (m) => m.time,
      );
    const counter =
      tl.counters?.find((c) => c.name === IN_FLIGHT && key(c.device, c.queue) === k) ?? inFlightFromSpans(spans);
    return {
      device,
      queue,
      spanStart,
      spanEnd,
      spanOutcome,
      spanRow: row,
      rows,
      kicks: marks('kick'),
      interrupts: marks('interrupt'),
      errors: marks('error'),
      inFlightTime: Float64Array.from(counter.time),
      inFlightValue: Float32Array.from(counter.value),
    };
  });
}

/** Buffers to transfer (not copy) from the worker. */
export function laneBuffers(lanes: Lane[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const l of lanes)
    for (const a of [
      l.spanStart,
      l.spanEnd,
      l.spanOutcome,
      l.spanRow,
      l.kicks,
      l.interrupts,
      l.errors,
      l.inFlightTime,
      l.inFlightValue,
    ])
      out.push(a.buffer as ArrayBuffer);
  return out;
}

/** Index of the first element ≥ x in a sorted array. */
export function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
