import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareModes, WIN_MARGIN } from './compare';
import { withConfig } from './config';
import { fmtNs } from './format';
import { restoreConfig } from './config-arbitrary';
import { PGALLOC_SCENARIOS, findPgallocScenario } from './scenarios';
import {
  describeSweep,
  findCrossovers,
  pointOf,
  runSweep,
  sweepConfig,
  sweepPoint,
  sweepValues,
  SWEEP_PARAM_IDS,
  SWEEP_PARAMS,
  validateSweep,
  type SweepPoint,
  type SweepSpec,
} from './sweep';

const scenario = (id: string) => findPgallocScenario(id)!;

/** A point with only what findCrossovers reads filled in meaningfully. */
function fakePoint(value: number, margin: number | null): SweepPoint {
  const figures = { firstInstructionNs: 0, stallNs: 0, restoreNs: 0, finishNs: 0, failed: false };
  return {
    value,
    sync: figures,
    background: figures,
    backgroundWins: margin !== null && margin > 0,
    winMarginNs: margin,
  };
}

describe('sweep values', () => {
  it('spreads points evenly and includes both ends, in either order', () => {
    expect(sweepValues({ param: 'seek', from: 0, to: 1000, points: 5 })).toEqual([0, 250, 500, 750, 1000]);
    expect(sweepValues({ param: 'seek', from: 1000, to: 0, points: 5 })).toEqual([0, 250, 500, 750, 1000]);
  });

  it('spreads log-scale parameters by ratio, rounded to whole numbers', () => {
    expect(sweepValues({ param: 'inflight', from: 1, to: 1024, points: 11 })).toEqual([
      1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024,
    ]);
    expect(sweepValues({ param: 'bandwidth', from: 100, to: 10_000, points: 3 })).toEqual([100, 1000, 10_000]);
  });

  it('gives whole numbers for every parameter', () => {
    for (const id of SWEEP_PARAM_IDS)
      expect(
        sweepValues({ param: id, from: SWEEP_PARAMS[id].defaultFrom, to: SWEEP_PARAMS[id].defaultTo, points: 7 }).every(
          Number.isInteger,
        ),
      ).toBe(true);
  });

  it('drops repeats a narrow range would give', () => {
    expect(sweepValues({ param: 'inflight', from: 1, to: 4, points: 8 })).toEqual([1, 2, 3, 4]);
    expect(sweepValues({ param: 'seek', from: 7, to: 7, points: 4 })).toEqual([7]);
  });

  it('refuses values out of range, too many points, and a hot set without a locality pattern', () => {
    const loc = scenario('small-working-set').config;
    const touch = scenario('touch-everything').config;
    expect(() => validateSweep({ param: 'inflight', from: 0, to: 8, points: 4 }, loc)).toThrow(/whole numbers from 1/);
    expect(() => validateSweep({ param: 'seek', from: 0, to: 8, points: 99 }, loc)).toThrow(/2 to 32 points/);
    expect(() => validateSweep({ param: 'hot', from: 5, to: 50, points: 4 }, touch)).toThrow(/does not apply/);
    expect(() => validateSweep({ param: 'hot', from: 5, to: 50, points: 4 }, loc)).not.toThrow();
  });

  it('each parameter reads back the value it sets, in its own unit', () => {
    const base = scenario('small-working-set').config;
    for (const id of SWEEP_PARAM_IDS) {
      const info = SWEEP_PARAMS[id];
      for (const v of [info.min, info.defaultFrom, info.defaultTo]) expect(info.get(info.set(base, v))).toBe(v);
    }
    expect(sweepConfig(base, 'latency', 250).disk.latencyNs).toBe(250_000);
    expect(sweepConfig(base, 'hot', 40).app.pattern).toMatchObject({ kind: 'locality', hotFraction: 0.4 });
    // Everything else stays as it was.
    expect(sweepConfig(base, 'seek', 9).loader).toEqual(base.loader);
  });
});

describe('a sweep is individual runs side by side', () => {
  it('seed 3: every point of a seek sweep of the spinning-disk scenario equals compareModes at that value', () => {
    const sc = scenario('spinning-disk');
    const spec: SweepSpec = { param: 'seek', from: 0, to: 4000, points: 4 };
    const points = runSweep(sc.config, sc.seed, spec);
    expect(points.map((p) => p.value)).toEqual(sweepValues(spec));
    for (const p of points) {
      const c = compareModes(withConfig(sc.config, { disk: { seekNs: p.value * 1000 } }), sc.seed);
      expect(p).toEqual(pointOf(p.value, c));
      expect(p.sync.finishNs).toBe(c.sync.appFinishNs);
      expect(p.background.firstInstructionNs).toBe(c.background.timeToFirstInstructionNs);
      expect(p.background.stallNs).toBe(c.background.totalStallNs);
      expect(p.background.restoreNs).toBe(c.background.restoreTimeNs);
      expect(p.backgroundWins).toBe(c.backgroundWins);
    }
  });

  it('seed 3: is deterministic', () => {
    const sc = scenario('spinning-disk');
    const spec: SweepSpec = { param: 'inflight', from: 1, to: 64, points: 4 };
    expect(runSweep(sc.config, sc.seed, spec)).toEqual(runSweep(sc.config, sc.seed, spec));
  });

  const smallConfig = restoreConfig({
    modes: ['background'],
    kernelRestoreNs: 100_000,
    memoryPages: [8, 96],
    minCommitted: 0.3,
    segmentPages: 8,
    inflight: 8,
    readPages: 8,
    iovecs: 4,
    latencyNs: 20_000,
    jitterNs: 5_000,
    overheadNs: 2_000,
    bandwidthMBps: 2000,
    threads: 4,
    faultPages: 4,
    accessesPerThread: [1, 30],
    windowPages: 16,
    touchAll: false,
  });
  const specArb: fc.Arbitrary<SweepSpec> = fc
    .record({
      param: fc.constantFrom(...SWEEP_PARAM_IDS),
      a: fc.double({ min: 0, max: 1, noNaN: true }),
      b: fc.double({ min: 0, max: 1, noNaN: true }),
      points: fc.integer({ min: 2, max: 6 }),
    })
    .map(({ param, a, b, points }) => {
      const info = SWEEP_PARAMS[param];
      const at = (t: number) => Math.round(info.defaultFrom + t * (info.defaultTo - info.defaultFrom));
      return { param, from: at(a), to: at(b), points };
    });

  it('fast-check seed 424242: points equal compareModes at their value; crossovers sit exactly where the verdict flips, between the two values', () => {
    let sweepsWithCrossovers = 0;
    fc.assert(
      fc.property(smallConfig, specArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (base, spec, seed) => {
        const points = runSweep(base, seed, spec);
        const info = SWEEP_PARAMS[spec.param];
        const flips: number[] = [];
        points.forEach((p, i) => {
          const cfg = sweepConfig(base, spec.param, p.value);
          expect(info.get(cfg)).toBe(p.value);
          expect(p).toEqual(pointOf(p.value, compareModes(cfg, seed)));
          expect(p.backgroundWins).toBe(p.winMarginNs !== null && p.winMarginNs > 0);
          if (i > 0 && points[i - 1].backgroundWins !== p.backgroundWins) flips.push(i - 1);
        });
        const cross = findCrossovers(points, info.scale);
        expect(cross.map((c) => c.index)).toEqual(flips);
        if (cross.length) sweepsWithCrossovers++;
        for (const c of cross) {
          expect(c.value).toBeGreaterThanOrEqual(points[c.index].value);
          expect(c.value).toBeLessThanOrEqual(points[c.index + 1].value);
          expect(c.backgroundWinsBelow).toBe(points[c.index].backgroundWins);
        }
      }),
      { seed: 424242, numRuns: 200 },
    );
    // The property must have met real crossovers, not only sweeps where nothing flips.
    expect(sweepsWithCrossovers).toBeGreaterThanOrEqual(5);
  });
});

describe('crossovers', () => {
  it('interpolates the win margin to zero, linearly', () => {
    // Margins +30, +10, -10, -30 at 0, 10, 20, 30: the margin is zero half-way between 10 and 20.
    const points = [fakePoint(0, 30), fakePoint(10, 10), fakePoint(20, -10), fakePoint(30, -30)];
    expect(findCrossovers(points, 'linear')).toEqual([{ index: 1, value: 15, backgroundWinsBelow: true }]);
    // A quarter of the way: margin -10 at 100 and +30 at 200 cross at 125.
    expect(findCrossovers([fakePoint(100, -10), fakePoint(200, 30)], 'linear')).toEqual([
      { index: 0, value: 125, backgroundWinsBelow: false },
    ]);
  });

  it('interpolates in log space for log-scale parameters', () => {
    const [c] = findCrossovers([fakePoint(1, 1), fakePoint(100, -1)], 'log');
    expect(c.value).toBeCloseTo(10, 9);
  });

  it('finds every flip, and uses the midpoint when a run did not finish', () => {
    const points = [fakePoint(0, 5), fakePoint(10, -5), fakePoint(20, -1), fakePoint(30, null), fakePoint(40, 8)];
    expect(findCrossovers(points, 'linear')).toEqual([
      { index: 0, value: 5, backgroundWinsBelow: true },
      { index: 3, value: 35, backgroundWinsBelow: false },
    ]);
    expect(findCrossovers([fakePoint(0, 1), fakePoint(10, 2)], 'linear')).toEqual([]);
  });

  it(`seed 5: on the first scenario, a seek penalty makes background stop winning, between the two points where compareModes flips`, () => {
    const sc = PGALLOC_SCENARIOS[0];
    const spec: SweepSpec = { param: 'seek', from: 0, to: 1000, points: 6 };
    const points = runSweep(sc.config, sc.seed, spec);
    expect(points[0].backgroundWins).toBe(true);
    expect(points[points.length - 1].backgroundWins).toBe(false);
    const cross = findCrossovers(points, 'linear');
    expect(cross).toHaveLength(1);
    const [c] = cross;
    expect(c.backgroundWinsBelow).toBe(true);
    const lo = points[c.index].value;
    const hi = points[c.index + 1].value;
    expect(compareModes(sweepConfig(sc.config, 'seek', lo), sc.seed).backgroundWins).toBe(true);
    expect(compareModes(sweepConfig(sc.config, 'seek', hi), sc.seed).backgroundWins).toBe(false);
    // A finer sweep inside the bracket finds its single crossover there too.
    const fine = runSweep(sc.config, sc.seed, { param: 'seek', from: lo, to: hi, points: 5 });
    const [f] = findCrossovers(fine, 'linear');
    expect(f.value).toBeGreaterThanOrEqual(lo);
    expect(f.value).toBeLessThanOrEqual(hi);
    expect(describeSweep(spec, points)).toMatch(
      /^Background stops winning at about \d+ µs seek \(between \d+ µs seek and \d+ µs seek\)/,
    );
  });
});

describe('describing a sweep in words', () => {
  const spec: SweepSpec = { param: 'seek', from: 0, to: 30, points: 4 };
  it('says when background wins everywhere, never, or where it stops', () => {
    expect(describeSweep(spec, [fakePoint(0, 3), fakePoint(10, 1)])).toMatch(
      /^Background wins across the whole range, from 0 µs seek to 10 µs seek: no crossover in range\. Its lead is smallest at 10 µs seek/,
    );
    expect(describeSweep(spec, [fakePoint(0, -3), fakePoint(10, -1)])).toMatch(
      new RegExp(`^Background never wins from 0 µs seek to 10 µs seek: .*more than ${WIN_MARGIN * 100}% sooner`),
    );
    expect(describeSweep(spec, [fakePoint(0, 3), fakePoint(10, -1), fakePoint(20, 2)])).toMatch(
      /^Background stops winning at about 7\.5 µs seek \(between 0 µs seek and 10 µs seek\), then starts winning at about 13 µs seek/,
    );
    expect(describeSweep(spec, [])).toBe('');
  });

  it('seed 1: one point is described with the model’s own figures', () => {
    const sc = scenario('small-working-set');
    const p = sweepPoint(sc.config, sc.seed, 'inflight', 128);
    expect(describeSweep({ param: 'inflight', from: 128, to: 128, points: 2 }, [p])).toContain(
      `finishes at ${fmtNs(p.background.finishNs!)} with --background and ${fmtNs(p.sync.finishNs!)} with a synchronous restore`,
    );
  });
});
