import { describe, expect, it } from 'vitest';
import { findCrossovers, PGALLOC_SCENARIOS, runSweep, type SweepPoint, type SweepSpec } from '../../model/pgalloc';
import { completePoints, crossoversOf, metricMax, metricSeries, winBands, xAxisCaption } from './sweep-chart';

function pt(value: number, wins: boolean, margin: number, finish: number | null = 100): SweepPoint {
  const f = { firstInstructionNs: 1, stallNs: 2, restoreNs: 3, finishNs: finish, failed: false };
  return { value, sync: { ...f, finishNs: 200 }, background: f, backgroundWins: wins, winMarginNs: margin };
}

describe('sweep plot data', () => {
  it('series follow the points in order, skipping those not computed yet, and keep a missing figure as null', () => {
    const pts = [pt(1, true, 5), null, pt(4, false, -1, null)];
    expect(metricSeries(pts, 'finish', 'background')).toEqual([
      { index: 0, value: 1, ns: 100 },
      { index: 2, value: 4, ns: null },
    ]);
    expect(metricSeries(pts, 'finish', 'sync').map((s) => s.ns)).toEqual([200, 200]);
    expect(metricMax(pts, 'finish')).toBe(200);
    expect(metricMax([], 'stall')).toBe(1);
  });

  it('names the x axis with its unit and scale', () => {
    expect(xAxisCaption({ param: 'seek', from: 0, to: 10, points: 2 })).toBe(
      'Across: seek penalty (µs), linear scale.',
    );
    expect(xAxisCaption({ param: 'inflight', from: 1, to: 10, points: 2 })).toBe('Across: in-flight reads, log scale.');
  });

  it('crossovers and bands wait for every point', () => {
    const spec: SweepSpec = { param: 'seek', from: 0, to: 20, points: 3 };
    expect(completePoints([pt(0, true, 1), null])).toBeNull();
    expect(crossoversOf(spec, [pt(0, true, 1), null, pt(20, false, -1)])).toEqual([]);
    expect(crossoversOf(spec, [pt(0, true, 1), pt(10, false, -1), pt(20, false, -3)])).toEqual([
      { index: 0, value: 5, backgroundWinsBelow: true },
    ]);
  });

  it('shades where background wins: from an end or a crossover to the next', () => {
    const pts = [pt(0, true, 4), pt(10, false, -4), pt(20, false, -2), pt(30, true, 2)];
    const cross = findCrossovers(pts, 'linear');
    expect(cross.map((c) => c.value)).toEqual([5, 25]);
    expect(winBands(pts, cross)).toEqual([
      { from: 0, to: 5 },
      { from: 25, to: 30 },
    ]);
    expect(winBands([pt(0, false, -1), pt(10, false, -1)], [])).toEqual([]);
    expect(winBands([pt(0, true, 1), pt(10, true, 1)], [])).toEqual([{ from: 0, to: 10 }]);
  });

  it('seed 5: on the first scenario, a seek sweep shades the low end only, up to the crossover', () => {
    const sc = PGALLOC_SCENARIOS[0];
    const spec: SweepSpec = { param: 'seek', from: 0, to: 1000, points: 5 };
    const pts = runSweep(sc.config, sc.seed, spec);
    const cross = crossoversOf(spec, pts);
    expect(cross).toHaveLength(1);
    expect(winBands(pts, cross)).toEqual([{ from: 0, to: cross[0].value }]);
  });
});
