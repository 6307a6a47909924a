import { describe, expect, it } from 'vitest';
import { POOL_SCENARIOS } from '../../model/lisafs/index';
import { configFor, decodePoolUrl, defaultPoolSpec, encodePoolUrl } from './spec';

describe('lisafs URL state', () => {
  it('round-trips scenario, seed, channel count and step', () => {
    const spec = { scenario: 'dying-channels', seed: 42, channels: 3 };
    expect(decodePoolUrl(encodePoolUrl(spec, 17))).toEqual({ spec, step: 17 });
    const auto = { ...spec, channels: null };
    expect(decodePoolUrl(encodePoolUrl(auto, 0))).toEqual({ spec: auto, step: 0 });
  });

  it("falls back to the scenario's defaults on bad input", () => {
    const u = decodePoolUrl('?scenario=nope&seed=-3&channels=abc&step=x');
    expect(u.spec).toEqual(defaultPoolSpec(POOL_SCENARIOS[0].id));
    expect(u.step).toBeNull();
  });

  it('builds the model configuration from the scenario, overriding seed and channels', () => {
    const c = configFor({ scenario: 'gofer-hangup', seed: 5, channels: 2 });
    expect(c.hangupAtNs).toBe(120_000);
    expect(c.seed).toBe(5);
    expect(c.channels).toBe(2);
    expect('channels' in configFor({ scenario: 'gofer-hangup', seed: 5, channels: null })).toBe(false);
  });
});
