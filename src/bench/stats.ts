/** Medians and spread for noisy, shared machines: report the middle, not the best. */
export interface Spread {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  samples: number;
}

export function spread(values: number[]): Spread {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.max(0, Math.round(q * (v.length - 1))))];
  return { median: at(0.5), p25: at(0.25), p75: at(0.75), min: v[0], max: v[v.length - 1], samples: v.length };
}

export function fmt(s: Spread, unit: string): string {
  return `${s.median.toFixed(1)} ${unit} (IQR ${s.p25.toFixed(1)}–${s.p75.toFixed(1)}, n=${s.samples})`;
}

/** The 95th percentile, nearest rank below (what the UI benchmark has always reported). */
export function p95(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(0.95 * (values.length - 1))];
}
