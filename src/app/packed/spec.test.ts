import { describe, expect, it } from 'vitest';
import { refusedParams } from '../kit/link-check';
import { configFor, decodePackedUrl, defaultPackedSpec, encodePackedUrl, PACKED_PARAMS } from './spec';

describe('the packed view URL', () => {
  it('round-trips every setting and the step', () => {
    const spec = {
      scenario: 'odd-size',
      seed: 77,
      queueSize: 5,
      eventIdx: true,
      indirect: true,
      requests: 40,
      outOfOrder: 0,
    };
    const search = encodePackedUrl(spec, 12);
    expect(search).toContain('f=event_idx,indirect');
    expect(decodePackedUrl(search)).toEqual({ spec, step: 12 });
  });
  it("takes a scenario's defaults and fixes what it fixes", () => {
    const u = decodePackedUrl('?s=whole-ring-bug&seed=5');
    expect(u.spec).toMatchObject({ scenario: 'whole-ring-bug', seed: 5, queueSize: 4, eventIdx: true });
    expect(configFor(u.spec)).toMatchObject({
      wholeRingEvery: 2,
      driver: { wholeRingWrapBug: true },
      checkInvariants: false,
    });
    expect(configFor(defaultPackedSpec())).not.toHaveProperty('wholeRingEvery');
  });
  it('falls back to the defaults for what it refuses, and says so', () => {
    const bad = '?seed=-1&qs=257&f=bogus&n=0&ooo=101&step=x';
    expect(decodePackedUrl(bad)).toEqual({ spec: defaultPackedSpec(), step: null });
    expect(refusedParams(bad, PACKED_PARAMS).length).toBe(6);
    expect(refusedParams(encodePackedUrl(defaultPackedSpec(), 3), PACKED_PARAMS)).toEqual([]);
  });
});
