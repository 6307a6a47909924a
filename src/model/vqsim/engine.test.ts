import { describe, expect, it } from 'vitest';
import { Simulation } from './engine';
import { CORRUPTIONS, SCENARIOS, type Corruption } from './scenarios';

const nonHostile = SCENARIOS.filter((s) => !s.hostile);

const EXPECTED_KIND: Record<Corruption, string> = {
  'avail-idx-too-far': 'AvailIndexTooFar',
  'head-out-of-range': 'HeadOutOfRange',
  'next-out-of-range': 'NextOutOfRange',
  'descriptor-loop': 'DescriptorLoop',
  'readable-after-writable': 'ReadableAfterWritable',
  'zero-length': 'ZeroSizedBuffer',
  'address-out-of-range': 'AddressOutOfRange',
  'indirect-too-large': 'IndirectTableTooLarge',
  'indirect-bad-size': 'InvalidIndirectSize',
  'nested-indirect': 'NestedIndirect',
  'indirect-with-next': 'IndirectWithNext',
  'queue-size-exceeded': 'QueueSizeExceeded',
  'used-id-out-of-range': 'UsedIdOutOfRange',
  'used-id-not-head': 'UsedIdNotHead',
  'used-index-jump': 'UsedIndexJump',
  'used-len-too-large': 'UsedLenTooLarge',
};

describe('Simulation', () => {
  for (const s of nonHostile) {
    it(`scenario ${s.name} (seed 1) completes every request with invariants holding`, () => {
      const sim = new Simulation({ scenario: s.name, seed: 1 }).run(200_000);
      expect(sim.done).toBe(true);
      expect(sim.broken).toBeNull();
      expect(sim.completed).toBe(s.workload.count);
      expect(sim.log.filter((e) => e.kind === 'error')).toEqual([]);
      expect(sim.vq.driver.s.inFlight + sim.vq.driver.s.held).toBe(
        s.workload.kind === 'rx' ? Math.min(s.defaults.queueSize, s.workload.count) : 0,
      );
    });
  }

  it('wrap-around scenario really wraps avail.idx and used.idx past 65535', () => {
    const sim = new Simulation({ scenario: 'wrap-around', seed: 3 }).run();
    const adds = sim.log.filter((e) => e.kind === 'add').map((e) => (e.data.availIdx as { to: number }).to);
    expect(adds).toContain(0);
    expect(adds[0]).toBe(65531);
    expect(sim.completed).toBe(24);
  });

  it('EVENT_IDX suppresses kicks and interrupts in the bursty scenario', () => {
    const on = new Simulation({ scenario: 'bursty', seed: 2 }).run();
    const off = new Simulation({ scenario: 'bursty', seed: 2, features: { eventIdx: false } }).run();
    expect(on.completed).toBe(96);
    expect(off.completed).toBe(96);
    expect(on.vq.kick.s.suppressed + on.vq.call.s.suppressed).toBeGreaterThan(0);
    expect(on.vq.call.s.writes).toBeLessThan(96);
  });

  it('indirect scenario fits requests into one descriptor each with INDIRECT_DESC', () => {
    const sim = new Simulation({ scenario: 'indirect', seed: 4 }).run();
    const adds = sim.log.filter((e) => e.kind === 'add');
    expect(adds.every((e) => (e.data.descriptors as number[]).length === 1)).toBe(true);
    const direct = new Simulation({ scenario: 'indirect', seed: 4, features: { indirect: false } }).run();
    expect(direct.completed).toBe(60);
    expect(direct.log.some((e) => e.kind === 'add-wait')).toBe(true);
  });

  it('out-of-order scenario completes in a different order than it adds', () => {
    const sim = new Simulation({ scenario: 'out-of-order', seed: 9 }).run();
    const added = sim.log.filter((e) => e.kind === 'add').map((e) => e.data.id);
    const done = sim.log.filter((e) => e.kind === 'reclaim').map((e) => e.data.id);
    expect(done).not.toEqual(added);
    expect([...done].sort((a, b) => Number(a) - Number(b))).toEqual([...added].sort((a, b) => Number(a) - Number(b)));
  });

  for (const c of CORRUPTIONS) {
    it(`hostile-${c}: the right side refuses with a typed error, earlier completions kept`, () => {
      const sim = new Simulation({ scenario: `hostile-${c}`, seed: 1 }).run(100_000);
      const err = sim.log.find((e) => e.kind === 'error');
      expect(err, 'an error event').toBeDefined();
      expect(sim.broken).not.toBeNull();
      expect(sim.completed).toBeGreaterThanOrEqual(3);
      const expectedSide = c.startsWith('used-') ? 'driver' : 'device';
      expect(err!.actor).toBe(expectedSide);
      expect(err!.error?.kind).toBe(EXPECTED_KIND[c]);
      expect(sim.done).toBe(true);
    });
  }

  it('seeks backwards and forwards to identical states', () => {
    const sim = new Simulation({ scenario: 'out-of-order', seed: 5 }).run();
    const n = sim.log.length;
    const images = new Map<number, string>();
    for (const p of [0, 1, 17, 64, 65, Math.floor(n / 2), n]) {
      sim.seek(p);
      images.set(
        p,
        JSON.stringify({
          d: Array.from(sim.vq.mem.image().subarray(0, 2048)),
          s: sim.vq.driver.s.freeHead,
          f: sim.vq.driver.s.numFree,
        }),
      );
    }
    for (const p of [n, 65, 1, 64, Math.floor(n / 2), 0, 17]) {
      sim.seek(p);
      expect(sim.position).toBe(p);
      const img = JSON.stringify({
        d: Array.from(sim.vq.mem.image().subarray(0, 2048)),
        s: sim.vq.driver.s.freeHead,
        f: sim.vq.driver.s.numFree,
      });
      expect(img).toBe(images.get(p));
    }
    sim.seek(n);
    expect(sim.log.length).toBe(n); // seeking never rewrites history
  });

  it('forks with an intervention without changing the original', () => {
    const sim = new Simulation({ scenario: 'steady', seed: 1 }).run();
    const before = JSON.stringify(sim.log);
    const fork = sim.fork({ action: 'add-request' }, 10).run();
    expect(JSON.stringify(sim.log)).toBe(before);
    expect(fork.log.slice(0, 10)).toEqual(sim.log.slice(0, 10));
    expect(fork.log[10].kind).toBe('intervention');
    expect(fork.completed).toBe(sim.completed + 1);

    const bad = sim.fork({ action: 'corrupt', corruption: 'head-out-of-range' }, 12).run();
    expect(bad.broken?.kind).toBe('HeadOutOfRange');
  });

  it('refuses unknown scenarios and bad seeds clearly', () => {
    expect(() => new Simulation({ scenario: 'nope', seed: 1 })).toThrow(/unknown scenario "nope"; known: steady/);
    expect(() => new Simulation({ scenario: 'steady', seed: -1 })).toThrow(/seed must be/);
    expect(() => new Simulation({ scenario: 'steady', seed: 1, queueSize: 3 })).toThrow('Bad virtqueue length 3');
  });
});
