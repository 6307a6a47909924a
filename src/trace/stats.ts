/** Small numeric helpers for summaries. */

export interface Distribution {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p90: number;
  p99: number;
}

/** Nearest-rank percentile of sorted data (always an observed value). */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Distribution of `values` (NaN-free); null when empty. Sorts a copy. */
export function distribution(values: ArrayLike<number>): Distribution | null {
  const n = values.length;
  if (n === 0) return null;
  const s = Float64Array.from(values as ArrayLike<number>).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i];
  return {
    count: n,
    min: s[0],
    max: s[n - 1],
    mean: sum / n,
    median: percentileSorted(s, 50),
    p90: percentileSorted(s, 90),
    p99: percentileSorted(s, 99),
  };
}

/**
 * Time-weighted mean of a step function (value holds until the next sample) over
 * [time[0], until]. Falls back to the plain mean of samples when the window has no length
 * (everything at one instant).
 */
export function timeWeightedMean(time: readonly number[], value: readonly number[], until: number): number {
  const n = time.length;
  if (n === 0) return 0;
  const t0 = time[0];
  const span = until - t0;
  if (!(span > 0)) {
    let sum = 0;
    for (const v of value) sum += v;
    return sum / n;
  }
  let area = 0;
  for (let i = 0; i < n; i++) {
    const t1 = i + 1 < n ? Math.min(time[i + 1], until) : until;
    if (t1 > time[i]) area += value[i] * (t1 - time[i]);
  }
  return area / span;
}
