/**
 * npm run bench — the model's round-trip cost, and (when the native addon is built) the
 * C loops it is compared with, measured in the same process run. Prints a human table
 * and one JSON line per figure (prefix "BENCH ") for machines. Medians and ratios only:
 * the machine is shared and noisy.
 */
import { modelRoundTrip } from './model-roundtrip';
import { fmt, type Spread } from './stats';
import { nativeFigures } from './native';
import { lisafsFigures } from './lisafs';

interface Figure {
  name: string;
  unit: string;
  value: Spread | number;
  note?: string;
}

const figures: Figure[] = [];
const emit = (f: Figure) => {
  figures.push(f);
  const v = typeof f.value === 'number' ? `${f.value.toFixed(3)} ${f.unit}` : fmt(f.value, f.unit);
  process.stdout.write(`${f.name.padEnd(52)} ${v}${f.note ? `  — ${f.note}` : ''}\n`);
};

const QS = 256;
const samples = Number(process.env.BENCH_SAMPLES ?? 21);
process.stdout.write(`Ringside benchmarks (QS ${QS}, ${samples} samples each, medians)\n\n`);
const m1 = modelRoundTrip(QS, 1, 20_000, samples);
const m32 = modelRoundTrip(QS, 32, 20_000, samples);
emit({ name: 'model round trip, batch 1', unit: 'ns/request', value: m1 });
emit({ name: 'model round trip, batch 32', unit: 'ns/request', value: m32 });

const native = await nativeFigures(QS, samples);
if (native.available) {
  for (const f of native.figures) emit(f);
  const c1 = native.cRingLoop.get(1);
  const c32 = native.cRingLoop.get(32);
  if (c1) emit({ name: 'ratio model / C ring loop, batch 1', unit: '×', value: m1.median / c1.median, note: 'target ≤ 3' });
  if (c32) emit({ name: 'ratio model / C ring loop, batch 32', unit: '×', value: m32.median / c32.median, note: 'target ≤ 3' });
  for (const r of native.ratios) emit(r);
} else {
  process.stdout.write(`\n(native comparisons skipped: ${native.reason})\n`);
}

const lf = await lisafsFigures(Math.min(samples, 11));
if (lf.available) {
  process.stdout.write('\n');
  for (const f of lf.figures) emit(f);
  for (const r of lf.ratios) emit(r);
} else process.stdout.write(`\n(lisafs pool figures skipped: ${lf.reason})\n`);

process.stdout.write('\n');
for (const f of figures) {
  const value = typeof f.value === 'number' ? { value: f.value } : f.value;
  process.stdout.write(`BENCH ${JSON.stringify({ name: f.name, unit: f.unit, ...value })}\n`);
}
