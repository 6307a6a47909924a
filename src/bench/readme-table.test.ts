import { describe, expect, it } from 'vitest';
import { figure, markdownTable } from './readme-cells';
import { keptName, logKind, readLog, renderTable, rewriteReadme, END, START } from './readme-table';
import { atLeast, everyProcess, p95AtMost } from './readme-targets';
import { acrossProcesses, type BenchContext, type BenchFigure, benchLine, spread } from './stats';

const DATE = '2026-12-03T17:19:52.304Z';
const host = { cpus: 2, cpu: 'AMD EPYC', node: 'v22.0.0' };

/** What `npm run bench` prints: each process's lines, then the across-process lines. */
function benchLog(perProcess: Record<string, number[]>): string {
  const lines: string[] = [];
  const processes = Object.values(perProcess)[0].length;
  const records = [];
  for (let p = 0; p < processes; p++) {
    const ctx: BenchContext = { bench: 'bench', date: DATE, process: p + 1, ...host };
    const figures: BenchFigure[] = Object.entries(perProcess).map(([name, medians]) => ({
      name,
      unit: name.startsWith('ratio') ? '×' : 'ns/request',
      value: spread([medians[p] * 0.9, medians[p], medians[p] * 1.1]),
    }));
    figures.push({ name: 'seed: ratio 9P legacy / 9P channel', unit: '×', value: 9.06, origin: 'reference' });
    lines.push(`Ringside benchmarks, process ${p + 1}`, ...figures.map((f) => benchLine(f, ctx)));
    records.push(readLog('x', lines.join('\n')).records.filter((r) => r.process === p + 1));
  }
  const ctx: BenchContext = { bench: 'bench', date: DATE, process: 'all', ...host };
  lines.push(...acrossProcesses(records).map((f) => benchLine(f, ctx)));
  return `${lines.join('\n')}\n`;
}

const uiLog = (p95: number) =>
  `${benchLine(
    { name: 'QS 256: frame time, playing at full speed', unit: 'ms', value: { ...spread([16.6, 16.7]), p95 } },
    { bench: 'ui', date: DATE, ...host },
  )}\n`;

/** The trimmed cells of the row whose figure starts with `label`. */
function row(table: string, label: string): string[] {
  const line = table.split('\n').find((l) => l.startsWith(`| ${label}`));
  if (!line) throw new Error(`no row ${label}`);
  return line
    .slice(1, -1)
    .split(' | ')
    .map((c) => c.trim());
}

describe('reading logs', () => {
  it('finds the BENCH lines among the human table and knows which benchmark they are from', () => {
    const log = readLog('a.log', benchLog({ 'model round trip, batch 1': [100, 110, 120] }));
    expect(log.records.filter((r) => r.process === 'all')).toHaveLength(1);
    expect(logKind(log.records)).toBe('bench');
    expect(logKind(readLog('u', uiLog(10)).records)).toBe('ui');
  });
  it('knows an older log without the bench field by its figure names', () => {
    const old = 'BENCH {"name":"trace reader 1M events","unit":"ms","median":1}\n';
    expect(logKind(readLog('t', old).records)).toBe('traces');
  });
  it('keeps a log under docs/bench, named by its date and benchmark', () => {
    expect(keptName(readLog('a', uiLog(1)))).toBe('docs/bench/2026-12-03T1719Z-ui.log');
  });
});

describe('the table', () => {
  const ratio = 'ratio model / C ring loop, batch 1';
  const target = 'ratio model / C ring loop, batch 1 ';
  it('has rows only for figures in the given logs, and says which logs it was made from', () => {
    const t = renderTable([readLog('docs/bench/x-bench.log', benchLog({ [ratio]: [2.5, 2.6, 2.7] }))]);
    expect(t).toContain('`npm run bench` on 2026-12-03 17:19 UTC (2 × AMD EPYC, Node v22.0.0), 3 fresh processes');
    expect(t).toContain('(docs/bench/x-bench.log)');
    expect(t).toContain('Not in this table (no log given): `npm run bench:devices`');
    expect(t).not.toContain('model round trip (');
    expect(t).not.toContain('batch 32');
    const [, value, spreadText] = row(t, target);
    expect(value).toBe('2.60×');
    expect(spreadText).toBe('3 processes: 2.50–2.70; IQR in each: 2.50–2.75 · 2.60–2.86 · 2.70–2.97 (3 rounds)');
    // the quoted figure is shown as quoted
    expect(row(t, "the seed's 9P").slice(1, 3)).toEqual(['9.06×', 'reference, not measured here']);
  });
  it('decides model / C from every process and from the median over processes', () => {
    const met = (per: number[]) => row(renderTable([readLog('b', benchLog({ [ratio]: per }))]), target)[3];
    expect(met([2.5, 2.6, 2.7])).toMatch(/— \*\*met\*\*$/);
    expect(met([2.5, 2.6, 3.1])).toMatch(/\*\*not met\*\*$/); // one process over 3.0
    expect(met([2.9, 2.9, 2.95])).toMatch(/\*\*not met\*\*$/); // each under 3.0, median over 2.8
  });
  it('decides other targets from the figures', () => {
    const t = renderTable([
      readLog('b', benchLog({ 'ratio JS / C driver throughput, batch 32': [0.7, 0.85, 0.9] })),
      readLog('u', uiLog(20)),
    ]);
    expect(row(t, 'ratio JS / C driver throughput')[3]).toBe('≥ 0.8× — **met**');
    expect(row(t, 'UI, QS 256: frame time')[3]).toBe('p95 ≤ 16.7 ms — **not met**');
    expect(row(renderTable([readLog('u', uiLog(16.7))]), 'UI, QS 256: frame time')[3]).toBe('p95 ≤ 16.7 ms — **met**');
  });
  it('refuses two logs of one benchmark, and logs it knows nothing of', () => {
    expect(() => renderTable([readLog('a', uiLog(1)), readLog('b', uiLog(2))])).toThrow(/second ui log/);
    expect(() => renderTable([readLog('c', 'BENCH {"name":"?","unit":"x","value":1}')])).toThrow(/knows/);
  });
});

describe('targets', () => {
  it('check what they say', () => {
    const r = (median: number, perProcess?: number[]) => ({
      name: 'r',
      unit: '×',
      origin: 'measured' as const,
      median,
      perProcess: perProcess?.map((m, i) => ({ process: i + 1, median: m })),
    });
    expect(everyProcess(3, 2.8).met(r(2.8, [2.7, 2.8, 3.0]))).toBe(true);
    expect(everyProcess(3, 2.8).met(r(2.8, [2.7, 2.8, 3.01]))).toBe(false);
    expect(everyProcess(3, 2.8).met(r(2.81))).toBe(false);
    expect(atLeast(0.8).met(r(0.79))).toBe(false);
    expect(p95AtMost(50, 'ms').met(r(1))).toBeNull(); // no p95: cannot tell, never "met"
  });
});

describe('markdownTable', () => {
  it('pads every column to its widest cell, counting characters, not bytes', () => {
    expect(markdownTable(['a', 'bb'], [['→→→→', 'c']])).toEqual(['| a    | bb  |', '| ---- | --- |', '| →→→→ | c   |']);
  });
});

describe('figures', () => {
  it('keep about three significant digits and group thousands', () => {
    expect(figure(2.6049)).toBe('2.60');
    expect(figure(0.2471)).toBe('0.247');
    expect(figure(15.06)).toBe('15.1');
    expect(figure(1631783.4)).toBe('1,631,783');
  });
});

describe('rewriting the README', () => {
  const readme = `# R\n\nbefore\n\n${START}\nold typed table\n${END}\n\nafter\n`;
  const table = renderTable([readLog('docs/bench/u.log', uiLog(10))]);
  it('replaces only the region between the markers', () => {
    const out = rewriteReadme(readme, table);
    expect(out).not.toContain('old typed table');
    expect(out.startsWith('# R\n\nbefore\n\n')).toBe(true);
    expect(out.endsWith(`${END}\n\nafter\n`)).toBe(true);
    expect(out).toContain(`${START}\n${table}\n${END}`);
  });
  it('is idempotent', () => {
    const once = rewriteReadme(readme, table);
    expect(rewriteReadme(once, table)).toBe(once);
  });
  it('refuses a README without exactly one region', () => {
    expect(() => rewriteReadme('# R\n', table)).toThrow(/no/);
    expect(() => rewriteReadme(`${readme}${START}\n${END}\n`, table)).toThrow(/more than one/);
  });
});
