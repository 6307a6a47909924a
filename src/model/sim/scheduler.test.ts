import { describe, expect, it } from 'vitest';
import { Prng } from './prng';
import { Scheduler } from './scheduler';

describe('Scheduler', () => {
  it('runs events in time order, ties in scheduling order, and advances virtual time', () => {
    const s = new Scheduler<string>();
    s.schedule(10, 'b');
    s.schedule(5, 'a');
    s.schedule(10, 'c');
    s.schedule(0, 'first');
    const out: [number, string][] = [];
    for (let e = s.pop(); e; e = s.pop()) out.push([e.at, e.payload]);
    expect(out).toEqual([
      [0, 'first'],
      [5, 'a'],
      [10, 'b'],
      [10, 'c'],
    ]);
    expect(s.now).toBe(10);
  });

  it('schedules relative to the current virtual time', () => {
    const s = new Scheduler<number>();
    s.schedule(100, 1);
    s.pop();
    s.schedule(5, 2);
    expect(s.pop()?.at).toBe(105);
  });

  it('refuses negative and non-finite delays', () => {
    const s = new Scheduler<number>();
    expect(() => s.schedule(-1, 0)).toThrow(RangeError);
    expect(() => s.schedule(Number.NaN, 0)).toThrow(RangeError);
    expect(() => s.schedule(Infinity, 0)).toThrow(RangeError);
  });

  it('matches a sorted reference for random schedules (seed 11)', () => {
    const p = Prng.stream(11, 'sched-test');
    const s = new Scheduler<number>();
    const ref: { at: number; seq: number }[] = [];
    for (let i = 0; i < 500; i++) {
      const at = p.int(0, 50);
      s.schedule(at, i);
      ref.push({ at, seq: i });
    }
    ref.sort((x, y) => x.at - y.at || x.seq - y.seq);
    const got = [];
    for (let e = s.pop(); e; e = s.pop()) got.push(e.payload);
    expect(got).toEqual(ref.map((r) => r.seq));
  });

  it('saves, restores and cancels', () => {
    const s = new Scheduler<{ k: string }>();
    s.schedule(3, { k: 'x' });
    s.schedule(1, { k: 'y' });
    const saved = s.save();
    expect(s.cancel((p) => p.k === 'y')).toBe(1);
    expect(s.pop()?.payload.k).toBe('x');
    s.restore(saved);
    expect(s.pop()?.payload.k).toBe('y');
    expect(s.pop()?.payload.k).toBe('x');
  });
});
