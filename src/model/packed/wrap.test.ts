import { describe, expect, it } from 'vitest';
import {
  advance,
  advanceAny,
  availBits,
  decodeOffWrap,
  describeBits,
  distance,
  encodeOffWrap,
  extended,
  isAvail,
  isUsed,
  packedNeedEvent,
  usedBits,
  wrapOfTotal,
  type Wrap,
} from './wrap';

const A = 0x80;
const U = 0x8000;

/** Lap parity of a free-running slot count, written out independently of wrap.ts: lap 0 has counter 1. */
const lapWrap = (t: number, qs: number): Wrap => (Math.floor(t / qs) % 2 === 0 ? 1 : 0);
const at = (t: number, qs: number) => ({ pos: t % qs, wrap: lapWrap(t, qs) });

describe('AVAIL / USED bits', () => {
  it('the driver writes AVAIL = counter, USED = its inverse; the device writes both = counter', () => {
    expect(availBits(1)).toBe(A);
    expect(availBits(0)).toBe(U);
    expect(usedBits(1)).toBe(A | U);
    expect(usedBits(0)).toBe(0);
  });

  it('reads all four combinations against both counters (truth table from the spec)', () => {
    // [flags, wrap, available?, used?]
    const table: [number, Wrap, boolean, boolean][] = [
      [0, 1, false, false], // zeroed ring in lap 1: nothing yet
      [0, 0, false, true], // used in a lap with counter 0
      [A, 1, true, false],
      [A, 0, false, false], // made available for lap 1, seen from lap 0: stale
      [U, 1, false, false],
      [U, 0, true, false],
      [A | U, 1, false, true],
      [A | U, 0, false, false],
    ];
    for (const [flags, wrap, avail, used] of table) {
      expect(isAvail(flags, wrap), `avail 0x${flags.toString(16)} w${wrap}`).toBe(avail);
      expect(isUsed(flags, wrap), `used 0x${flags.toString(16)} w${wrap}`).toBe(used);
      expect(describeBits(flags, wrap)).toBe(avail ? 'available' : used ? 'used' : 'stale');
      // the other flag bits do not matter
      expect(isAvail(flags | 7, wrap)).toBe(avail);
      expect(isUsed(flags | 7, wrap)).toBe(used);
    }
    for (const w of [0, 1] as Wrap[]) {
      expect(isAvail(availBits(w), w)).toBe(true);
      expect(isUsed(usedBits(w), w)).toBe(true);
      expect(isAvail(usedBits(w), w)).toBe(false);
      expect(isUsed(availBits(w), w)).toBe(false);
    }
  });
});

describe('positions and wrap counters', () => {
  it('advance flips the counter when the position reaches or passes the end', () => {
    expect(advance(0, 1, 3, 5)).toEqual({ pos: 3, wrap: 1 });
    expect(advance(3, 1, 2, 5)).toEqual({ pos: 0, wrap: 0 }); // lands exactly on the end
    expect(advance(4, 0, 3, 5)).toEqual({ pos: 2, wrap: 1 });
    expect(advance(2, 1, 5, 5)).toEqual({ pos: 2, wrap: 0 }); // a whole lap: same slot, other counter
    expect(advance(0, 1, 1, 1)).toEqual({ pos: 0, wrap: 0 });
  });

  it('advance and advanceAny agree with free-running counts for small rings', () => {
    for (let qs = 1; qs <= 7; qs++) {
      for (let t = 0; t < 4 * qs; t++) {
        const from = at(t, qs);
        for (let n = 0; n <= qs; n++) expect(advance(from.pos, from.wrap, n, qs)).toEqual(at(t + n, qs));
        for (let n = 0; n <= 5 * qs; n++) expect(advanceAny(from.pos, from.wrap, n, qs)).toEqual(at(t + n, qs));
      }
    }
  });

  it('distance counts the slots between two positions up to a full ring', () => {
    for (let qs = 1; qs <= 7; qs++) {
      for (let t = 0; t < 4 * qs; t++) {
        for (let n = 0; n <= qs; n++) {
          const a = at(t, qs);
          const b = at(t + n, qs);
          expect(distance(a.pos, a.wrap, b.pos, b.wrap, qs), `qs ${qs} t ${t} n ${n}`).toBe(n);
        }
        expect(wrapOfTotal(t, qs)).toBe(lapWrap(t, qs));
        expect(extended(t % qs, lapWrap(t, qs), qs)).toBe(t % (2 * qs));
      }
    }
  });

  it('off_wrap keeps the offset in bits 0-14 and the counter in bit 15', () => {
    expect(encodeOffWrap(5, 1)).toBe(0x8005);
    expect(encodeOffWrap(5, 0)).toBe(5);
    expect(encodeOffWrap(0x7fff, 1)).toBe(0xffff);
    expect(decodeOffWrap(0x8005)).toEqual({ off: 5, wrap: 1 });
    expect(decodeOffWrap(0x7fff)).toEqual({ off: 0x7fff, wrap: 0 });
    for (const off of [0, 1, 100, 32767])
      for (const w of [0, 1] as Wrap[]) {
        expect(decodeOffWrap(encodeOffWrap(off, w))).toEqual({ off, wrap: w });
      }
  });
});

describe('packedNeedEvent (vring_need_event with the wrap counter)', () => {
  it('a hand-worked case across the wrap: QS 8, slots 5,6,7,0 just published', () => {
    // event at slot 6 of the lap that had counter 1; the driver is now in lap 0 at slot 1
    expect(packedNeedEvent(encodeOffWrap(6, 1), 0, 1, (1 - 4) & 0xffff, 8)).toBe(true);
    expect(packedNeedEvent(encodeOffWrap(0, 0), 0, 1, (1 - 4) & 0xffff, 8)).toBe(true);
    expect(packedNeedEvent(encodeOffWrap(1, 0), 0, 1, (1 - 4) & 0xffff, 8)).toBe(false); // next one, not yet
    expect(packedNeedEvent(encodeOffWrap(4, 1), 0, 1, (1 - 4) & 0xffff, 8)).toBe(false); // already passed
    // same slot 6, but the counter says lap 0: that one is still ahead
    expect(packedNeedEvent(encodeOffWrap(6, 0), 0, 1, (1 - 4) & 0xffff, 8)).toBe(false);
  });

  it('is "the asked-for descriptor is one of those just published" for every position, size and window', () => {
    let checked = 0;
    for (const qs of [1, 2, 3, 5, 8, 13]) {
      for (let before = 0; before < 3 * qs; before++) {
        for (let n = 0; n <= qs; n++) {
          const after = before + n;
          const now = at(after, qs);
          const oldIdx = (now.pos - n) & 0xffff; // Linux: next_avail_idx − num_added, u16
          for (let off = 0; off < qs; off++) {
            for (const w of [0, 1] as Wrap[]) {
              // independent answer: some t in [before, after) is slot `off` in a lap whose counter is `w`
              let expected = false;
              for (let t = before; t < after; t++) if (t % qs === off && lapWrap(t, qs) === w) expected = true;
              const got = packedNeedEvent(encodeOffWrap(off, w), now.wrap, now.pos, oldIdx, qs);
              expect(got, `qs ${qs} [${before}, ${after}) off ${off} w ${w}`).toBe(expected);
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});
