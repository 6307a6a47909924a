import { describe, expect, it } from 'vitest';
import { PgallocModel } from '../../../model/pgalloc';
import { configOf } from '../../pgalloc/spec';
import { PgRun, SweepRun } from './pg-run';

const spec = { scenario: 'small-working-set', seed: 1, mode: 'background' as const, overrides: { inflight: 8 } };

describe('PgRun', () => {
  it('replays the same events as a fresh model with the /pgalloc spec, and seeks both ways', () => {
    const run = new PgRun(spec);
    const m = new PgallocModel(configOf(spec), spec.seed, { checkInvariants: false });
    const ev = m.run();
    expect(run.length).toBe(ev.length);
    expect(run.events.map((e) => e.text)).toEqual(ev.map((e) => e.text));
    run.seek(100);
    const at100 = JSON.stringify(run.state.stats);
    run.seek(run.length);
    run.seek(100);
    expect(JSON.stringify(run.state.stats)).toBe(at100);
  });

  it('finds moments and says what an access meets, as the events say', () => {
    const run = new PgRun(spec);
    const b = run.before('access-blocked')!;
    expect(run.events[b].kind).toBe('access-blocked');
    expect(['inflight', 'queued']).toContain(run.accessOutcome(b));
    const h = run.before('access-hit')!;
    expect(run.accessOutcome(h)).toBe('loaded');
    const t = run.touchAt(b);
    expect(t.thread).toBe(run.events[b].thread);
    expect(run.peek(5, (m) => m.view().step)).toBe(5);
  });
});

describe('SweepRun', () => {
  it('reveals points one by one and names where background stops winning', () => {
    const s = new SweepRun(
      { scenario: 'spinning-disk', seed: 4, mode: 'background', overrides: { pattern: 'locality' } },
      { param: 'seek', from: 0, to: 3000, points: 7 },
    );
    expect(s.length).toBe(7);
    s.seek(3);
    expect(s.current()).toBe(s.points[2]);
    const stop = s.stopsWinning();
    expect(typeof stop).toBe('number');
    const i = stop as number;
    expect(s.points[i].backgroundWins).toBe(true);
    expect(s.points[i + 1].backgroundWins).toBe(false);
  });
});
