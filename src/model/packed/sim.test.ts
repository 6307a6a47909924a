import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedSim, type PackedSimConfig } from './sim';

function run(config: PackedSimConfig): PackedSim {
  const sim = new PackedSim(config); // checks the invariants after every step itself
  sim.run(200_000);
  return sim;
}

const base: PackedSimConfig = { seed: 1, queueSize: 8, features: { eventIdx: true, indirect: false }, requests: 200 };

describe('PackedSim', () => {
  it('finishes every request of a plain run, with both notification kinds used and suppressed', () => {
    const sim = run(base);
    expect(sim.done).toBe(true);
    expect(sim.stalled).toBe(false);
    expect(sim.error).toBeNull();
    expect(sim.completed).toBe(200);
    const kinds = new Set(sim.log.map((e) => e.kind));
    for (const k of [
      'add',
      'kick',
      'pop',
      'complete',
      'flush',
      'interrupt',
      'reclaim',
      'device-sleep',
      'driver-sleep',
    ]) {
      expect(kinds.has(k as never), k).toBe(true);
    }
    expect(sim.log.some((e) => e.kind === 'interrupt-suppressed' || e.kind === 'kick-suppressed')).toBe(true);
    expect(sim.log.every((e, k) => e.step === k)).toBe(true);
  });

  it('lists as long as the ring, on a ring whose size is not a power of two, wrap and finish', () => {
    const sim = run({ ...base, queueSize: 5, wholeRingEvery: 4, requests: 60 });
    expect(sim.completed).toBe(60);
    const whole = sim.log.filter((e) => e.kind === 'add' && (e.data.slots as number[]).length === 5);
    expect(whole.length).toBe(15);
    // every one of them lands back on its own first slot and flips the counter
    for (const e of whole) {
      expect(e.data.nextAvailTo).toBe(e.data.nextAvailFrom);
      expect(e.data.availWrapTo).not.toBe(e.data.availWrapFrom);
    }
  });

  it('seed 2026: 150 random configurations finish without a stall or error (every notification arrives)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 0xffffffff }),
          queueSize: fc.constantFrom(1, 2, 3, 4, 5, 7, 8, 12, 16, 33),
          eventIdx: fc.boolean(),
          indirect: fc.boolean(),
          outOfOrder: fc.constantFrom(0, 0.5, 1),
          flushBatch: fc.integer({ min: 1, max: 4 }),
          batchMax: fc.integer({ min: 1, max: 6 }),
          wholeRingEvery: fc.constantFrom(0, 0, 3),
        }),
        (c) => {
          const sim = run({
            seed: c.seed,
            queueSize: c.queueSize,
            features: { eventIdx: c.eventIdx, indirect: c.indirect },
            requests: 80,
            outOfOrder: c.outOfOrder,
            flushBatch: c.flushBatch,
            batchMax: c.batchMax,
            wholeRingEvery: c.wholeRingEvery,
          });
          expect(sim.stalled, JSON.stringify(c)).toBe(false);
          expect(sim.error).toBeNull();
          expect(sim.completed + sim.rejected).toBe(80);
          expect(sim.q.driver.s.numFree).toBe(c.queueSize);
        },
      ),
      { seed: 2026, numRuns: 150 },
    );
  });

  it('same config and seed, same events and same bytes; another seed, another run', () => {
    const c = { ...base, queueSize: 7, features: { eventIdx: true, indirect: true }, requests: 150 };
    const a = run(c);
    const b = run(c);
    expect(b.log.map((e) => e.text)).toEqual(a.log.map((e) => e.text));
    expect(Buffer.from(b.q.mem.image()).equals(Buffer.from(a.q.mem.image()))).toBe(true);
    const other = run({ ...c, seed: 2 });
    expect(other.log.map((e) => e.text)).not.toEqual(a.log.map((e) => e.text));
  });

  it('snapshot / restore replays the rest of a run exactly', () => {
    const sim = new PackedSim({ ...base, queueSize: 6, features: { eventIdx: true, indirect: true }, requests: 120 });
    sim.run(300);
    const snap = sim.snapshot();
    const rest = sim.run().map((e) => e.text);
    const end = sim.q.mem.image();
    sim.restore(snap);
    expect(sim.log.length).toBe(300);
    expect(sim.run().map((e) => e.text)).toEqual(rest);
    expect(Buffer.from(sim.q.mem.image()).equals(Buffer.from(end))).toBe(true);
  });
});

describe('the pre-2023 whole-ring wrap bug as a run (invariants off, so it plays out)', () => {
  const run = (bug: boolean) => {
    const sim = new PackedSim({
      seed: 1,
      queueSize: 4,
      features: { eventIdx: true, indirect: false },
      requests: 12,
      wholeRingEvery: 2,
      checkInvariants: false,
      driver: { wholeRingWrapBug: bug },
    });
    sim.run();
    return sim;
  };
  it('seed 1: the fixed driver finishes every request; the buggy one skips a kick and stalls', () => {
    const ok = run(false);
    expect([ok.done, ok.stalled, ok.completed]).toEqual([true, false, 12]);
    const bad = run(true);
    expect(bad.stalled).toBe(true);
    expect(bad.log.map((e) => e.kind).slice(-2)).toEqual(['kick-suppressed', 'stall']);
  });
  it('with invariants on, the same bug is reported as the invariant it breaks', () => {
    const sim = new PackedSim({
      seed: 1,
      queueSize: 4,
      features: { eventIdx: true, indirect: false },
      requests: 12,
      wholeRingEvery: 2,
      driver: { wholeRingWrapBug: true },
    });
    expect(() => sim.run()).toThrow('avail_used_flags match the avail wrap counter');
  });
});
