/**
 * Medians and spread for noisy, shared machines: report the middle, not the best. Also the pieces every
 * benchmark shares — interleaved rounds with the order rotated, paired per-round ratios, and the one emitter
 * of `BENCH {json}` lines (and its parser). No Node imports: the lessons' cost meter uses this in the page.
 */
export interface Spread {
  median: number;
  p25: number;
  p75: number;
  p95: number;
  min: number;
  max: number;
  samples: number;
}

export function spread(values: readonly number[]): Spread {
  // no samples (an aborted run): NaN figures that print as NaN rather than undefined ones that throw
  if (values.length === 0) return { median: NaN, p25: NaN, p75: NaN, p95: NaN, min: NaN, max: NaN, samples: 0 };
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.max(0, Math.round(q * (v.length - 1))))];
  return {
    median: at(0.5),
    p25: at(0.25),
    p75: at(0.75),
    p95: p95(v),
    min: v[0],
    max: v[v.length - 1],
    samples: v.length,
  };
}

export function fmt(s: Spread, unit: string): string {
  const d = digits(s.median);
  return `${s.median.toFixed(d)} ${unit} (IQR ${s.p25.toFixed(d)}–${s.p75.toFixed(d)}, n=${s.samples})`;
}

/** Decimals that keep three significant figures for small values and none wasted on large ones. */
export function digits(v: number): number {
  const a = Math.abs(v);
  return a >= 100 ? 1 : a >= 10 ? 2 : 3;
}

/** The 95th percentile, nearest rank below (what the UI benchmark has always reported). */
export function p95(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(0.95 * (values.length - 1))];
}

/**
 * A measurement that is set up and warmed up already: each `sample()` runs one timed sample and returns its
 * figure (ns per request, ns per round trip…). `close()` releases whatever it holds (threads, fds).
 */
export interface Sampler {
  sample(): number;
  close?(): void;
}

/** `n` samples one after another, as the benchmarks did before rounds were interleaved. */
export function collect(s: Sampler, n: number): Spread {
  const v: number[] = [];
  for (let i = 0; i < n; i++) v.push(s.sample());
  return spread(v);
}

/**
 * The order of round `round` for `n` contenders: 0..n-1 rotated left by the round number. Over any n consecutive
 * rounds every contender runs once in every position, so none is always first (cold caches, a fresh time slice)
 * or always right after the heaviest one.
 */
export function rotation(n: number, round: number): number[] {
  const k = ((round % n) + n) % n;
  return Array.from({ length: n }, (_, i) => (i + k) % n);
}

/**
 * Runs `rounds` rounds; in each, every contender takes one sample, in the rotated order. Result: per contender,
 * its samples indexed by round, so that `paired(a, b)` divides samples taken a few milliseconds apart — load from
 * other tenants of a shared machine then hits both sides of a ratio alike instead of one block of samples.
 */
export function interleave<K extends string>(contenders: Record<K, Sampler>, rounds: number): Record<K, number[]> {
  const keys = Object.keys(contenders) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, new Array<number>(rounds)])) as Record<K, number[]>;
  for (let r = 0; r < rounds; r++)
    for (const i of rotation(keys.length, r)) out[keys[i]][r] = contenders[keys[i]].sample();
  return out;
}

/** The spread of per-round ratios a[i] / b[i] (paired: both taken in the same round). */
export function paired(a: readonly number[], b: readonly number[]): Spread {
  if (a.length !== b.length || a.length === 0) throw new Error(`paired ratio of ${a.length} and ${b.length} samples`);
  return spread(a.map((x, i) => x / b[i]));
}

/** Where a figure comes from: this run, or quoted from elsewhere (a published figure, another machine). */
export type Origin = 'measured' | 'reference';

/** What every BENCH line of one benchmark process shares. */
export interface BenchContext {
  /** Which benchmark printed it: bench, devices, traces, ui. */
  bench: string;
  /** ISO time the run started (one for all processes of an `npm run bench`). */
  date: string;
  /** 1-based index of the fresh process that measured it, or 'all' for a figure across processes. */
  process?: number | 'all';
  cpus?: number;
  cpu?: string;
  node?: string;
}

/** A figure across the fresh processes of one run: the median, min and max of their medians. */
export interface Across {
  median: number;
  min: number;
  max: number;
  processes: number;
}

export interface PerProcess {
  process: number;
  median: number;
  p25?: number;
  p75?: number;
  p95?: number;
  samples?: number;
}

export interface BenchFigure {
  name: string;
  unit: string;
  value: Spread | Across | number;
  origin?: Origin;
  note?: string;
  /** Anything else the figure wants on its line (request counts, per-process medians…). */
  extra?: Record<string, unknown>;
}

/** One parsed BENCH line. Spread figures have median…samples; single figures have value. */
export interface BenchRecord {
  name: string;
  unit: string;
  origin: Origin;
  median?: number;
  p25?: number;
  p75?: number;
  p95?: number;
  min?: number;
  max?: number;
  samples?: number;
  value?: number;
  note?: string;
  processes?: number;
  perProcess?: PerProcess[];
  bench?: string;
  date?: string;
  process?: number | 'all';
  cpus?: number;
  cpu?: string;
  node?: string;
  [field: string]: unknown;
}

export function benchRecord(f: BenchFigure, ctx: BenchContext): BenchRecord {
  const value = typeof f.value === 'number' ? { value: f.value } : { ...f.value };
  return {
    name: f.name,
    unit: f.unit,
    origin: f.origin ?? 'measured',
    ...value,
    ...(f.note === undefined ? {} : { note: f.note }),
    ...f.extra,
    ...ctx,
  };
}

/** The one emitter of machine-readable figures: `BENCH {json}`. */
export function benchLine(f: BenchFigure, ctx: BenchContext): string {
  return `BENCH ${JSON.stringify(benchRecord(f, ctx))}`;
}

/** Every BENCH line in a log (other lines, and lines that are not valid JSON objects with a name, are skipped). */
export function parseBenchLines(text: string): BenchRecord[] {
  const out: BenchRecord[] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf('BENCH {');
    if (at < 0) continue;
    try {
      const r = JSON.parse(line.slice(at + 6)) as BenchRecord;
      if (typeof r?.name === 'string' && typeof r.unit === 'string') out.push({ ...r, origin: r.origin ?? 'measured' });
    } catch {
      // a line cut short (an interrupted run) is not a figure
    }
  }
  return out;
}

/** Whether a record's field holds a figure: a finite number (optional fields may be missing). */
export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The centre of a record: its median, or its single value. */
export function centre(r: BenchRecord): number | undefined {
  return typeof r.median === 'number' ? r.median : typeof r.value === 'number' ? r.value : undefined;
}

/**
 * Per figure measured in every process (same name and unit, origin measured): each process's median (with its
 * IQR when it has samples), and the median, min and max across processes. Figures missing from a process are
 * left out rather than summarised over fewer processes.
 */
export function acrossProcesses(perProcess: readonly BenchRecord[][]): BenchFigure[] {
  const out: BenchFigure[] = [];
  for (const r of perProcess[0] ?? []) {
    if (r.origin !== 'measured' || centre(r) === undefined) continue;
    const same = perProcess.map((rs) => rs.find((x) => x.name === r.name && x.unit === r.unit));
    if (same.some((x) => x === undefined || centre(x) === undefined)) continue;
    const found = same as BenchRecord[];
    const medians = found.map((x) => centre(x) as number);
    const s = spread(medians);
    const per: PerProcess[] = found.map((x, i) => ({
      process: typeof x.process === 'number' ? x.process : i + 1,
      median: medians[i],
      ...(typeof x.p25 === 'number' ? { p25: x.p25, p75: x.p75, p95: x.p95, samples: x.samples } : {}),
    }));
    out.push({
      name: r.name,
      unit: r.unit,
      value: { median: s.median, min: s.min, max: s.max, processes: medians.length },
      ...(r.note ? { note: r.note } : {}),
      extra: { perProcess: per },
    });
  }
  return out;
}
