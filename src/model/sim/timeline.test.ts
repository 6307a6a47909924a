import { describe, expect, it } from 'vitest';
import { LisafsPoolSim, POOL_SCENARIOS } from '../lisafs/index';
import { Timeline, type Steppable } from './timeline';

/** A toy model: counts up to a limit; its state after n steps is n. */
class Counter implements Steppable<number, number> {
  n = 0;
  stepsTaken = 0;
  constructor(private limit: number) {}
  step() {
    if (this.n >= this.limit) return null;
    this.stepsTaken++;
    return ++this.n;
  }
  snapshot() {
    return this.n;
  }
  restore(s: number) {
    this.n = s;
  }
}

describe('Timeline', () => {
  it('runs the model to the end, logging every event, and keeps one snapshot per interval', () => {
    const t = new Timeline(new Counter(100), 16);
    expect(t.length).toBe(100);
    expect(t.events[99]).toBe(100);
    expect(t.truncated).toBe(false);
    expect(t.snapshotCount).toBe(1 + Math.floor(100 / 16));
    expect(t.position).toBe(100);
  });

  it('seeks to any position, backwards and forwards, replaying at most one interval', () => {
    const c = new Counter(100);
    const t = new Timeline(c, 16);
    for (const p of [0, 50, 49, 3, 99, 100, 17, 64]) {
      const before = c.stepsTaken;
      t.seek(p);
      expect(c.n).toBe(p);
      expect(t.position).toBe(p);
      expect(c.stepsTaken - before).toBeLessThanOrEqual(16);
    }
  });

  it('clamps out-of-range positions and marks a run cut off by maxSteps', () => {
    const t = new Timeline(new Counter(1000), 8, 40);
    expect(t.truncated).toBe(true);
    expect(t.length).toBe(40);
    t.seek(-5);
    expect(t.position).toBe(0);
    t.seek(1e9);
    expect(t.position).toBe(40);
  });

  it('gives the lisafs pool the same state after a seek as a fresh run to that step', () => {
    const sc = POOL_SCENARIOS.find((s) => s.id === 'gofer-hangup')!;
    const t = new Timeline(new LisafsPoolSim(sc.config), 32);
    for (const p of [t.length, 7, 100, 65, t.length - 1]) {
      t.seek(p);
      const fresh = new LisafsPoolSim(sc.config);
      for (let i = 0; i < p; i++) fresh.step();
      expect(t.sim.state).toEqual(fresh.state);
      expect(t.sim.now).toBe(fresh.now);
    }
  });
});
