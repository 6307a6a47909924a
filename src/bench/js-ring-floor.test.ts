import { describe, expect, it } from 'vitest';
import { jsRingFloor, jsRingFloorSampler } from './js-ring-floor';

describe('jsRingFloor', () => {
  it('runs the round trip with every check passing, for small and full batches', () => {
    for (const [qs, batch] of [
      [2, 1],
      [8, 4],
      [256, 32],
      [256, 128],
    ] as const) {
      const s = jsRingFloor(qs, batch, 2_000, 3);
      expect(s.samples).toBe(3);
      expect(s.median).toBeGreaterThan(0);
    }
  });
  it('refuses a batch the queue cannot hold (two descriptors per request)', () => {
    expect(() => jsRingFloor(8, 5, 100, 1)).toThrow(/add refused/);
  });
  it('offers one sample at a time after its warm-up, each a full round trip with every check', () => {
    const s = jsRingFloorSampler(256, 32, 2_000);
    expect(s.sample()).toBeGreaterThan(0);
    expect(s.sample()).toBeGreaterThan(0);
    expect(() => jsRingFloorSampler(8, 5, 100)).toThrow(/add refused/);
  });
});
