import { describe, expect, it } from 'vitest';
import { Simulation } from '../../model/vqsim/engine';
import { availSlots, readPointers, slotRuns, SLOT_LIVE, usedSlots } from './ring-state';

function run(scenario: string, extra: Partial<ConstructorParameters<typeof Simulation>[0]> = {}) {
  return new Simulation({ scenario, seed: 1, ...extra }).run(100_000);
}

describe('rings', () => {
  it('live avail slots are exactly the window [last_avail, avail.idx), also across the 65535 wrap', () => {
    const sim = run('wrap-around');
    let wrapped = false;
    for (let p = 0; p <= sim.log.length; p++) {
      sim.seek(p);
      const ptr = readPointers(sim.vq, true);
      if (ptr.availIdx < 100) wrapped = true;
      const a = availSlots(sim.vq, ptr);
      const live = [...a.state].filter((s) => s === SLOT_LIVE).length;
      expect(live).toBe((ptr.availIdx - ptr.lastAvail) & 0xffff);
      const u = usedSlots(sim.vq, ptr);
      expect([...u.state].filter((s) => s === SLOT_LIVE).length).toBe((ptr.usedIdx - ptr.lastUsed) & 0xffff);
    }
    expect(wrapped).toBe(true);
  });

  it('slotRuns merges equal neighbours and skips stale slots', () => {
    expect(slotRuns(new Uint8Array([0, 1, 1, 0, 2, 2, 1]))).toEqual([
      { start: 1, end: 3, state: 1 },
      { start: 4, end: 6, state: 2 },
      { start: 6, end: 7, state: 1 },
    ]);
  });
});
