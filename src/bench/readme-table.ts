/**
 * The README's benchmark table, written from saved benchmark output and never by hand: BENCH lines in
 * (stats.ts parseBenchLines), a dated markdown table out, placed between two marker comments. Rows exist only
 * for figures the given logs contain; targets are checked here, from the figures, so "met" is never typed.
 * Pure (no Node imports): readme-main.mts reads and writes the files.
 */
import { type BenchRecord, centre, type PerProcess, parseBenchLines } from './stats';

export const START = '<!-- bench-table:start -->';
export const END = '<!-- bench-table:end -->';

/** A target and how to decide it from the figure's record (null: the record lacks what the check needs). */
export interface Target {
  text: string;
  met(r: BenchRecord): boolean | null;
}

export interface RowSpec {
  bench: string;
  name: string;
  unit?: string;
  label: string;
  target?: Target;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** ≤ `each` in every process and ≤ `median` over processes (issue 16's model / C target). */
export function everyProcess(each: number, median: number): Target {
  return {
    text: `≤ ${each.toFixed(1)}× in every process, median over processes ≤ ${median.toFixed(1)}×`,
    met(r) {
      const m = centre(r);
      if (!num(m)) return null;
      const per = r.perProcess ?? [{ process: 1, median: m }];
      return per.every((p) => p.median <= each) && m <= median;
    },
  };
}

export function atMost(limit: number, unit = '×'): Target {
  return {
    text: `≤ ${limit}${unitSuffix(unit)}`,
    met: (r) => (num(centre(r)) ? (centre(r) as number) <= limit : null),
  };
}

export function atLeast(limit: number, unit = '×'): Target {
  return {
    text: `≥ ${limit}${unitSuffix(unit)}`,
    met: (r) => (num(centre(r)) ? (centre(r) as number) >= limit : null),
  };
}

export function p95AtMost(limit: number, unit: string): Target {
  return { text: `p95 ≤ ${limit}${unitSuffix(unit)}`, met: (r) => (num(r.p95) ? r.p95 <= limit : null) };
}

export function slowestAtMost(limit: number, unit: string): Target {
  return { text: `every one ≤ ${limit}${unitSuffix(unit)}`, met: (r) => (num(r.max) ? r.max <= limit : null) };
}

function unitSuffix(unit: string): string {
  return unit === '×' ? '×' : ` ${unit}`;
}

const ring = 'add → kick decision → pop with every check → fill/flush → interrupt decision → reclaim, QS 256';

function ringRows(): RowSpec[] {
  const rows: RowSpec[] = [];
  const per = (b: number, name: string, label: string, target?: Target) =>
    rows.push({ bench: 'bench', name: name.replace('{b}', String(b)), label: `${label}, batch ${b}`, target });
  for (const b of [1, 32]) per(b, 'model round trip, batch {b}', `model round trip (${ring})`);
  for (const b of [1, 32])
    per(
      b,
      'model round trip, explained calls, batch {b}',
      'the same through the calls that also describe each step (what the simulator logs)',
    );
  for (const b of [1, 32])
    per(
      b,
      'C ring loop (same work as the model), batch {b}',
      'C ring loop doing the same work (same checks and state)',
    );
  for (const b of [1, 32])
    per(b, 'same work as one JS function, batch {b}', 'the same work as one JavaScript function');
  for (const b of [1, 32])
    per(
      b,
      'same work as driver/device/memory objects, batch {b}',
      'the same work as driver, device and memory objects',
    );
  for (const b of [1, 32])
    per(b, 'ratio model / C ring loop, batch {b}', 'ratio model / C ring loop', everyProcess(3.0, 2.8));
  for (const b of [1, 32])
    per(b, 'ratio one JS function / C ring loop, batch {b}', 'factor 1, the language: one JS function / C');
  for (const b of [1, 32])
    per(b, 'ratio objects / one JS function, batch {b}', 'factor 2, the split: objects / one JS function');
  for (const b of [1, 32]) per(b, 'ratio model / objects, batch {b}', "factor 3, the model's duties: model / objects");
  for (const b of [1, 32]) per(b, 'ratio objects / C ring loop, batch {b}', 'ratio objects / C ring loop');
  for (const b of [1, 32])
    per(b, 'ratio explained / lean model calls, batch {b}', 'ratio explained calls / lean calls of the model');
  return rows;
}

/** The rows, in table order: which figure, in which benchmark's log, described how, against which target. */
export const ROWS: RowSpec[] = [
  ...ringRows(),
  { bench: 'bench', name: 'C↔C eventfd round trip (two threads)', label: 'C↔C eventfd round trip (two threads)' },
  {
    bench: 'bench',
    name: 'JS driver ↔ native device, unbatched',
    unit: 'ns/request',
    label: 'JS driver ↔ native device over eventfds, unbatched',
  },
  {
    bench: 'bench',
    name: 'ratio JS↔native unbatched / C↔C eventfd',
    label: 'ratio JS driver ↔ native device, unbatched / C↔C eventfd round trip',
    target: atMost(1.5),
  },
  {
    bench: 'bench',
    name: 'C driver ↔ native device, batch 32, EVENT_IDX',
    label: 'C driver ↔ native device, batch 32, EVENT_IDX',
  },
  {
    bench: 'bench',
    name: 'JS driver ↔ native device, batch 32, EVENT_IDX',
    label: 'JS driver ↔ native device, batch 32, EVENT_IDX',
  },
  {
    bench: 'bench',
    name: 'ratio JS / C driver throughput, batch 32',
    label: 'ratio JS / C driver throughput on the native device, batch 32, EVENT_IDX',
    target: atLeast(0.8),
  },
  {
    bench: 'bench',
    name: 'ratio lisafs socket / channel (futex), C client',
    label: 'lisafs pool: socket / futex channel round trip (C client)',
  },
  {
    bench: 'bench',
    name: 'ratio lisafs socket / channel (spin 2048), C client',
    label: 'lisafs pool: socket / spinning channel round trip (C client)',
  },
  {
    bench: 'bench',
    name: 'seed: ratio 9P legacy / 9P channel',
    label: "the seed's 9P legacy / channel round trip (its published figures)",
  },
  {
    bench: 'bench',
    name: 'ratio lisafs JS / C client, channel (futex)',
    label: 'lisafs pool: JS / C client, futex channel',
  },
  {
    bench: 'bench',
    name: 'ratio lisafs JS / C client, channel (spin 2048)',
    label: 'lisafs pool: JS / C client, spinning channel',
  },
  ...(['vhost-user-blk', 'native-blk'] as const).flatMap((d) =>
    [1, 8, 32].map((qd) => ({
      bench: 'devices',
      name: `${d} 4KiB read QD${qd} EVENT_IDX on iops`,
      label: `${d === 'native-blk' ? 'native blk device' : 'vhost-user-blk on null-co'}: 4 KiB reads, QD ${qd}, EVENT_IDX`,
    })),
  ),
  ...(['vhost-user-blk', 'native-blk'] as const).flatMap((d) =>
    [1, 32].map((qd) => ({
      bench: 'devices',
      name: `${d} 4KiB read QD${qd} EVENT_IDX on latency`,
      label: `${d === 'native-blk' ? 'native blk device' : 'vhost-user-blk on null-co'}: latency, QD ${qd}, EVENT_IDX`,
    })),
  ),
  {
    bench: 'devices',
    name: 'vhost-user-blk SIGKILL to first in-flight request failed',
    label: 'qemu-storage-daemon SIGKILLed: until the first in-flight request fails',
  },
  {
    bench: 'devices',
    name: 'vhost-user-blk SIGKILL to every in-flight request failed',
    label: 'qemu-storage-daemon SIGKILLed: until every in-flight request has failed',
  },
  {
    bench: 'traces',
    name: 'ratio reader/JSON.parse throughput',
    label: 'trace reader vs bare `JSON.parse` (objects kept), 1M events, throughput',
    target: atLeast(0.5),
  },
  { bench: 'traces', name: 'trace reader 1M events', label: 'trace reader, 1M events' },
  { bench: 'traces', name: 'replay index build 1M events', label: 'replay index of a 1M-event trace: build' },
  { bench: 'traces', name: 'replay index memoryAt', label: 'replay index: ring memory at a random step' },
  { bench: 'traces', name: 'QEMU importer 1M lines', label: 'QEMU importer, 1M lines' },
  {
    bench: 'ui',
    name: 'QS 256: frame time, playing at full speed',
    label: 'UI, QS 256: frame time while playing',
    target: p95AtMost(16.7, 'ms'),
  },
  {
    bench: 'ui',
    name: 'QS 256: seek to a random step, rendered',
    label: 'UI, QS 256: seek to a random step, rendered',
    target: p95AtMost(50, 'ms'),
  },
  {
    bench: 'ui',
    name: 'QS 32768: frame time, playing at full speed',
    label: 'UI, QS 32768: frame time while playing',
    target: slowestAtMost(50, 'ms'),
  },
  {
    bench: 'ui',
    name: 'QS 32768: seek to a random step, rendered',
    label: 'UI, QS 32768: seek to a random step, rendered',
    target: p95AtMost(50, 'ms'),
  },
  {
    bench: 'ui',
    name: '1M-event replay: load by file chooser, until drawn',
    label: '1M-event trace in `/replay`: load until drawn',
  },
  {
    bench: 'ui',
    name: '1M-event replay: main-thread long tasks in load',
    label: '1M-event trace in `/replay`: main-thread long tasks while loading',
  },
  {
    bench: 'ui',
    name: '1M-event replay: seek to a random step, drawn',
    label: '1M-event trace in `/replay`: seek to a random step, drawn',
    target: p95AtMost(50, 'ms'),
  },
];

/** One benchmark's log: where it is kept, and its records. */
export interface BenchLog {
  path: string;
  records: BenchRecord[];
}

/** Which benchmark a log is from: its lines say so; older lines without `bench` are matched against the rows. */
export function logKind(records: readonly BenchRecord[]): string | null {
  const said = records.find((r) => typeof r.bench === 'string')?.bench;
  if (said) return said;
  const hit = ROWS.find((row) => records.some((r) => r.name === row.name));
  return hit ? hit.bench : null;
}

export function readLog(path: string, text: string): BenchLog {
  return { path, records: parseBenchLines(text) };
}

/**
 * The record a row shows: from `npm run bench`, the across-process one (`process: "all"`); otherwise the one
 * record of that name (a quoted figure, repeated by every process, counts as one). A log holding several
 * measured ones without an across-process one is ambiguous, so nothing is shown.
 */
export function pick(records: readonly BenchRecord[], row: RowSpec): BenchRecord | null {
  const same = records.filter((r) => r.name === row.name && (row.unit === undefined || r.unit === row.unit));
  const all = same.find((r) => r.process === 'all');
  if (all) return all;
  // a quoted figure is the same in every process's lines
  if (same.length > 1 && same.every((r) => r.origin === 'reference' && centre(r) === centre(same[0]))) return same[0];
  return same.length === 1 ? same[0] : null;
}

/** Three significant figures or so, without exponents; thousands grouped. */
export function figure(v: number): string {
  const a = Math.abs(v);
  const s = a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
  return s.replace(/^(-?\d+)/, (int) => int.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
}

/** How a record's numbers are written: requests per second of a million or more in millions. */
function scale(r: BenchRecord): { f: (v: number) => string; unit: string } {
  const m = centre(r);
  if (r.unit === 'requests/s' && num(m) && Math.abs(m) >= 1e6)
    return { f: (v) => figure(v / 1e6), unit: 'M requests/s' };
  return { f: figure, unit: r.unit };
}

function range(f: (v: number) => string, a: number | undefined, b: number | undefined): string {
  return num(a) && num(b) ? `${f(a)}–${f(b)}` : '—';
}

/** The value cell: the median (over processes, for `npm run bench`), or the single value. */
export function valueCell(r: BenchRecord): string {
  const m = centre(r);
  if (!num(m)) return '—';
  const { f, unit } = scale(r);
  return unit === '×' ? `${f(m)}×` : unit ? `${f(m)} ${unit}` : f(m);
}

/** The spread cell: across processes and each process's IQR; or IQR and p95 of one run; or where it is from. */
export function spreadCell(r: BenchRecord): string {
  if (r.origin === 'reference') return r.note ? `reference: ${r.note}` : 'reference, not measured here';
  const { f, unit } = scale(r);
  const inUnit = unit !== r.unit ? `; in ${unit}` : '';
  const per: PerProcess[] | undefined = r.perProcess;
  if (per && per.length > 0) {
    const iqr = per.map((p) => range(f, p.p25, p.p75)).join(' · ');
    const n = per.find((p) => num(p.samples))?.samples;
    const notes = [n ? `${n} rounds` : '', inUnit.slice(2)].filter(Boolean).join('; ');
    return `${per.length} processes: ${range(f, r.min, r.max)}; IQR in each: ${iqr}${notes ? ` (${notes})` : ''}`;
  }
  if (num(r.p25)) return `IQR ${range(f, r.p25, r.p75)}, p95 ${f(r.p95 as number)}, n=${r.samples}${inUnit}`;
  // one figure from one timed loop (the device benchmark's IOPS): say how much it rests on
  if (num(r.requests)) return `one timed loop of ${figure(r.requests)} requests`;
  return '—';
}

export function targetCell(row: RowSpec, r: BenchRecord): string {
  if (!row.target) return '—';
  const met = row.target.met(r);
  return `${row.target.text} — ${met === null ? 'cannot tell' : met ? '**met**' : '**not met**'}`;
}

const TITLES: Record<string, string> = {
  bench: '`npm run bench`',
  devices: '`npm run bench:devices`',
  traces: '`npm run bench:traces`',
  ui: '`npm run bench:ui`',
};

/** "2026-12-03 17:19 UTC" from an ISO date. */
function day(iso: string | undefined): string {
  return iso && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'undated';
}

function machine(records: readonly BenchRecord[]): string {
  const r = records.find((x) => num(x.cpus) || typeof x.cpu === 'string');
  if (!r) return 'machine not recorded';
  const cpu = `${num(r.cpus) ? `${r.cpus} × ` : ''}${r.cpu ?? 'unknown CPU'}`;
  return `${cpu}${r.node ? `, Node ${r.node}` : ''}`;
}

/** Columns padded to their widest cell, as Biome formats a markdown table (so `biome ci` leaves it alone). */
export function markdownTable(head: string[], body: string[][]): string[] {
  const width = (c: string) => [...c].length;
  const widths = head.map((h, i) => Math.max(3, width(h), ...body.map((r) => width(r[i]))));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

/** The markdown between the markers: where the figures come from, then the table. */
export function renderTable(logs: readonly BenchLog[]): string {
  const byKind = new Map<string, BenchLog>();
  for (const log of logs) {
    const kind = logKind(log.records);
    if (!kind) throw new Error(`${log.path}: no BENCH line of a benchmark the table knows`);
    if (byKind.has(kind)) throw new Error(`${log.path}: a second ${kind} log (the first: ${byKind.get(kind)!.path})`);
    byKind.set(kind, log);
  }
  const sources: string[] = [];
  for (const [kind, log] of byKind) {
    const first = log.records[0];
    let how = '';
    if (kind === 'bench') {
      const all = log.records.find((r) => r.process === 'all' && r.perProcess?.length);
      how = all ? `, ${all.perProcess!.length} fresh processes, figures the median over processes` : ', one process';
    }
    sources.push(
      `- ${TITLES[kind] ?? kind} on ${day(first?.date)} (${machine(log.records)})${how}: [\`${log.path}\`](${log.path})`,
    );
  }
  const missing = Object.keys(TITLES).filter((k) => !byKind.has(k));
  const lines = [
    'Made by `npm run bench:readme` from these logs (regenerate or check with the same command and `--check`):',
    '',
    ...sources,
    ...(missing.length ? ['', `Not in this table (no log given): ${missing.map((k) => TITLES[k]).join(', ')}.`] : []),
    '',
  ];
  const body: string[][] = [];
  for (const row of ROWS) {
    const log = byKind.get(row.bench);
    const r = log ? pick(log.records, row) : null;
    if (!r) continue;
    body.push([row.label, valueCell(r), spreadCell(r), targetCell(row, r)].map((c) => c.replaceAll('|', '\\|')));
  }
  if (body.length === 0) throw new Error('none of the given logs has a figure the table knows');
  return [...lines, ...markdownTable(['figure', 'value', 'spread', 'target'], body)].join('\n');
}

/** The README with the region between the markers replaced; the same input gives the same output. */
export function rewriteReadme(readme: string, table: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < 0 || b < a) throw new Error(`README has no ${START} … ${END} region`);
  if (readme.indexOf(START, a + 1) >= 0 || readme.indexOf(END, b + 1) >= 0)
    throw new Error('README has more than one bench-table region');
  return `${readme.slice(0, a + START.length)}\n${table}\n${readme.slice(b)}`;
}

/** Where a log is kept in the repository: docs/bench/<date>-<benchmark>.log (date and time from its lines). */
export function keptName(log: BenchLog): string {
  const kind = logKind(log.records) ?? 'bench';
  const date = log.records.find((r) => typeof r.date === 'string')?.date;
  const stamp =
    date && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(date)
      ? `${date.slice(0, 10)}T${date.slice(11, 13)}${date.slice(14, 16)}Z`
      : 'undated';
  return `docs/bench/${stamp}-${kind}.log`;
}
