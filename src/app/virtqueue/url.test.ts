import { describe, expect, it } from 'vitest';
import { decodeInterventions, encodeInterventions, parseUrl, sameSpec, specBaseIndex, toSearch } from './url';

describe('url state', () => {
  it('round-trips scenario, seed, size, features, requests, interventions, step and selection', () => {
    const u = {
      spec: {
        scenario: 'bursty',
        seed: 42,
        queueSize: 64,
        features: { eventIdx: false, indirect: true },
        requests: 30,
      },
      interventions: [
        { at: 5, action: 'add-request' as const },
        { at: 9, action: 'complete-now' as const, head: 3 },
        { at: 12, action: 'corrupt' as const, corruption: 'descriptor-loop' as const },
      ],
      step: 17,
      selection: { t: 'ind' as const, head: 2, k: 1 },
    };
    const search = toSearch(u);
    expect(search).toContain('f=indirect');
    expect(search).toContain('iv=5.add~9.done.3~12.bad.descriptor-loop');
    expect(parseUrl(search)).toEqual(u);
  });

  it('falls back to the scenario defaults for missing or invalid values', () => {
    const u = parseUrl('?s=nope&seed=-3&qs=12&step=x&sel=zz');
    expect(u.spec).toEqual({
      scenario: 'steady',
      seed: 1,
      queueSize: 8,
      features: { eventIdx: false, indirect: false },
    });
    expect(u.step).toBeNull();
    expect(u.selection).toBeNull();
    expect(parseUrl('?s=bursty').spec.features).toEqual({ eventIdx: true, indirect: false });
    expect(parseUrl('?s=bursty&f=none').spec.features).toEqual({ eventIdx: false, indirect: false });
  });

  it('carries the starting index and single-descriptor requests only when set', () => {
    const u = parseUrl('?s=steady&seed=3&qs=4&base=65534&one=1');
    expect(u.spec).toMatchObject({ baseIndex: 65534, single: true });
    expect(toSearch(u)).toContain('base=65534&one=1');
    expect(parseUrl(toSearch(u)).spec).toEqual(u.spec);
    const plain = toSearch(parseUrl('?s=steady'));
    expect(plain).not.toContain('base=');
    expect(plain).not.toContain('one=');
    // Out of the 16-bit range, or not "1": the scenario's own settings.
    expect(parseUrl('?base=65536&one=yes').spec).not.toHaveProperty('baseIndex');
    expect(parseUrl('?base=65536&one=yes').spec).not.toHaveProperty('single');
  });

  it("treats the scenario's own starting index, set or not, as the same run", () => {
    const wrap = parseUrl('?s=wrap-around').spec;
    expect(specBaseIndex(wrap)).toBe(65530);
    expect(sameSpec(wrap, { ...wrap, baseIndex: 65530 })).toBe(true);
    expect(sameSpec(wrap, { ...wrap, baseIndex: 0 })).toBe(false);
    expect(sameSpec(wrap, { ...wrap, single: false })).toBe(true);
    expect(sameSpec(wrap, { ...wrap, single: true })).toBe(false);
  });

  it('drops malformed interventions', () => {
    expect(decodeInterventions('3.add~x.add~4.bad.nonsense~5.done.~6.done.2')).toEqual([
      { at: 3, action: 'add-request' },
      { at: 6, action: 'complete-now', head: 2 },
    ]);
    expect(encodeInterventions([])).toBe('');
  });
});
