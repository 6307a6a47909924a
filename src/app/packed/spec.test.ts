import { describe, expect, it } from 'vitest';
import { refusedParams } from '../kit/link-check';
import { decodePackedUrl, defaultPackedSpec, encodePackedUrl, PACKED_PARAMS } from './spec';

describe('the packed view URL', () => {
  it('round-trips every setting and the step', () => {
    const spec = { seed: 77, queueSize: 5, eventIdx: true, indirect: true, requests: 40, outOfOrder: 0 };
    const search = encodePackedUrl(spec, 12);
    expect(search).toContain('f=event_idx,indirect');
    expect(decodePackedUrl(search)).toEqual({ spec, step: 12 });
  });
  it('falls back to the defaults for what it refuses, and says so', () => {
    const bad = '?seed=-1&qs=257&f=bogus&n=0&ooo=101&step=x';
    expect(decodePackedUrl(bad)).toEqual({ spec: defaultPackedSpec(), step: null });
    expect(refusedParams(bad, PACKED_PARAMS).length).toBe(6);
    expect(refusedParams(encodePackedUrl(defaultPackedSpec(), 3), PACKED_PARAMS)).toEqual([]);
  });
});
