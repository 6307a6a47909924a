import { describe, expect, it } from 'vitest';
import { Prng } from '../sim/prng';
import { GuestAllocator } from './allocator';

describe('GuestAllocator', () => {
  it('allocates lowest-first with alignment and merges on release', () => {
    const a = new GuestAllocator(0x1000, 256);
    const x = a.alloc(10, 16)!;
    const y = a.alloc(20, 16)!;
    expect(x).toBe(0x1000);
    expect(y).toBe(0x1010);
    a.release(x);
    expect(a.alloc(16, 16)).toBe(0x1000);
    a.release(0x1000);
    a.release(y);
    expect(a.save().free).toEqual([[0x1000, 0x1100]]);
    expect(a.alloc(256, 16)).toBe(0x1000);
    expect(a.alloc(1, 1)).toBeNull();
  });

  it('refuses double release and bad lengths', () => {
    const a = new GuestAllocator(0, 64);
    expect(() => a.release(0)).toThrow(RangeError);
    expect(() => a.alloc(0)).toThrow(RangeError);
  });

  it('seed 5: random alloc/release never overlaps and frees everything back', () => {
    const p = Prng.stream(5, 'alloc-test');
    const a = new GuestAllocator(4096, 8192);
    const live: [number, number][] = [];
    for (let i = 0; i < 3000; i++) {
      if (live.length > 0 && p.bool(0.45)) {
        const [at] = live.splice(p.int(0, live.length - 1), 1)[0];
        a.release(at);
      } else {
        const len = p.int(1, 700);
        const at = a.alloc(len, p.pick([1, 2, 16, 64]));
        if (at === null) continue;
        expect(at).toBeGreaterThanOrEqual(4096);
        expect(at + len).toBeLessThanOrEqual(4096 + 8192);
        for (const [s, l] of live) expect(at + len <= s || s + l <= at).toBe(true);
        live.push([at, len]);
      }
    }
    for (const [at] of live) a.release(at);
    expect(a.save().free).toEqual([[4096, 4096 + 8192]]);
    expect(a.inUse).toBe(0);
  });
});
