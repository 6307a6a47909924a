/**
 * npm run bench — the model's round-trip cost, and (when the native addon is built) the
 * C loops it is compared with, measured in the same process run. Prints a human table
 * and one JSON line per figure (prefix "BENCH ") for machines. Medians and ratios only:
 * the machine is shared and noisy.
 */
import { modelRoundTrip } from './model-roundtrip';
import { jsRingFloor } from './js-ring-floor';
import { jsRingObjects } from './js-ring-objects';
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
// the simulator's calls, which also describe each step as objects for the event log
const e1 = modelRoundTrip(QS, 1, 20_000, samples, true);
const e32 = modelRoundTrip(QS, 32, 20_000, samples, true);
emit({ name: 'model round trip, explained calls, batch 1', unit: 'ns/request', value: e1 });
emit({ name: 'model round trip, explained calls, batch 32', unit: 'ns/request', value: e32 });
// the same work hand-inlined into one JS function: what JavaScript itself costs
const f1 = jsRingFloor(QS, 1, 200_000, samples);
const f32 = jsRingFloor(QS, 32, 200_000, samples);
emit({ name: 'same work as one JS function, batch 1', unit: 'ns/request', value: f1 });
emit({ name: 'same work as one JS function, batch 32', unit: 'ns/request', value: f32 });
// the same work again, split into driver, device and memory objects: what the split itself costs
const o1 = jsRingObjects(QS, 1, 200_000, samples);
const o32 = jsRingObjects(QS, 32, 200_000, samples);
emit({ name: 'same work as driver/device/memory objects, batch 1', unit: 'ns/request', value: o1 });
emit({ name: 'same work as driver/device/memory objects, batch 32', unit: 'ns/request', value: o32 });

const native = await nativeFigures(QS, samples);
if (native.available) {
  for (const f of native.figures) emit(f);
  const c1 = native.cRingLoop.get(1);
  const c32 = native.cRingLoop.get(32);
  if (c1)
    emit({ name: 'ratio model / C ring loop, batch 1', unit: '×', value: m1.median / c1.median, note: 'target ≤ 3' });
  if (c32)
    emit({
      name: 'ratio model / C ring loop, batch 32',
      unit: '×',
      value: m32.median / c32.median,
      note: 'target ≤ 3',
    });
  // The model's distance from C in three factors (they multiply to model / C):
  if (c32)
    emit({
      name: 'ratio one JS function / C ring loop, batch 32',
      unit: '×',
      value: f32.median / c32.median,
      note: 'the language',
    });
  emit({
    name: 'ratio objects / one JS function, batch 32',
    unit: '×',
    value: o32.median / f32.median,
    note: 'splitting driver, device, memory',
  });
  emit({
    name: 'ratio model / objects, batch 32',
    unit: '×',
    value: m32.median / o32.median,
    note: "the model's duties beyond the minimum",
  });
  if (c1)
    emit({
      name: 'ratio objects / C ring loop, batch 1',
      unit: '×',
      value: o1.median / c1.median,
      note: 'a minimal split model',
    });
  if (c32)
    emit({
      name: 'ratio objects / C ring loop, batch 32',
      unit: '×',
      value: o32.median / c32.median,
      note: 'a minimal split model',
    });
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
