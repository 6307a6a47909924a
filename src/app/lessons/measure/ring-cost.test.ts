import { describe, expect, it } from 'vitest';
import { ringAccessSamples, ringRoundTripSamples } from './ring-cost';

describe('ringRoundTripSamples', () => {
  it('times the requested samples with the clock it is given', () => {
    let t = 0;
    // A clock that advances 1 ms per reading: each sample then spans exactly 1 ms.
    const s = ringRoundTripSamples(3, 100, () => (t += 1));
    expect(s).toEqual([10_000, 10_000, 10_000]); // 1 ms / 100 requests = 10 µs = 10,000 ns
  });

  it('does real ring work: a real clock sees a positive cost', () => {
    const s = ringRoundTripSamples(2, 2000, () => performance.now());
    for (const v of s) expect(v).toBeGreaterThan(0);
  });
});

describe('ringAccessSamples', () => {
  it('times index publish-and-read pairs with the clock it is given', () => {
    let t = 0;
    expect(ringAccessSamples(2, 1000, () => (t += 1))).toEqual([1000, 1000]); // 1 ms / 1000 = 1 µs
  });
});
