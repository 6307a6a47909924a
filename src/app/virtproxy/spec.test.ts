import { describe, expect, it } from 'vitest';
import { VIRTPROXY_SCENARIOS } from '../../model/virtproxy';
import { buildVpRun } from './run';
import { configOf, defaultSpec, normalize, parseVpUrl, vpSearch } from './spec';

describe('virtproxy spec', () => {
  it('is the scenario itself when nothing is changed', () => {
    for (const sc of VIRTPROXY_SCENARIOS) expect(configOf(defaultSpec(sc.id))).toEqual(sc.config);
  });
  it('round-trips through the URL and ignores junk', () => {
    const spec = normalize({
      scenario: 'no-dependency',
      seed: 9,
      mode: 'credit',
      overrides: { sockBufBytes: 64, lanePackets: 2 },
    });
    expect(parseVpUrl(vpSearch({ spec, step: 17 }))).toEqual({ spec, step: 17 });
    expect(parseVpUrl('?s=zz&mode=fast&sock=0&step=-1')).toEqual({ spec: defaultSpec(), step: null });
  });
});

describe('buildVpRun', () => {
  it('deadlocks only without flow control, on the review scenario, in all three modes', () => {
    const run = buildVpRun(defaultSpec('review-deadlock'));
    expect(run.modes.shared.outcome).toBe('deadlock');
    expect(run.modes.ports.outcome).toBe('complete');
    expect(run.modes.credit.outcome).toBe('complete');
  });
  it('puts the cursor in the recorded state, back and forth', () => {
    const spec = defaultSpec('review-credit');
    const run = buildVpRun(spec);
    const n = run.cursor.length;
    for (const t of [n, 5, 400, 399, 33, 0]) {
      run.cursor.seek(t);
      const other = buildVpRun(spec).cursor;
      other.seek(0);
      for (let i = 0; i < t; i++) other.model.step();
      expect(run.cursor.model.snapshot()).toEqual(other.model.snapshot());
      expect(run.recording.samples[t].lane).toEqual(run.cursor.model.view().lanes.map((l) => l.bytes.length));
    }
  });
  it('keeps the all-modes table when only the mode changes', () => {
    const a = buildVpRun(defaultSpec('review-deadlock'));
    const b = buildVpRun({ ...a.spec, mode: 'credit' }, a);
    expect(b.modes).toBe(a.modes);
    expect(b.cursor.model.config.mode).toBe('credit');
  });
});
