/**
 * Parameter sweeps: the same restore, with the same seed, in both modes, at a range of values of
 * one setting — to show where `--background` pays off and where it stops. A point is nothing but
 * `compareModes` at that value, so a sweep is individual runs side by side; a crossover is where
 * the verdict flips between two neighbouring points. Pure: the view runs it in a worker.
 */
import { compareModes, WIN_MARGIN, type ModeComparison } from './compare';
import { withConfig, type PgallocConfig } from './config';
import { PgallocInvariantError } from './errors';
import { fmtNs } from './format';
import type { PgallocSummary } from './summary';

export type SweepParam = 'inflight' | 'bandwidth' | 'latency' | 'seek' | 'hot';

/** One setting a sweep can vary, in the unit the user sees (all of them whole numbers). */
export interface SweepParamInfo {
  id: SweepParam;
  label: string;
  /** Says what the setting is and what to look for when sweeping it. */
  help: string;
  /** Values spread evenly in log space (counts and rates spanning decades) or linearly. */
  scale: 'log' | 'linear';
  min: number;
  max: number;
  defaultFrom: number;
  defaultTo: number;
  /** The setting's value in `c`, or null when it does not apply (hot set without a locality pattern). */
  get(c: PgallocConfig): number | null;
  set(c: PgallocConfig, v: number): PgallocConfig;
  format(v: number): string;
}

export const SWEEP_PARAMS: Record<SweepParam, SweepParamInfo> = {
  inflight: {
    id: 'inflight',
    label: 'In-flight reads',
    help: 'Reads the loader may have outstanding at once (gVisor: 128). More hide the disk’s latency, but an awaited read queues behind every background read already handed to the disk.',
    scale: 'log',
    min: 1,
    max: 1024,
    defaultFrom: 1,
    defaultTo: 512,
    get: (c) => c.loader.maxInflight,
    set: (c, v) => withConfig(c, { loader: { maxInflight: v } }),
    format: (v) => `${v} in flight`,
  },
  bandwidth: {
    id: 'bandwidth',
    label: 'Disk bandwidth',
    help: 'Transfer rate of the disk holding the pages file. A slow disk makes a synchronous restore wait longer before the first instruction.',
    scale: 'log',
    min: 1,
    max: 100_000,
    defaultFrom: 100,
    defaultTo: 10_000,
    get: (c) => c.disk.bandwidthMBps,
    set: (c, v) => withConfig(c, { disk: { bandwidthMBps: v } }),
    format: (v) => `${v} MB/s`,
  },
  latency: {
    id: 'latency',
    label: 'Disk latency',
    help: 'Wait before a read’s data starts to move. Reads in flight overlap it; an awaited read pays it in full.',
    scale: 'linear',
    min: 0,
    max: 1_000_000,
    defaultFrom: 0,
    defaultTo: 2000,
    get: (c) => c.disk.latencyNs / 1000,
    set: (c, v) => withConfig(c, { disk: { latencyNs: v * 1000 } }),
    format: (v) => `${v} µs latency`,
  },
  seek: {
    id: 'seek',
    label: 'Seek penalty',
    help: 'Extra cost of a read that does not continue where the previous one ended in the pages file. Awaited reads jump around the file; a synchronous restore streams it.',
    scale: 'linear',
    min: 0,
    max: 1_000_000,
    defaultFrom: 0,
    defaultTo: 1000,
    get: (c) => c.disk.seekNs / 1000,
    set: (c, v) => withConfig(c, { disk: { seekNs: v * 1000 } }),
    format: (v) => `${v} µs seek`,
  },
  hot: {
    id: 'hot',
    label: 'Memory the application works in',
    help: 'Share of saved memory the application’s accesses fall in (its hot set), in percent. The more of it the application needs early, the more it waits with --background.',
    scale: 'linear',
    min: 1,
    max: 100,
    defaultFrom: 5,
    defaultTo: 100,
    get: (c) => (c.app.pattern.kind === 'locality' ? Math.round(c.app.pattern.hotFraction * 100) : null),
    set: (c, v) => {
      const p = c.app.pattern;
      if (p.kind !== 'locality')
        throw new PgallocInvariantError('bad-config', 'the hot set applies only to the locality access pattern');
      return withConfig(c, { app: { pattern: { ...p, hotFraction: v / 100 } } });
    },
    format: (v) => `${v}% of memory`,
  },
};

export const SWEEP_PARAM_IDS = Object.keys(SWEEP_PARAMS) as SweepParam[];
export const SWEEP_MIN_POINTS = 2;
export const SWEEP_MAX_POINTS = 32;

export interface SweepSpec {
  param: SweepParam;
  from: number;
  to: number;
  points: number;
}

/** Refuse a sweep the model cannot run, with a message a UI can show. */
export function validateSweep(spec: SweepSpec, base: PgallocConfig): void {
  const info = SWEEP_PARAMS[spec.param];
  const bad = (what: string) => {
    throw new PgallocInvariantError('bad-config', what);
  };
  if (!info) bad(`unknown sweep parameter ${String(spec.param)}`);
  for (const v of [spec.from, spec.to]) {
    if (!Number.isInteger(v) || v < info.min || v > info.max)
      bad(`${info.label}: values must be whole numbers from ${info.min} to ${info.max}`);
  }
  if (!Number.isInteger(spec.points) || spec.points < SWEEP_MIN_POINTS || spec.points > SWEEP_MAX_POINTS)
    bad(`a sweep has ${SWEEP_MIN_POINTS} to ${SWEEP_MAX_POINTS} points`);
  if (info.get(base) === null) bad(`${info.label} does not apply to this scenario’s access pattern`);
}

/**
 * The values a sweep visits: `points` of them from `from` to `to` (either order), evenly spaced in
 * the parameter's scale, rounded to whole numbers, ascending, without repeats — so a narrow range
 * may give fewer points than asked. `spec` must have passed validateSweep (whole numbers, at least
 * two points).
 */
export function sweepValues(spec: SweepSpec): number[] {
  const info = SWEEP_PARAMS[spec.param];
  const lo = Math.min(spec.from, spec.to);
  const hi = Math.max(spec.from, spec.to);
  const n = spec.points;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = i === 0 ? lo : i === n - 1 ? hi : Math.round(lerpIn(info.scale, lo, hi, i / (n - 1)));
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

/** The value a fraction `t` of the way from `a` to `b`, in the given scale. */
function lerpIn(scale: 'log' | 'linear', a: number, b: number, t: number): number {
  if (scale === 'log' && a > 0 && b > 0) return Math.exp(Math.log(a) + t * (Math.log(b) - Math.log(a)));
  return a + t * (b - a);
}

/** The figures a sweep plots, for one mode at one value. */
export interface SweepFigures {
  firstInstructionNs: number | null;
  stallNs: number;
  restoreNs: number | null;
  finishNs: number | null;
  failed: boolean;
}

export interface SweepPoint {
  value: number;
  sync: SweepFigures;
  background: SweepFigures;
  /** The model's verdict at this value (see compareModes). */
  backgroundWins: boolean;
  /** By how much the gain clears the win margin (see compareModes); > 0 exactly when background wins. Null if a run did not finish. */
  winMarginNs: number | null;
}

function figuresOf(s: PgallocSummary): SweepFigures {
  return {
    firstInstructionNs: s.timeToFirstInstructionNs,
    stallNs: s.totalStallNs,
    restoreNs: s.restoreTimeNs,
    finishNs: s.appFinishNs,
    failed: s.failed,
  };
}

/** The point a comparison of both modes at `value` gives (tests build expected points with it). */
export function pointOf(value: number, c: ModeComparison): SweepPoint {
  return {
    value,
    sync: figuresOf(c.sync),
    background: figuresOf(c.background),
    backgroundWins: c.backgroundWins,
    winMarginNs: c.winMarginNs,
  };
}

/** The config of one point: `base` with the swept setting at `value` (the mode is left to compareModes). */
export function sweepConfig(base: PgallocConfig, param: SweepParam, value: number): PgallocConfig {
  return SWEEP_PARAMS[param].set(base, value);
}

/** One point of a sweep: both modes at `value`, same seed. */
export function sweepPoint(base: PgallocConfig, seed: number, param: SweepParam, value: number): SweepPoint {
  return pointOf(value, compareModes(sweepConfig(base, param, value), seed));
}

/** What computing a sweep reports, one message at a time: each point, then done — or an error, which ends it. */
export type SweepProgress =
  | { type: 'point'; index: number; point: SweepPoint }
  | { type: 'done' }
  | { type: 'error'; message: string };

/**
 * The points at `values`, one per step, then `done`; a failure becomes an `error` step and ends
 * the sweep. Lazy, so a caller may yield to other work between points (or stop) as it pleases.
 */
export function* sweepSteps(
  base: PgallocConfig,
  seed: number,
  param: SweepParam,
  values: readonly number[],
): Generator<SweepProgress, void, void> {
  try {
    for (let index = 0; index < values.length; index++)
      yield { type: 'point', index, point: sweepPoint(base, seed, param, values[index]) };
    yield { type: 'done' };
  } catch (e) {
    yield { type: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

/** A whole sweep at once (tests, command lines); the view computes the same points one by one. */
export function runSweep(base: PgallocConfig, seed: number, spec: SweepSpec): SweepPoint[] {
  validateSweep(spec, base);
  return sweepValues(spec).map((v) => sweepPoint(base, seed, spec.param, v));
}

export interface Crossover {
  /** The verdict differs between points[index] and points[index + 1]. */
  index: number;
  /** Where the win margin reaches zero, interpolated in the parameter's scale between the two values. */
  value: number;
  /** Background wins on the lower side: it stops winning as the value grows. */
  backgroundWinsBelow: boolean;
}

/**
 * Every place where the verdict flips between neighbouring points (ascending values). The margin
 * by which background's gain clears the win threshold is interpolated to zero between the two;
 * if a run did not finish there is no margin, and the midpoint is used.
 */
export function findCrossovers(points: readonly SweepPoint[], scale: 'log' | 'linear'): Crossover[] {
  const out: Crossover[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (a.backgroundWins === b.backgroundWins) continue;
    const ma = a.winMarginNs;
    const mb = b.winMarginNs;
    const t = ma !== null && mb !== null && ma !== mb ? ma / (ma - mb) : 0.5;
    out.push({
      index: i,
      value: lerpIn(scale, a.value, b.value, Math.min(1, Math.max(0, t))),
      backgroundWinsBelow: a.backgroundWins,
    });
  }
  return out;
}

/** A value for a sentence: whole numbers as they are, interpolated ones to two significant digits. */
function approx(v: number): number {
  return Number.isInteger(v) ? v : Number(v.toPrecision(2));
}

/**
 * In words: where background wins over the swept range, where it stops, and by how much at the
 * ends. `crossovers` are findCrossovers of the points, for a caller that has them already.
 */
export function describeSweep(
  spec: SweepSpec,
  points: readonly SweepPoint[],
  crossovers?: readonly Crossover[],
): string {
  if (points.length === 0) return '';
  const info = SWEEP_PARAMS[spec.param];
  const first = points[0];
  const last = points[points.length - 1];
  const range = `from ${info.format(first.value)} to ${info.format(last.value)}`;
  const finish = (p: SweepPoint) =>
    p.sync.finishNs === null || p.background.finishNs === null
      ? 'a run did not finish'
      : `the application finishes at ${fmtNs(p.background.finishNs)} with --background and ${fmtNs(p.sync.finishNs)} with a synchronous restore`;
  const wins = points.filter((p) => p.backgroundWins).length;
  const cross = crossovers ?? findCrossovers(points, info.scale);
  if (wins === points.length) {
    const worst = points.reduce((w, p) => ((p.winMarginNs ?? 0) < (w.winMarginNs ?? 0) ? p : w));
    return `Background wins across the whole range, ${range}: no crossover in range. Its lead is smallest at ${info.format(worst.value)}, where ${finish(worst)}.`;
  }
  if (wins === 0) {
    return `Background never wins ${range}: the application always runs its first instruction sooner, but never finishes more than ${WIN_MARGIN * 100}% sooner. At ${info.format(last.value)}, ${finish(last)}.`;
  }
  const flips = cross.map(
    (c) =>
      `${c.backgroundWinsBelow ? 'stops' : 'starts'} winning at about ${info.format(approx(c.value))} (between ${info.format(points[c.index].value)} and ${info.format(points[c.index + 1].value)})`,
  );
  return `Background ${flips.join(', then ')}. At ${info.format(first.value)}, ${finish(first)}; at ${info.format(last.value)}, ${finish(last)}.`;
}
