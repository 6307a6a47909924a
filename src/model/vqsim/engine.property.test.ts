/**
 * Whole runs across seeds: random scenario, queue size, features and user interventions.
 * Invariants are checked after every step inside the engine; here we also check that
 * clean runs finish every request with no error, that hostile input only ever produces
 * typed errors, and that seeking to a random step gives the same state as running there.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng } from '../sim/prng';
import { Simulation, type Intervention } from './engine';
import { CORRUPTIONS, SCENARIOS } from './scenarios';

function randomRun(seed: number): { sim: Simulation; hostile: boolean } {
  const r = Prng.stream(seed, 'property-run');
  const scenario = r.pick(SCENARIOS);
  const queueSize = r.pick([1, 2, 4, 8, 16, 32, 256]);
  const features = { eventIdx: r.bool(), indirect: r.bool() };
  const interventions: Intervention[] = [];
  let hostile = scenario.hostile !== undefined;
  for (let i = 0, n = r.int(0, 3); i < n; i++) {
    const at = r.int(0, 200);
    const kind = r.int(0, 2);
    if (kind === 0) interventions.push({ at, action: 'add-request' });
    else if (kind === 1) interventions.push({ at, action: 'complete-now', head: r.int(0, queueSize - 1) });
    else {
      interventions.push({ at, action: 'corrupt', corruption: r.pick(CORRUPTIONS) });
      hostile = true;
    }
  }
  const sim = new Simulation({
    scenario: scenario.name,
    seed,
    queueSize,
    features,
    interventions,
    requests: r.int(1, 40),
  });
  sim.run(20_000);
  return { sim, hostile };
}

describe('simulation runs across seeds', () => {
  it('seed 424242: 1000 random runs — clean runs finish cleanly, hostile ones fail typed', () => {
    let clean = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const { sim, hostile } = randomRun(seed);
        expect(sim.done, `seed ${seed} finished`).toBe(true);
        const errors = sim.log.filter((e) => e.kind === 'error');
        if (!hostile) {
          expect(
            errors.map((e) => e.text),
            `seed ${seed}`,
          ).toEqual([]);
          // every request either completed or was refused as too long for the queue
          const rejected = sim.log.filter((e) => e.kind === 'reject').length;
          expect(sim.completed + rejected + sim.vq.driver.s.inFlight + sim.vq.driver.s.held, `seed ${seed}`).toBe(
            sim.engine.nextId,
          );
          clean++;
        } else if (errors.length > 0) {
          expect(errors[0].error?.kind).toMatch(/^[A-Z][A-Za-z]+$/);
          refused++;
        }
      }),
      { seed: 424242, numRuns: 1000 },
    );
    expect(clean).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(20);
  });

  it('pinned seed 2081955289: a 3-buffer request on a 2-slot queue is refused, the run goes on', () => {
    const { sim } = randomRun(2081955289);
    expect(sim.log.some((e) => e.kind === 'reject')).toBe(true);
    expect(sim.log.some((e) => e.kind === 'error')).toBe(false);
  });

  it('pinned seed 1884243261: RX on a 32-slot queue posts and delivers every buffer (buffer area sized from the workload)', () => {
    const { sim } = randomRun(1884243261);
    expect(sim.engine.backlog.length).toBe(0);
    expect(sim.log.some((e) => e.kind === 'error' || e.kind === 'reject')).toBe(false);
  });

  it('pinned seed 4125488503: adding a request to a full recycling RX queue is declined, not queued forever', () => {
    const { sim } = randomRun(4125488503);
    expect(sim.engine.backlog.length).toBe(0);
    expect(sim.log.some((e) => e.kind === 'intervention' && e.data.applied === false)).toBe(true);
  });

  it('pinned seed 2121140222: the same while the initial RX buffers are still being posted', () => {
    const { sim } = randomRun(2121140222);
    expect(sim.engine.backlog.length).toBe(0);
  });

  it('seed 99: seeking to a random step equals a fresh run stopped there', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, frac) => {
        const { sim } = randomRun(seed);
        const target = Math.floor(frac * sim.log.length);
        sim.seek(target);
        const fresh = new Simulation({ ...sim.config }).run(target);
        expect(fresh.position).toBe(target);
        expect(Buffer.from(sim.vq.mem.image()).equals(Buffer.from(fresh.vq.mem.image()))).toBe(true);
        expect(sim.vq.driver.s.freeHead).toBe(fresh.vq.driver.s.freeHead);
        expect(sim.vq.device.s.lastAvail).toBe(fresh.vq.device.s.lastAvail);
        expect(sim.vq.kick.s).toEqual(fresh.vq.kick.s);
      }),
      { seed: 99, numRuns: 60 },
    );
  });
});
