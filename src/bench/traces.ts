/**
 * npm run bench:traces — how fast traces load. Generates a 1,000,000-event Ringside trace
 * with the simulator (cached in .out/), then measures, in the same process run:
 *  - bare JSON.parse of the same lines (the floor), and
 *  - the streaming reader (line splitting, UTF-8 decoding, parsing and validation),
 * and prints their ratio (target ≥ 0.5) and the 1M-event load time; then the replay index
 * the page builds (columns, write log, checkpoints) and its ring-memory seeks, and the QEMU
 * importer on a million lines. Medians of repeats; BENCH lines from stats.ts benchLine.
 */
import { readFileSync, statSync } from 'node:fs';
import { memoryChunks } from '../trace/byte-sources';
import { readRingsideTrace } from '../trace/ringside/read';
import { importQemuTrace } from '../trace/qemu/import';
import { RingsideTraceIndex } from '../trace/replay/ringside-index';
import { millionEventTrace } from './million-events';
import { benchContext } from './context';
import { type BenchFigure, benchLine, fmt, paired, spread } from './stats';

const EVENTS = Number(process.env.BENCH_TRACE_EVENTS ?? 1_000_000);

async function main(): Promise<void> {
  const file = await millionEventTrace(EVENTS);
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  process.stdout.write(`trace: ${lines.length - 1} events, ${(statSync(file).size / 1e6).toFixed(1)} MB\n\n`);
  const repeats = Number(process.env.BENCH_SAMPLES ?? 5);
  const bare: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < repeats; r++) {
    // The floor parses the same lines and keeps the objects, as any loader that replays them must.
    let t0 = process.hrtime.bigint();
    const kept: unknown[] = [];
    for (let i = 1; i < lines.length; i++) kept.push(JSON.parse(lines[i]));
    bare.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (kept.length !== lines.length - 1) throw new Error('bare parse lost lines');
    kept.length = 0;
    t0 = process.hrtime.bigint();
    const t = await readRingsideTrace(memoryChunks(bytes, 1 << 20));
    ours.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (t.events.length !== lines.length - 1) throw new Error('reader lost events');
  }
  const b = spread(bare);
  const o = spread(ours);
  // each repeat parses with both, one after the other: the throughput ratio is taken per repeat (paired)
  const ratio = paired(bare, ours);
  const mb = bytes.length / 1e6;
  const rows: [string, string][] = [
    ['bare JSON.parse of the event lines (objects kept)', fmt(b, 'ms')],
    ['Ringside streaming reader (decode, split, parse, validate)', fmt(o, 'ms')],
    [
      'reader throughput',
      `${(mb / (o.median / 1000)).toFixed(1)} MB/s, ${((lines.length - 1) / (o.median / 1000) / 1e6).toFixed(2)} M events/s`,
    ],
    ['ratio reader / bare JSON.parse throughput', `${fmt(ratio, '×')} (target ≥ 0.5)`],
  ];
  // The replay index (what the page's worker builds) and rebuilding ring memory at random steps.
  const build: number[] = [];
  let index: RingsideTraceIndex | null = null;
  for (let r = 0; r < Math.min(3, repeats); r++) {
    const t0 = process.hrtime.bigint();
    index = await RingsideTraceIndex.build(memoryChunks(bytes, 1 << 20));
    build.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const seeks: number[] = [];
  let x = 12345;
  for (let i = 0; i < 200; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const t0 = process.hrtime.bigint();
    index!.memoryAt(x % (index!.count + 1));
    seeks.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  rows.push([
    'replay index build, 1M events (columns, writes, checkpoints)',
    `${fmt(spread(build), 'ms')}; keeps ${(index!.retainedBytes() / 1e6).toFixed(0)} MB`,
  ]);
  rows.push(['ring memory at a random step (from the nearest checkpoint)', fmt(spread(seeks), 'ms')]);
  // The real QEMU sample, replicated to 1M lines, through the QEMU importer.
  const sample = readFileSync('public/samples/qemu-7.2-linux-6.1-virtio-blk-1q.log', 'utf8');
  const big = sample.repeat(Math.ceil(1_000_000 / sample.split('\n').length));
  const qt: number[] = [];
  for (let r = 0; r < Math.min(3, repeats); r++) {
    const t0 = process.hrtime.bigint();
    await importQemuTrace(memoryChunks(big, 1 << 20));
    qt.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  rows.push(['QEMU importer, 1M lines (the real sample repeated)', fmt(spread(qt), 'ms')]);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(60)} ${v}\n`);
  process.stdout.write('\n');
  const ctx = benchContext('traces');
  const figures: BenchFigure[] = [
    { name: 'trace bare JSON.parse', unit: 'ms', value: b },
    { name: 'trace reader 1M events', unit: 'ms', value: o },
    {
      name: 'replay index build 1M events',
      unit: 'ms',
      value: spread(build),
      extra: { retainedBytes: index!.retainedBytes() },
    },
    { name: 'replay index memoryAt', unit: 'ms', value: spread(seeks) },
    { name: 'ratio reader/JSON.parse throughput', unit: '×', value: ratio, note: 'target ≥ 0.5' },
    { name: 'QEMU importer 1M lines', unit: 'ms', value: spread(qt) },
  ];
  for (const f of figures) process.stdout.write(`${benchLine(f, ctx)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${String((e as Error).stack ?? e)}\n`);
  process.exit(1);
});
