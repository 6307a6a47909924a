import { describe, expect, it } from 'vitest';
import { PackedSim } from '../../model/packed/sim';
import { isAvail, isUsed, type Wrap } from '../../model/packed/wrap';
import { eventAreas, logRows, markers, pointers, slotViews, stretches } from './derive';

/** The wrap counter a reader starting at (pos, wrap) expects at `slot`, going forwards less than one lap. */
const lapAt = (slot: number, pos: number, wrap: Wrap): Wrap => (slot >= pos ? wrap : ((1 - wrap) as Wrap));

for (const [seed, qs] of [
  [1, 1],
  [2, 3],
  [3, 5],
  [4, 8],
  [5, 8],
] as const) {
  describe(`the ring as drawn, seed ${seed}, queue size ${qs}`, () => {
    it('agrees with the bits at every step: available slots read as available, the next used one as used', () => {
      const sim = new PackedSim({
        seed,
        queueSize: qs,
        features: { eventIdx: seed % 2 === 0, indirect: seed > 3 },
        requests: 30,
      });
      let steps = 0;
      do {
        const s = stretches(sim);
        expect(s.used + s.device + s.avail).toBeLessThanOrEqual(qs);
        const slots = slotViews(sim);
        const counts = { used: 0, device: 0, avail: 0, free: 0 };
        for (const v of slots) counts[v.region]++;
        expect(counts.used + counts.device + counts.avail + counts.free).toBe(qs);
        expect([counts.used, counts.device, counts.avail]).toEqual([s.used, s.device, s.avail]);
        const dev = sim.q.device.s;
        // The descriptor at the device's read position, if in the avail stretch, is available to it.
        if (s.avail > 0) expect(isAvail(slots[dev.lastAvail].flags, dev.lastAvailWrap)).toBe(true);
        // The head of the used stretch is a used descriptor on the driver's lap.
        const drv = sim.q.driver.s;
        if (s.used > 0) expect(isUsed(slots[drv.lastUsed].flags, drv.usedWrap)).toBe(true);
        // Free slots never look available to the device on its lap.
        for (const v of slots)
          if (v.region === 'free')
            expect(isAvail(v.flags, lapAt(v.slot, dev.lastAvail, dev.lastAvailWrap))).toBe(false);
        expect(pointers(sim).map((p) => p.name)).toEqual(['last_used', 'used_idx', 'last_avail', 'next_avail']);
        expect(eventAreas(sim).map((a) => a.writer)).toEqual(['driver', 'device']);
        steps++;
      } while (sim.step() !== null && steps < 2000);
      expect(sim.done).toBe(true);
      expect(sim.stalled).toBe(false);
    });
  });
}

describe('log rows and marks', () => {
  it('put each event at the position right after it, and mark every lap of the driver', () => {
    const sim = new PackedSim({ seed: 3, queueSize: 4, features: { eventIdx: false, indirect: false }, requests: 20 });
    while (sim.step() !== null);
    const rows = logRows(sim.log);
    expect(rows.map((r) => r.position)).toEqual(sim.log.map((_, i) => i + 1));
    const laps = sim.log.filter((e) => e.kind === 'add' && e.data.availWrapFrom !== e.data.availWrapTo).length;
    expect(laps).toBeGreaterThan(1);
    expect(markers(sim.log).filter((m) => m.tone === 'ready')).toHaveLength(laps);
  });
});
