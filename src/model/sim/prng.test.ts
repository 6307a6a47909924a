import { describe, expect, it } from 'vitest';
import { Prng, hashName } from './prng';

describe('Prng', () => {
  it('gives the same sequence for the same seed and stream name', () => {
    const a = Prng.stream(42, 'device');
    const b = Prng.stream(42, 'device');
    const xs = Array.from({ length: 100 }, () => a.nextU32());
    const ys = Array.from({ length: 100 }, () => b.nextU32());
    expect(xs).toEqual(ys);
  });

  it('gives independent streams for different names and seeds', () => {
    const a = Array.from(
      { length: 8 },
      (
        (p) => () =>
          p.nextU32()
      )(Prng.stream(1, 'driver')),
    );
    const b = Array.from(
      { length: 8 },
      (
        (p) => () =>
          p.nextU32()
      )(Prng.stream(1, 'device')),
    );
    const c = Array.from(
      { length: 8 },
      (
        (p) => () =>
          p.nextU32()
      )(Prng.stream(2, 'driver')),
    );
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('pins the first values of seed 1 so a change of generator is noticed (PRNG_VERSION)', () => {
    const p = Prng.stream(1, 'workload');
    expect([p.nextU32(), p.nextU32(), p.nextU32()]).toMatchInlineSnapshot(`
      [
        3350296089,
        3269611628,
        1161052355,
      ]
    `);
  });

  it('saves and restores its state exactly', () => {
    const p = Prng.stream(7, 'x');
    p.next();
    const saved = p.save();
    const first = [p.next(), p.next()];
    p.restore(saved);
    expect([p.next(), p.next()]).toEqual(first);
  });

  it('keeps int() within bounds and covers them', () => {
    const p = Prng.stream(3, 'ints');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = p.int(-2, 3);
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThanOrEqual(3);
      seen.add(v);
    }
    expect(seen.size).toBe(6);
    expect(() => p.int(5, 4)).toThrow(RangeError);
  });

  it('hashes names with FNV-1a', () => {
    expect(hashName('')).toBe(0x811c9dc5);
    expect(hashName('a')).toBe(0xe40c292c);
  });
});
