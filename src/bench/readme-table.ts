/**
 * The README's benchmark table, written from saved benchmark output and never by hand: BENCH lines in
 * (stats.ts parseBenchLines), a dated markdown table out, placed between two marker comments. Rows exist only
 * for figures the given logs contain (readme-rows.ts); targets are checked from the figures (readme-targets.ts),
 * so "met" is never typed; cells are written by readme-cells.ts. This module matches logs to rows, says where
 * the figures come from, and places the table in the README.
 * Pure (no Node imports): readme-main.mts reads and writes the files.
 */
import { markdownTable, spreadCell, targetCell, valueCell } from './readme-cells';
import { ROWS, type RowSpec } from './readme-rows';
import { type BenchRecord, centre, isFiniteNumber, parseBenchLines } from './stats';

export const START = '<!-- bench-table:start -->';
export const END = '<!-- bench-table:end -->';

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
  const r = records.find((x) => isFiniteNumber(x.cpus) || typeof x.cpu === 'string');
  if (!r) return 'machine not recorded';
  const cpu = `${isFiniteNumber(r.cpus) ? `${r.cpus} × ` : ''}${r.cpu ?? 'unknown CPU'}`;
  return `${cpu}${r.node ? `, Node ${r.node}` : ''}`;
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
