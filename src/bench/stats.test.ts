import { describe, expect, it } from 'vitest';
import {
  acrossProcesses,
  benchLine,
  benchRecord,
  collect,
  interleave,
  paired,
  parseBenchLines,
  rotation,
  type Sampler,
  spread,
} from './stats';

/** A sampler that records when it ran and returns the next of its values. */
function scripted(name: string, log: string[], values: number[]): Sampler {
  let i = 0;
  return {
    sample() {
      log.push(name);
      return values[i++ % values.length];
    },
  };
}

describe('spread', () => {
  it('gives median, quartiles, p95 and extremes by nearest rank', () => {
    const s = spread([5, 1, 4, 2, 3, 10, 9, 8, 7, 6, 11]);
    expect(s).toEqual({ median: 6, p25: 4, p75: 9, p95: 10, min: 1, max: 11, samples: 11 });
  });
  it('gives NaN figures, not undefined ones, for no values', () => {
    expect(spread([])).toMatchObject({ median: NaN, p95: NaN, samples: 0 });
  });
});

describe('rotation', () => {
  it('is a permutation in every round', () => {
    for (let r = 0; r < 9; r++) expect([...rotation(4, r)].sort()).toEqual([0, 1, 2, 3]);
  });
  it('puts every contender in every position once over n rounds', () => {
    const n = 5;
    const seen = Array.from({ length: n }, () => new Set<number>());
    for (let r = 0; r < n; r++) for (const [pos, c] of rotation(n, r).entries()) seen[c].add(pos);
    for (const positions of seen) expect(positions.size).toBe(n);
  });
  it('visits each rotation once, then repeats', () => {
    const orders = Array.from({ length: 3 }, (_, r) => rotation(3, r).join(''));
    expect(orders).toEqual(['012', '120', '201']);
    expect(rotation(3, 3)).toEqual(rotation(3, 0));
  });
});

describe('interleave', () => {
  it('takes one sample per contender per round, in the rotated order', () => {
    const log: string[] = [];
    const out = interleave({ a: scripted('a', log, [1]), b: scripted('b', log, [2]), c: scripted('c', log, [3]) }, 4);
    expect(log.join('')).toBe('abc' + 'bca' + 'cab' + 'abc');
    expect(out).toEqual({ a: [1, 1, 1, 1], b: [2, 2, 2, 2], c: [3, 3, 3, 3] });
  });
  it('keeps samples indexed by round, whatever the order they ran in', () => {
    const log: string[] = [];
    const out = interleave({ x: scripted('x', log, [10, 20, 30]), y: scripted('y', log, [1, 2, 3]) }, 3);
    expect(out.x).toEqual([10, 20, 30]);
    expect(out.y).toEqual([1, 2, 3]);
  });
});

describe('paired', () => {
  it('divides samples of the same round', () => {
    // both sides drift with the machine: per round a/b is 2 throughout
    const a = [2, 4, 60, 80, 100];
    const b = [1, 2, 30, 40, 50];
    expect(paired(a, b)).toMatchObject({ median: 2, p25: 2, p75: 2, samples: 5 });
  });
  it('is the median of per-round ratios, not the ratio of medians', () => {
    const a = [1, 10, 100];
    const b = [1, 1, 1000];
    expect(spread(a).median / spread(b).median).toBe(10);
    expect(paired(a, b).median).toBe(1);
  });
  it('refuses samples that are not paired', () => {
    expect(() => paired([1, 2], [1])).toThrow(/paired/);
    expect(() => paired([], [])).toThrow(/paired/);
  });
});

describe('collect', () => {
  it('takes n samples in a row', () => {
    const log: string[] = [];
    const s = collect(scripted('s', log, [3, 1, 2]), 3);
    expect(log).toHaveLength(3);
    expect(s.median).toBe(2);
  });
});

describe('BENCH lines', () => {
  const ctx = { bench: 'bench', date: '2026-12-03T17:19:52.304Z', process: 2, cpus: 2, cpu: 'X', node: 'v20' };
  it('carry origin, spread, date and process, and parse back', () => {
    const line = benchLine({ name: 'f', unit: 'ns', value: spread([5, 1, 4, 2, 3]), note: 'n' }, ctx);
    expect(line.startsWith('BENCH {')).toBe(true);
    const [r] = parseBenchLines(`junk\n${line}\nmore junk\n`);
    expect(r).toMatchObject({ name: 'f', unit: 'ns', origin: 'measured', median: 3, p25: 2, p75: 4, p95: 4 });
    expect(r).toMatchObject({ samples: 5, note: 'n', bench: 'bench', date: ctx.date, process: 2 });
  });
  it('mark quoted figures as reference', () => {
    expect(benchRecord({ name: 'seed', unit: 'ns', value: 9, origin: 'reference' }, ctx).origin).toBe('reference');
  });
  it('skip broken lines and lines without a name', () => {
    const text = 'BENCH {"name":"a","unit":"x","value":1}\nBENCH {"name":\nBENCH {"unit":"x"}\n';
    const rs = parseBenchLines(text);
    expect(rs.map((r) => r.name)).toEqual(['a']);
    expect(rs[0].origin).toBe('measured');
  });
});

describe('acrossProcesses', () => {
  const rec = (process: number, median: number) =>
    benchRecord(
      { name: 'ratio', unit: '×', value: { ...spread([median]), p25: median - 1, p75: median + 1 } },
      { bench: 'bench', date: 'd', process },
    );
  it('reports each process and min/median/max of their medians', () => {
    const [f] = acrossProcesses([[rec(1, 3)], [rec(2, 1)], [rec(3, 2)]]);
    expect(f.value).toEqual({ median: 2, min: 1, max: 3, processes: 3 });
    expect(f.extra!.perProcess).toEqual([
      { process: 1, median: 3, p25: 2, p75: 4, p95: 3, samples: 1 },
      { process: 2, median: 1, p25: 0, p75: 2, p95: 1, samples: 1 },
      { process: 3, median: 2, p25: 1, p75: 3, p95: 2, samples: 1 },
    ]);
  });
  it('leaves out figures some process lacks, and reference figures', () => {
    const ref = benchRecord({ name: 'seed', unit: 'ns', value: 1, origin: 'reference' }, { bench: 'b', date: 'd' });
    expect(acrossProcesses([[rec(1, 3), ref], [ref]])).toEqual([]);
  });
});
