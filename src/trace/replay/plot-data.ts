/**
 * Numbers behind the replay plots (pure): the latency histogram over completed requests,
 * and a step series reduced to one min/max pair per pixel column so a million samples
 * draw as fast as a thousand.
 */
import { lowerBound, type Lane } from './lanes';

export interface Histogram {
  edges: number[];
  counts: number[];
  total: number;
  log: boolean;
}

export function latencies(lanes: Lane[]): Float64Array {
  let n = 0;
  for (const l of lanes) for (let i = 0; i < l.spanStart.length; i++) if (l.spanOutcome[i] === 0) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (const l of lanes)
    for (let i = 0; i < l.spanStart.length; i++) if (l.spanOutcome[i] === 0) out[k++] = l.spanEnd[i] - l.spanStart[i];
  return out;
}

/** Bins spread evenly, on a log scale when the values span more than two decades. */
export function histogram(values: Float64Array, bins = 24): Histogram {
  if (values.length === 0) return { edges: [], counts: [], total: 0, log: false };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi === lo) return { edges: [lo, hi + 1], counts: [values.length], total: values.length, log: false };
  const log = lo > 0 && hi / lo > 100;
  const f = log ? Math.log : (x: number) => x;
  const g = log ? Math.exp : (x: number) => x;
  const a = f(lo);
  const b = f(hi);
  const edges = Array.from({ length: bins + 1 }, (_, i) => g(a + ((b - a) * i) / bins));
  edges[0] = lo;
  edges[bins] = hi;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor(((f(v) - a) / (b - a)) * bins))]++;
  return { edges, counts, total: values.length, log };
}

export interface Decimated {
  /** Per pixel column: min and max of the held value over the column (NaN = no data). */
  min: Float32Array;
  max: Float32Array;
}

/** A held (step) series over [t0, t1) in `px` columns. */
export function decimate(time: Float64Array, value: Float32Array, t0: number, t1: number, px: number): Decimated {
  const cols = Math.max(1, Math.floor(px));
  const min = new Float32Array(cols).fill(NaN);
  const max = new Float32Array(cols).fill(NaN);
  if (time.length === 0 || t1 <= t0) return { min, max };
  const span = t1 - t0;
  let i = lowerBound(time, t0);
  // The value held at t0 comes from the sample before it.
  let held = i > 0 ? value[i - 1] : NaN;
  for (let c = 0; c < cols; c++) {
    const start = t0 + (span * c) / cols;
    const end = t0 + (span * (c + 1)) / cols;
    // The held value counts unless a sample replaces it right at the column's start.
    const replaced = i < time.length && time[i] <= start;
    let lo = replaced ? NaN : held;
    let hi = replaced ? NaN : held;
    while (i < time.length && time[i] < end) {
      held = value[i++];
      if (!(held >= lo)) lo = held;
      if (!(held <= hi)) hi = held;
    }
    min[c] = lo;
    max[c] = hi;
    if (i >= time.length && c + 1 < cols) {
      // after the last sample the value holds to the end of the window
      for (let r = c + 1; r < cols; r++) min[r] = max[r] = held;
      break;
    }
  }
  return { min, max };
}

/** The step whose time is nearest `t` (steps sorted by time). */
export function stepAtTime(times: Float64Array, t: number): number {
  const i = lowerBound(times, t);
  if (i >= times.length) return times.length - 1;
  if (i > 0 && t - times[i - 1] < times[i] - t) return i - 1;
  return i;
}
