import { describe, expect, it } from 'vitest';
import { Cursor, positionAtTime, record, type Steppable } from './recording';

/** A toy model: a counter whose events say what it did; ends after `end` steps. */
class Counter implements Steppable<{ n: number; sum: number }, { step: number; time: number }> {
  s = { n: 0, sum: 0 };
  steps = 0;
  restores = 0;
  constructor(private end: number) {}
  step() {
    if (this.s.n >= this.end) return null;
    this.steps++;
    this.s.n++;
    this.s.sum += this.s.n * this.s.n;
    return { step: this.s.n - 1, time: this.s.n * 10 };
  }
  snapshot() {
    return { ...this.s };
  }
  restore(x: { n: number; sum: number }) {
    this.restores++;
    this.s = { ...x };
  }
}

describe('record', () => {
  it('keeps every event, a checkpoint every K steps and one sample per position', () => {
    const r = record<{ n: number; sum: number }, { step: number; time: number }, number, Counter>(new Counter(10), {
      every: 4,
      sample: (m) => m.s.sum,
    });
    expect(r.events).toHaveLength(10);
    expect(r.checkpoints.map((c) => c.n)).toEqual([0, 4, 8]);
    expect(r.samples).toHaveLength(11);
    expect(r.samples[3]).toBe(1 + 4 + 9);
    expect(r.truncated).toBe(false);
  });

  it('stops at maxSteps and says so', () => {
    const r = record(new Counter(100), { every: 8, maxSteps: 20 });
    expect(r.events).toHaveLength(20);
    expect(r.truncated).toBe(true);
  });

  it('refuses a bad interval', () => {
    expect(() => record(new Counter(3), { every: 0 })).toThrow(RangeError);
  });
});

describe('Cursor', () => {
  it('reaches every position with the same state as a straight run, in any order', () => {
    const rec = record(new Counter(50), { every: 7 });
    const cur = new Cursor(new Counter(50), rec);
    const order = [50, 0, 13, 12, 14, 49, 7, 6, 21, 35, 35, 1];
    for (const n of order) {
      cur.seek(n);
      const straight = new Counter(50);
      for (let i = 0; i < n; i++) straight.step();
      expect(cur.model.s).toEqual(straight.s);
      expect(cur.position).toBe(n);
    }
  });

  it('steps forward without restoring and re-runs at most K-1 steps after a jump', () => {
    const rec = record(new Counter(100), { every: 10 });
    const m = new Counter(100);
    const cur = new Cursor(m, rec);
    const r0 = m.restores;
    for (let i = 1; i <= 25; i++) cur.seek(i);
    expect(m.restores).toBe(r0 + 2); // only at 10 and 20, where a checkpoint is exactly the target
    cur.seek(99);
    expect(cur.lastCost).toBe(9);
    cur.seek(42);
    expect(cur.lastCost).toBe(2);
  });

  it('clamps out-of-range targets', () => {
    const rec = record(new Counter(5), { every: 2 });
    const cur = new Cursor(new Counter(5), rec);
    expect(cur.seek(-3)).toBe(0);
    expect(cur.seek(99)).toBe(5);
  });
});

describe('positionAtTime', () => {
  const ev = [10, 20, 20, 30].map((time, step) => ({ step, time }));
  it('is the number of events at or before t', () => {
    expect(positionAtTime(ev, 0)).toBe(0);
    expect(positionAtTime(ev, 10)).toBe(1);
    expect(positionAtTime(ev, 25)).toBe(3);
    expect(positionAtTime(ev, 99)).toBe(4);
  });
});
