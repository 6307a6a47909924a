import { describe, expect, it } from 'vitest';
import { RingError } from './errors';
import { checkQueueSize, customLayout, describeAddress, legacyLayout, modernLayout, ring, vringSize } from './layout';

/**
 * Offsets computed by hand from the spec's table (virtio-rings.md), independently of
 * layout.ts: desc 16·n, avail 6+2n at align 2, used 6+8n at align 4; legacy used at
 * ALIGN(16n + 2(3+n), 4096).
 */
const expected: Record<number, { avail: number; used: number; legacyUsed: number; vringSize: number }> = {
  1: { avail: 16, used: 24, legacyUsed: 4096, vringSize: 4096 + 14 },
  2: { avail: 32, used: 44, legacyUsed: 4096, vringSize: 4096 + 22 },
  8: { avail: 128, used: 152, legacyUsed: 4096, vringSize: 4096 + 70 },
  256: { avail: 4096, used: 4096 + 520, legacyUsed: 8192, vringSize: 10246 },
  1024: { avail: 16384, used: 16384 + 2056, legacyUsed: 16384 + 4096, vringSize: 20480 + 8198 },
  32768: { avail: 524288, used: 524288 + 65544, legacyUsed: 524288 + 69632, vringSize: 524288 + 69632 + 262150 },
};

describe('split ring layout', () => {
  for (const [qsText, e] of Object.entries(expected)) {
    const qs = Number(qsText);
    it(`QS=${qs}: modern and legacy offsets match the spec`, () => {
      const m = modernLayout(qs);
      expect(m.desc).toBe(0);
      expect(m.avail).toBe(e.avail);
      expect(m.used).toBe(e.used);
      expect(m.used % 4).toBe(0);
      const l = legacyLayout(qs, 0, 4096);
      expect(l.avail).toBe(16 * qs);
      expect(l.used).toBe(e.legacyUsed);
      expect(vringSize(qs, 4096)).toBe(e.vringSize);
    });
  }

  it('QS=256 legacy vring_size is 10246 bytes (Linux vring_size(256, 4096))', () => {
    expect(vringSize(256)).toBe(10246);
  });

  it('places each field where the spec says (QS=8)', () => {
    const l = modernLayout(8);
    expect(ring.availIdx(l)).toBe(128 + 2);
    expect(ring.availRing(l, 3)).toBe(128 + 4 + 6);
    expect(ring.usedEvent(l)).toBe(128 + 4 + 16);
    expect(ring.usedIdx(l)).toBe(152 + 2);
    expect(ring.usedElem(l, 2)).toBe(152 + 4 + 16);
    expect(ring.availEvent(l)).toBe(152 + 4 + 64);
  });

  it('a modern layout from an odd base aligns each part', () => {
    const l = modernLayout(4, 3);
    expect(l.desc).toBe(16);
    expect(l.avail).toBe(16 + 64);
    expect(l.used).toBe(16 + 64 + 16); // 6+8=14 → next multiple of 4
  });

  it("refuses sizes that are not powers of two from 1 to 32768, with Linux's message", () => {
    for (const bad of [0, 3, 100, 65536, 32769, -4, 1.5, Number.NaN]) {
      expect(() => checkQueueSize(bad)).toThrow(RingError);
      expect(() => checkQueueSize(bad)).toThrow(`Bad virtqueue length ${bad}`);
    }
    for (let qs = 1; qs <= 32768; qs *= 2) expect(() => checkQueueSize(qs)).not.toThrow();
  });

  it('checks alignment and overlap of custom layouts', () => {
    expect(() => customLayout(8, 8, 256, 512)).toThrow('not 16-byte aligned');
    expect(() => customLayout(8, 0, 257, 512)).toThrow('not 2-byte aligned');
    expect(() => customLayout(8, 0, 256, 514)).toThrow('not 4-byte aligned');
    expect(() => customLayout(8, 0, 64, 512)).toThrow('overlaps');
    expect(customLayout(8, 4096, 0, 8192).used).toBe(8192);
  });

  it('names ring fields by address', () => {
    const l = modernLayout(8);
    expect(describeAddress(l, 16 * 3 + 8)).toBe('desc[3].len');
    expect(describeAddress(l, l.avail + 2)).toBe('avail.idx');
    expect(describeAddress(l, l.avail + 4 + 2 * 5)).toBe('avail.ring[5]');
    expect(describeAddress(l, l.used + 4 + 8 * 7 + 4)).toBe('used.ring[7].len');
    expect(describeAddress(l, ring.availEvent(l))).toBe('used.avail_event');
    expect(describeAddress(l, 100000)).toBeNull();
  });
});
