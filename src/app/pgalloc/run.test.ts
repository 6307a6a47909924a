import { describe, expect, it } from 'vitest';
import { compareModes, PgallocModel } from '../../model/pgalloc';
import { buildRun, positionForModeSwitch } from './run';
import { configOf, defaultSpec } from './spec';

describe('buildRun', () => {
  it('records both modes with the model’s own summaries and comparison', () => {
    const spec = defaultSpec('touch-everything');
    const run = buildRun(spec);
    const cmp = compareModes(configOf(spec), spec.seed);
    expect(run.comparison).toEqual(cmp);
    expect(run.modes.sync.summary).toEqual(cmp.sync);
    expect(run.modes.background.summary).toEqual(cmp.background);
    expect(run.baseline).toBeNull();
  });

  it('puts the cursor in exactly the state of a straight run, forwards and back', () => {
    const spec = defaultSpec('small-working-set');
    const run = buildRun(spec);
    const n = run.cursor.length;
    for (const target of [n, 1, 700, 699, 64, 65, 3000, 0, n - 1]) {
      run.cursor.seek(target);
      const straight = new PgallocModel(configOf(spec), spec.seed, { checkInvariants: false });
      straight.run(target);
      expect(run.cursor.model.snapshot()).toEqual(straight.snapshot());
    }
  });

  it('reuses the recordings when only the mode changes, and compares with the scenario when settings change', () => {
    const a = buildRun(defaultSpec('spinning-disk'));
    const b = buildRun({ ...a.spec, mode: 'sync' }, a);
    expect(b.modes).toBe(a.modes);
    expect(b.cursor.model.config.mode).toBe('sync');
    const c = buildRun({ ...a.spec, overrides: { seekUs: 0 } }, a);
    expect(c.modes).not.toBe(a.modes);
    expect(c.baseline).toEqual(a.comparison);
  });

  it('maps a position to the same moment in the other mode', () => {
    const run = buildRun(defaultSpec('small-working-set'));
    const bg = run.modes.background;
    const sy = run.modes.sync;
    const p = 500;
    const q = positionForModeSwitch(bg, p, sy);
    const t = bg.recording.events[p - 1].time;
    expect(sy.recording.events[q - 1].time).toBeLessThanOrEqual(t);
    if (q < sy.recording.events.length) expect(sy.recording.events[q].time).toBeGreaterThan(t);
    expect(positionForModeSwitch(bg, bg.recording.events.length, sy)).toBe(sy.recording.events.length);
  });
});
