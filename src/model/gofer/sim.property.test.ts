import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomScript } from './scenarios';
import { GoferSim } from './sim';
import type { DesignId, InteropMode } from './types';

const PAIRS: [DesignId, InteropMode][] = [
  ['vfs1', 'shared'],
  ['vfs2-9p', 'exclusive'],
  ['vfs2-9p', 'writethrough'],
  ['vfs2-9p', 'shared'],
  ['lisafs', 'exclusive'],
  ['lisafs', 'writethrough'],
  ['lisafs', 'shared'],
];

function runAll(seed: number, length: number) {
  const { tree, script } = randomScript(seed, length);
  const out = new Map<string, GoferSim>();
  for (const [design, mode] of PAIRS) {
    const sim = new GoferSim({ design, mode, tree, script });
    sim.run(); // invariants are checked on every step
    out.set(`${design}/${mode}`, sim);
  }
  return { script, out };
}

describe('gofer walk properties', () => {
  it('fc seed 4242: random scripts keep every invariant in every design and mode', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 40 }), (seed, n) => {
        const { out } = runAll(seed, n);
        for (const sim of out.values()) expect(sim.done).toBe(true);
      }),
      { seed: 4242, numRuns: 80 },
    );
  });

  it('fc seed 99: Shared mode never answers stat with stale data', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const { out } = runAll(seed, 30);
        for (const [k, sim] of out) {
          if (!k.endsWith('/shared')) continue;
          for (const o of sim.state.ops) if (o.op.op === 'stat') expect(o.outcome.divergence).not.toBe('stale');
        }
      }),
      { seed: 99, numRuns: 60 },
    );
  });

  it('fc seed 1234: per stat, lisafs ≤ VFS2 ≤ VFS1 round trips under Shared', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const { out } = runAll(seed, 30);
        const v1 = out.get('vfs1/shared')!.state.ops;
        const v2 = out.get('vfs2-9p/shared')!.state.ops;
        const li = out.get('lisafs/shared')!.state.ops;
        v1.forEach((o, i) => {
          if (o.op.op !== 'stat') return;
          expect(li[i].count).toBeLessThanOrEqual(v2[i].count);
          expect(v2[i].count).toBeLessThanOrEqual(o.count);
        });
      }),
      { seed: 1234, numRuns: 60 },
    );
  });

  it('fc seed 5150: a snapshot taken at any step replays the rest identically', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom(...PAIRS),
        (seed, cut, [design, mode]) => {
          const { tree, script } = randomScript(seed, 20);
          const sim = new GoferSim({ design, mode, tree, script });
          sim.run(cut);
          const snap = sim.snapshot();
          const rest = sim.run();
          sim.restore(snap);
          expect(sim.run()).toEqual(rest);
        },
      ),
      { seed: 5150, numRuns: 60 },
    );
  });
});
