import { describe, expect, it } from 'vitest';
import { packedCost, splitCost } from './ring-cost';

for (const [seed, eventIdx] of [
  [1, false],
  [2, true],
] as const) {
  describe(`ring memory per one-descriptor request, seed ${seed}, EVENT_IDX ${eventIdx ? 'on' : 'off'}`, () => {
    const spec = { seed, queueSize: 8, requests: 48, eventIdx };
    const split = splitCost(spec);
    const packed = packedCost(spec);
    it('both runs complete every request', () => {
      expect([split.requests, packed.requests]).toEqual([48, 48]);
    });
    it('the split ring writes at least its five fields per request, the packed ring its descriptor twice over', () => {
      // split: a 16-byte descriptor, a 2-byte avail entry and avail.idx, an 8-byte used element and used.idx
      expect(split.bytes).toBeGreaterThanOrEqual((16 + 2 + 2 + 8 + 2) * 48);
      // packed: the driver's 16-byte descriptor, then the device's id, len and flags in the same slot
      expect(packed.bytes).toBeGreaterThanOrEqual((16 + 4 + 2 + 2) * 48);
      // and every byte written lands in a line written in that step
      expect(split.lines).toBeGreaterThan(0);
      expect(split.lines * 64).toBeGreaterThanOrEqual(split.bytes);
      expect(packed.lines * 64).toBeGreaterThanOrEqual(packed.bytes);
    });
  });
}
