import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LisafsPoolSim } from './sim';
import type { PoolConfig } from './types';

/** Random but bounded workloads; the seed of the model run is part of the generated config. */
const configArb: fc.Arbitrary<Partial<PoolConfig> & { seed: number }> = fc.record({
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  gomaxprocs: fc.integer({ min: 1, max: 8 }),
  channels: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  callers: fc.integer({ min: 0, max: 8 }),
  rpcsPerCaller: fc.integer({ min: 1, max: 12 }),
  thinkMeanNs: fc.integer({ min: 0, max: 20_000 }),
  serviceMeanNs: fc.integer({ min: 0, max: 10_000 }),
  channelDeathProb: fc.constantFrom(0, 0.02, 0.2),
  unsupportedProb: fc.constantFrom(0, 0.1),
  oversizeProb: fc.constantFrom(0, 0.1),
  serverErrorProb: fc.constantFrom(0, 0.1),
  hangupAtNs: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: null }),
});

function runChecked(cfg: Partial<PoolConfig> & { seed: number }) {
  const sim = new LisafsPoolSim(cfg);
  const held = new Map<number, number>(); // channel → caller, rebuilt from events
  for (let e = sim.step(); e; e = sim.step()) {
    // invariants already ran inside step(); check the event stream independently too.
    if (e.kind === 'channel-acquired') {
      expect(held.has(e.channel!)).toBe(false);
      held.set(e.channel!, e.caller!);
    }
    if (e.kind === 'channel-released') held.delete(e.channel!);
    for (const id of held.keys()) expect(e.stack ?? []).not.toContain(id);
    for (const ch of sim.state.channels) expect(['available', 'active', 'dead']).toContain(ch.status);
    expect(sim.steps).toBeLessThan(100_000);
  }
  return sim;
}

describe('LisafsPoolSim properties', () => {
  it('fc seed 20240607: invariants hold on every step; runs end with nothing held', () => {
    fc.assert(
      fc.property(configArb, (cfg) => {
        const sim = runChecked(cfg);
        const s = sim.state;
        expect(s.activeCount).toBe(0);
        expect(s.socket.holder).toBeNull();
        expect(s.socket.queue).toEqual([]);
        expect(s.callers.every((c) => c.current === null)).toBe(true);
        // Every application RPC is accounted for exactly once.
        const apps = s.callers.filter((c) => c.role === 'app');
        const appIds = new Set(apps.map((c) => c.id));
        const done = apps.reduce((n, c) => n + c.completed + c.failed, 0);
        expect(s.latency.filter((l) => appIds.has(l.caller))).toHaveLength(done);
      }),
      { seed: 20240607, numRuns: 150 },
    );
  });

  it('fc seed 777: after the watchdog fires nothing is usable and nothing leaks', () => {
    fc.assert(
      fc.property(configArb, fc.integer({ min: 0, max: 200_000 }), (cfg, at) => {
        const sim = runChecked({ ...cfg, hangupAtNs: at });
        const s = sim.state;
        expect(s.watchdog.phase).toBe('destroyed');
        expect(s.stack).toBeNull();
        expect(s.channels.every((c) => c.status === 'dead' && c.destroyed && c.holder === null)).toBe(true);
        expect(s.fds).toEqual({ socket: 0, channelFdSockets: 0, mappedWindows: 0 });
        // No RPC finishing after the hang-up succeeded.
        expect(s.latency.filter((l) => l.doneAt > at && l.path !== 'rejected' && l.errno === null)).toEqual([]);
      }),
      { seed: 777, numRuns: 100 },
    );
  });

  it('fc seed 31337: snapshot at any step, restore, and the rest replays identically', () => {
    fc.assert(
      fc.property(configArb, fc.integer({ min: 0, max: 200 }), (cfg, cut) => {
        const sim = new LisafsPoolSim(cfg);
        sim.run(cut);
        const snap = sim.snapshot();
        const rest = sim.run();
        sim.restore(snap);
        expect(sim.run()).toEqual(rest);
      }),
      { seed: 31337, numRuns: 60 },
    );
  });
});
