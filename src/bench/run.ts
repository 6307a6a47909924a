/**
 * npm run bench — the model's round-trip cost against the same work in C, in JavaScript as one function and
 * as plain driver/device/memory objects; and (when the native addon is built) the notification and lisafs
 * figures. The machine is shared and noisy, so:
 *  - every ratio is paired: its contenders take their samples in interleaved rounds, the order rotated each
 *    round, and the ratio is computed per round; reported as median and IQR over the rounds;
 *  - the whole comparison runs in BENCH_PROCESSES (default 3) fresh Node processes, one after another, since
 *    what V8 inlines differs from process to process; the parent then reports, per figure, each process's
 *    median and the spread across processes.
 * Every process prints a human table and one `BENCH {json}` line per figure (stats.ts benchLine); the parent's
 * lines have `process: "all"`. BENCH_SAMPLES sets the rounds of the ring comparison (default 21; the notification
 * and lisafs comparisons take at most 15 and 11). BENCH_PROCESS=n runs one comparison in this process instead.
 */
import { spawn } from 'node:child_process';
import { benchContext } from './context';
import { jsRingFloorSampler } from './js-ring-floor';
import { jsRingObjectsSampler } from './js-ring-objects';
import { lisafsFigures } from './lisafs';
import { modelRoundTripSampler } from './model-roundtrip';
import { cRingLoopSampler, loadBridge, nativeNotifications } from './native';
import {
  acrossProcesses,
  type BenchFigure,
  type Across,
  type BenchRecord,
  benchLine,
  digits,
  fmt,
  interleave,
  paired,
  parseBenchLines,
  type PerProcess,
  type Sampler,
  spread,
} from './stats';

const QS = 256;

function show(f: BenchFigure): string {
  const v =
    typeof f.value === 'number'
      ? `${f.value.toFixed(digits(f.value))} ${f.unit}`
      : 'p25' in f.value
        ? fmt(f.value, f.unit)
        : `${f.value.median.toFixed(digits(f.value.median))} ${f.unit}`;
  return `${f.name.padEnd(56)} ${v}${f.note ? `  — ${f.note}` : ''}\n`;
}

/** One comparison, in this process: prints its table, then its BENCH lines. */
async function comparison(): Promise<void> {
  const ctx = benchContext('bench');
  const rounds = Math.max(1, Number(process.env.BENCH_SAMPLES ?? 21));
  const figures: BenchFigure[] = [];
  const emit = (f: BenchFigure) => {
    figures.push(f);
    process.stdout.write(show(f));
  };
  process.stdout.write(
    `Ringside benchmarks, process ${ctx.process ?? 1} (QS ${QS}, ${rounds} interleaved rounds, medians of rounds)\n\n`,
  );
  const loaded = await loadBridge();
  const bridge = 'bridge' in loaded ? loaded.bridge : null;

  // Sample sizes are chosen so that one sample of each contender takes roughly 5–30 ms here: short enough that
  // the contenders of a round see the same machine, long enough that a timer tick is noise.
  const contenders: Record<string, Sampler> = {
    model1: modelRoundTripSampler(QS, 1, 20_000),
    model32: modelRoundTripSampler(QS, 32, 20_000),
    // the simulator's calls, which also describe each step as objects for the event log
    explained1: modelRoundTripSampler(QS, 1, 10_000, true),
    explained32: modelRoundTripSampler(QS, 32, 10_000, true),
    // the same work hand-inlined into one JS function: what JavaScript itself costs
    floor1: jsRingFloorSampler(QS, 1, 50_000),
    floor32: jsRingFloorSampler(QS, 32, 50_000),
    // the same work split into driver, device and memory objects: what the split itself costs
    objects1: jsRingObjectsSampler(QS, 1, 50_000),
    objects32: jsRingObjectsSampler(QS, 32, 50_000),
  };
  if (bridge) {
    contenders.c1 = cRingLoopSampler(bridge, QS, 1, 500_000);
    contenders.c32 = cRingLoopSampler(bridge, QS, 32, 500_000);
  }
  const s = interleave(contenders, rounds);
  const ns = 'ns/request';
  for (const b of [1, 32]) emit({ name: `model round trip, batch ${b}`, unit: ns, value: spread(s[`model${b}`]) });
  for (const b of [1, 32])
    emit({ name: `model round trip, explained calls, batch ${b}`, unit: ns, value: spread(s[`explained${b}`]) });
  for (const b of [1, 32])
    emit({ name: `same work as one JS function, batch ${b}`, unit: ns, value: spread(s[`floor${b}`]) });
  for (const b of [1, 32])
    emit({ name: `same work as driver/device/memory objects, batch ${b}`, unit: ns, value: spread(s[`objects${b}`]) });
  if (bridge)
    for (const b of [1, 32])
      emit({ name: `C ring loop (same work as the model), batch ${b}`, unit: ns, value: spread(s[`c${b}`]) });

  const ratio = (name: string, a: string, b: string, note?: string) =>
    emit({ name, unit: '×', value: paired(s[a], s[b]), ...(note ? { note } : {}) });
  for (const b of [1, 32])
    ratio(`ratio explained / lean model calls, batch ${b}`, `explained${b}`, `model${b}`, 'the event objects');
  if (bridge) {
    for (const b of [1, 32]) ratio(`ratio model / C ring loop, batch ${b}`, `model${b}`, `c${b}`, 'target ≤ 3');
    // The model's distance from C in three factors; each is a median of per-round ratios, so their product is
    // close to model / C but not exactly it.
    for (const b of [1, 32])
      ratio(`ratio one JS function / C ring loop, batch ${b}`, `floor${b}`, `c${b}`, 'the language');
  }
  for (const b of [1, 32])
    ratio(
      `ratio objects / one JS function, batch ${b}`,
      `objects${b}`,
      `floor${b}`,
      'splitting driver, device, memory',
    );
  for (const b of [1, 32])
    ratio(`ratio model / objects, batch ${b}`, `model${b}`, `objects${b}`, "the model's duties beyond the minimum");
  if (bridge)
    for (const b of [1, 32])
      ratio(`ratio objects / C ring loop, batch ${b}`, `objects${b}`, `c${b}`, 'a minimal split model');

  if (bridge) {
    process.stdout.write('\n');
    const n = nativeNotifications(bridge, QS, Math.min(rounds, 15));
    for (const f of [...n.figures, ...n.ratios]) emit(f);
  } else process.stdout.write(`\n(native comparisons skipped: ${(loaded as { reason: string }).reason})\n`);

  const lf = await lisafsFigures(Math.min(rounds, 11));
  if (lf.available) {
    process.stdout.write('\n');
    for (const f of [...lf.figures, ...lf.ratios]) emit(f);
  } else process.stdout.write(`\n(lisafs pool figures skipped: ${lf.reason})\n`);

  process.stdout.write('\n');
  for (const f of figures) process.stdout.write(`${benchLine(f, ctx)}\n`);
}

/** Runs one fresh process of this same script; echoes its output and returns its BENCH records. */
function child(index: number, date: string): Promise<BenchRecord[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, process.argv[1]], {
      env: { ...process.env, BENCH_PROCESS: String(index), BENCH_DATE: date },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => {
      text += d;
      process.stdout.write(d);
    });
    p.on('error', reject);
    p.on('close', (code) => {
      if (code === 0) resolve(parseBenchLines(text));
      else reject(new Error(`benchmark process ${index} exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  if (process.env.BENCH_PROCESS !== undefined) return comparison();
  const processes = Math.max(1, Number(process.env.BENCH_PROCESSES ?? 3));
  const date = new Date().toISOString();
  const t0 = Date.now();
  const all: BenchRecord[][] = [];
  for (let i = 1; i <= processes; i++) {
    process.stdout.write(`\n=== fresh process ${i} of ${processes} ===\n`);
    all.push(await child(i, date));
  }
  const ctx = { ...benchContext('bench'), date, process: 'all' as const };
  const across = acrossProcesses(all);
  process.stdout.write(`\n=== across ${processes} processes (${((Date.now() - t0) / 1000).toFixed(0)} s) ===\n`);
  process.stdout.write('ratio: per process median [IQR] · median over processes (min–max)\n');
  for (const f of across) {
    if (f.unit !== '×') continue;
    const d = 3;
    const per = (f.extra!.perProcess as PerProcess[])
      .map((p) => `${p.median.toFixed(d)}${p.p25 === undefined ? '' : ` [${p.p25.toFixed(d)}–${p.p75!.toFixed(d)}]`}`)
      .join(' · ');
    const v = f.value as Across;
    process.stdout.write(
      `${f.name.padEnd(56)} ${per} · ${v.median.toFixed(d)} (${v.min.toFixed(d)}–${v.max.toFixed(d)})\n`,
    );
  }
  process.stdout.write('\n');
  for (const f of across) process.stdout.write(`${benchLine(f, ctx)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${String((e as Error).stack ?? e)}\n`);
  process.exit(1);
});
