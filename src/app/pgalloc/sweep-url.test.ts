import { describe, expect, it } from 'vitest';
import { SWEEP_PARAM_IDS, SWEEP_PARAMS } from '../../model/pgalloc';
import { defaultSpec, parsePgUrl, pgSearch } from './spec';
import { defaultSweep, parseSweepUrl, sameSweep, sweepQuery, DEFAULT_SWEEP_POINTS } from './sweep-url';

describe('the sweep in the URL', () => {
  it('round-trips every setting, next to the run’s own parameters, with the step last', () => {
    for (const param of SWEEP_PARAM_IDS) {
      const sw = { param, from: SWEEP_PARAMS[param].defaultFrom, to: SWEEP_PARAMS[param].defaultTo, points: 7 };
      const spec = { ...defaultSpec('spinning-disk'), overrides: { inflight: 16 } };
      const q = pgSearch({ spec, step: 40 }, sweepQuery(sw));
      expect(parseSweepUrl(q)).toEqual(sw);
      expect(parsePgUrl(q)).toEqual({ spec, step: 40 });
      expect(q.endsWith('step=40')).toBe(true);
    }
  });

  it('is absent unless a setting is named; bad values fall back to the setting’s defaults', () => {
    expect(parseSweepUrl('?s=spinning-disk&swa=3')).toBeNull();
    expect(parseSweepUrl('?sw=warp')).toBeNull();
    expect(parseSweepUrl('?sw=seek&swa=-5&swb=x&swn=99')).toEqual(defaultSweep('seek'));
    expect(parseSweepUrl('?sw=inflight&swa=0')).toEqual({
      ...defaultSweep('inflight'),
      from: SWEEP_PARAMS.inflight.defaultFrom,
    });
    expect(defaultSweep('bandwidth').points).toBe(DEFAULT_SWEEP_POINTS);
    expect(sweepQuery(null)).toEqual([]);
  });

  it('compares sweeps by value', () => {
    expect(sameSweep(defaultSweep('seek'), defaultSweep('seek'))).toBe(true);
    expect(sameSweep(defaultSweep('seek'), { ...defaultSweep('seek'), points: 3 })).toBe(false);
    expect(sameSweep(null, null)).toBe(true);
    expect(sameSweep(null, defaultSweep('seek'))).toBe(false);
  });
});
