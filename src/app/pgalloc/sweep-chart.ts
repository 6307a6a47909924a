/**
 * What the sweep plot draws, as plain data: the four figures per mode along the swept values, the
 * crossovers, and the stretches of the range where background wins. Pure; unit-tested.
 */
import {
  findCrossovers,
  SWEEP_PARAMS,
  WIN_MARGIN,
  type Crossover,
  type RestoreMode,
  type SweepFigures,
  type SweepParam,
  type SweepPoint,
  type SweepSpec,
} from '../../model/pgalloc';

/** The unit each swept setting is typed and plotted in (in-flight reads are a plain count). */
export const SWEEP_UNIT: Record<SweepParam, string | undefined> = {
  inflight: undefined,
  bandwidth: 'MB/s',
  latency: 'µs',
  seek: 'µs',
  hot: '%',
};

/** What the x axis of every sweep chart measures, in words. */
export function xAxisCaption(spec: SweepSpec): string {
  const info = SWEEP_PARAMS[spec.param];
  const unit = SWEEP_UNIT[spec.param];
  return `Across: ${info.label.toLowerCase()}${unit ? ` (${unit})` : ''}, ${info.scale === 'log' ? 'log scale' : 'linear scale'}.`;
}

export type SweepMetric = 'ttfi' | 'stall' | 'restore' | 'finish';

export const SWEEP_METRICS: {
  key: SweepMetric;
  label: string;
  help: string;
  get: (f: SweepFigures) => number | null;
}[] = [
  {
    key: 'ttfi',
    label: 'Time to first instruction',
    help: 'When the application starts. Background starts right after the kernel is restored, whatever the disk.',
    get: (f) => f.firstInstructionNs,
  },
  {
    key: 'stall',
    label: 'Total application stall',
    help: 'Time threads spent blocked on memory, summed over threads. Zero for a synchronous restore.',
    get: (f) => f.stallNs,
  },
  {
    key: 'restore',
    label: 'Total restore time',
    help: 'When the last saved page is in memory. Urgent reads that jump around the file can make it later with --background.',
    get: (f) => f.restoreNs,
  },
  {
    key: 'finish',
    label: 'Application finishes',
    help: `When every thread is done: the figure that decides whether background wins (by more than ${WIN_MARGIN * 100}%).`,
    get: (f) => f.finishNs,
  },
];

export const SWEEP_MODES: RestoreMode[] = ['sync', 'background'];

export interface SeriesPoint {
  index: number;
  value: number;
  ns: number | null;
}

/** One line: the metric for one mode at every computed point (points not computed yet are left out). */
export function metricSeries(
  points: readonly (SweepPoint | null)[],
  metric: SweepMetric,
  mode: RestoreMode,
): SeriesPoint[] {
  const get = SWEEP_METRICS.find((m) => m.key === metric)!.get;
  const out: SeriesPoint[] = [];
  points.forEach((p, index) => {
    if (p) out.push({ index, value: p.value, ns: get(p[mode]) });
  });
  return out;
}

/** Top of the y axis for a metric: the largest value of either mode, at least 1 ns so a flat zero still draws. */
export function metricMax(points: readonly (SweepPoint | null)[], metric: SweepMetric): number {
  let max = 1;
  for (const mode of SWEEP_MODES)
    for (const s of metricSeries(points, metric, mode)) if (s.ns !== null && s.ns > max) max = s.ns;
  return max;
}

/** The computed points, in order, only when all are in (crossovers need neighbours). */
export function completePoints(points: readonly (SweepPoint | null)[]): SweepPoint[] | null {
  return points.length > 0 && points.every((p) => p !== null) ? (points as SweepPoint[]) : null;
}

export function crossoversOf(spec: SweepSpec, points: readonly (SweepPoint | null)[]): Crossover[] {
  const all = completePoints(points);
  return all ? findCrossovers(all, SWEEP_PARAMS[spec.param].scale) : [];
}

/**
 * Stretches of the swept range where background wins, in the parameter's units: from one end or
 * crossover to the next, wherever the points there say it wins.
 */
export function winBands(
  points: readonly SweepPoint[],
  crossovers: readonly Crossover[],
): { from: number; to: number }[] {
  if (points.length === 0) return [];
  const edges = [points[0].value, ...crossovers.map((c) => c.value), points[points.length - 1].value];
  const bands: { from: number; to: number }[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    // The stretch after crossover k-1 begins with point index crossovers[k-1].index + 1.
    const first = k === 0 ? points[0] : points[crossovers[k - 1].index + 1];
    if (first.backgroundWins) bands.push({ from: edges[k], to: edges[k + 1] });
  }
  return bands;
}
