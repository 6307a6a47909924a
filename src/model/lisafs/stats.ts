/** Small figure helpers shared by the summaries. Pure functions over plain samples. */

export interface LatencyStats {
  count: number;
  meanNs: number;
  p50Ns: number;
  p99Ns: number;
  maxNs: number;
}

/** Nearest-rank percentile of an ascending array; 0 for an empty one. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function latencyStats(values: readonly number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    meanNs: sorted.length ? sum / sorted.length : 0,
    p50Ns: percentile(sorted, 50),
    p99Ns: percentile(sorted, 99),
    maxNs: sorted.length ? sorted[sorted.length - 1] : 0,
  };
}

/**
 * Time-weighted mean of a step function given as (time, value) samples, up to `end`. Each
 * sample's value holds until the next sample.
 */
export function timeWeightedMean(samples: readonly { time: number; value: number }[], end: number): number {
  if (samples.length === 0) return 0;
  const start = samples[0].time;
  if (end <= start) return samples[samples.length - 1].value;
  let area = 0;
  for (let i = 0; i < samples.length; i++) {
    const t0 = samples[i].time;
    const t1 = i + 1 < samples.length ? samples[i + 1].time : end;
    area += samples[i].value * Math.max(0, t1 - t0);
  }
  return area / (end - start);
}
