import { describe, expect, it } from 'vitest';
import { KiB, PGALLOC_SCENARIOS, validateConfig } from '../../model/pgalloc';
import { configOf, defaultSpec, effectiveKnobs, normalize, parsePgUrl, pgSearch } from './spec';

describe('pgalloc spec', () => {
  it('is the scenario itself when nothing is changed', () => {
    for (const sc of PGALLOC_SCENARIOS) {
      const spec = defaultSpec(sc.id);
      expect(configOf(spec)).toEqual(sc.config);
      expect(spec.seed).toBe(sc.seed);
    }
  });

  it('applies the knobs in the model’s units', () => {
    const spec = {
      ...defaultSpec('spinning-disk'),
      mode: 'sync' as const,
      overrides: { inflight: 64, readKiB: 128, seekUs: 0, pattern: 'locality' as const },
    };
    const c = configOf(spec);
    expect(c.mode).toBe('sync');
    expect(c.loader).toMatchObject({ maxInflight: 64, maxReadBytes: 128 * KiB });
    expect(c.disk.seekNs).toBe(0);
    expect(c.disk.latencyNs).toBe(200_000); // the scenario's, untouched
    expect(c.app.pattern.kind).toBe('locality');
    validateConfig(c);
  });

  it('drops changes equal to the scenario’s values', () => {
    const s = normalize({ ...defaultSpec('shallow-queue'), overrides: { inflight: 1, iovecs: 8 } });
    expect(s.overrides).toEqual({ iovecs: 8 });
    expect(effectiveKnobs(s).inflight).toBe(1);
  });

  it('round-trips through the URL', () => {
    const spec = normalize({
      scenario: 'touch-everything',
      seed: 77,
      mode: 'sync',
      overrides: { inflight: 16, latencyUs: 500, bandwidthMBps: 250, pattern: 'touch-seq' },
    });
    const search = pgSearch({ spec, step: 123 });
    expect(parsePgUrl(search)).toEqual({ spec, step: 123 });
  });

  it('ignores what it cannot use', () => {
    const u = parsePgUrl('?s=nope&seed=-4&mode=fast&q=0&read=6&pat=zigzag&step=x');
    expect(u.spec).toEqual(defaultSpec());
    expect(u.step).toBeNull();
  });
});
