import { describe, expect, it } from 'vitest';
import { needEvent, needEventWorking } from './constants';

describe('needEvent (vring_need_event)', () => {
  it('fires when the event index is one of the entries just published, [old, new)', () => {
    expect(needEvent(0, 1, 0)).toBe(true); // entry 0 published, the other side asked at 0
    expect(needEvent(1, 1, 0)).toBe(false); // it asked at 1, which is not published yet
    expect(needEvent(4, 8, 4)).toBe(true);
    expect(needEvent(7, 8, 4)).toBe(true);
    expect(needEvent(8, 8, 4)).toBe(false);
    expect(needEvent(3, 8, 4)).toBe(false); // already past: the other side saw it
  });

  it('works across the u16 wrap', () => {
    // published 65534, 65535, 0, 1: the window [65534, 2) straddles 65535 → 0.
    for (const e of [65534, 65535, 0, 1]) expect(needEvent(e, 2, 65534)).toBe(true);
    for (const e of [65533, 2, 3]) expect(needEvent(e, 2, 65534)).toBe(false);
  });

  it('agrees with a plain membership test of the window for every offset', () => {
    for (const old of [0, 100, 65530, 65535]) {
      for (let n = 0; n <= 6; n++) {
        const nw = (old + n) & 0xffff;
        for (let d = -3; d <= 9; d++) {
          const event = (old + d) & 0xffff;
          const inWindow = d >= 0 && d < n;
          expect(needEvent(event, nw, old), `old=${old} n=${n} d=${d}`).toBe(inWindow);
        }
      }
    }
  });
});

describe('needEventWorking', () => {
  it('writes the window half-open and shows both differences', () => {
    expect(needEventWorking(0, 1, 0)).toBe(
      '0 is one of them: just published entry 0 = [0, 1); (new − event − 1) mod 65536 = 0 < new − old = 1',
    );
    expect(needEventWorking(2, 2, 65534)).toBe(
      '2 is not one of them: just published entries 65534…1 = [65534, 2); (new − event − 1) mod 65536 = 65535 ≥ new − old = 4',
    );
  });
});
