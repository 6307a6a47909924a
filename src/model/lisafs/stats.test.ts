import { describe, expect, it } from 'vitest';
import { latencyStats, percentile, timeWeightedMean } from './stats';

describe('stats', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 99)).toBe(10);
    expect(percentile([], 50)).toBe(0);
  });
  it('summarises latencies', () => {
    expect(latencyStats([30, 10, 20])).toEqual({ count: 3, meanNs: 20, p50Ns: 20, p99Ns: 30, maxNs: 30 });
  });
  it('weights a step function by how long each value held', () => {
    expect(
      timeWeightedMean(
        [
          { time: 0, value: 4 },
          { time: 10, value: 0 },
        ],
        40,
      ),
    ).toBe(1);
  });
});
