// The packed model device against the C packed device (csrc/pvq.c) on a memfd, byte for byte at every
// quiescent point (see compare-run.ts), over queue sizes incl. 1, 3 and 5, EVENT_IDX and INDIRECT on and off.
import { describe, expect, it } from 'vitest';
import { runPackedCompare } from './compare-run.ts';

const cases: [number, boolean, boolean, number][] = [
  [5, false, false, 1],
  [5, true, false, 2],
  [5, true, true, 3],
  [8, false, true, 4],
  [16, true, false, 5],
  [16, true, true, 6],
  [1, true, false, 7],
  [3, false, false, 8],
];

describe('packed ring: model device vs the C device, byte for byte', () => {
  for (const [qs, eventIdx, indirect, seed] of cases) {
    it(`QS ${qs}, EVENT_IDX ${eventIdx ? 'on' : 'off'}, INDIRECT ${indirect ? 'on' : 'off'}, seed ${seed}`, () => {
      const run = runPackedCompare(qs, eventIdx, indirect, seed, 300);
      expect(run.mismatch).toBeNull();
      expect(run.points).toBe(300);
      expect(run.completed).toBeGreaterThanOrEqual(300);
      // the driver event area said yes and no: both interrupt decisions were compared
      expect(run.interrupts).toBeGreaterThan(0);
      expect(run.suppressed).toBeGreaterThan(0);
      // long enough that both wrap counters flip several times
      expect(run.usedFlips).toBeGreaterThanOrEqual(4);
      expect(run.availFlips).toBeGreaterThanOrEqual(4);
    });
  }
});
