import { describe, expect, it } from 'vitest';
import { aliceBobMaryJoe, VirtproxyModel } from '../../../model/virtproxy';
import { VpRun } from './vp-run';

describe('VpRun', () => {
  it('replays the review run, seeks both ways, and finds the cycle at the end', () => {
    const run = new VpRun({ seed: 1, mode: 'shared', maryBytes: 4096 });
    const ev = new VirtproxyModel(aliceBobMaryJoe(4096), { mode: 'shared' }, 1, { checkInvariants: false }).run();
    expect(run.events.map((e) => e.text)).toEqual(ev.map((e) => e.text));
    expect(run.final.outcome).toBe('deadlock');
    run.seek(run.length);
    expect(run.graph().cycle?.length).toBe(run.final.cycle?.length);
    run.seek(10);
    const s = JSON.stringify(run.state.conns);
    run.seek(0);
    run.seek(10);
    expect(JSON.stringify(run.state.conns)).toBe(s);
  });

  it('both fixes finish on the same seed', () => {
    expect(new VpRun({ seed: 1, mode: 'ports', maryBytes: 4096 }).final.outcome).toBe('complete');
    expect(new VpRun({ seed: 1, mode: 'credit', maryBytes: 4096 }).final.outcome).toBe('complete');
  });

  it('the practice sizes give both outcomes', () => {
    const outcomes = new Set(
      Array.from(
        { length: 30 },
        (_, seed) =>
          new VpRun({ seed, mode: 'shared', maryBytes: 16 + (((seed * 2654435761) >>> 0) % 1200) }).final.outcome,
      ),
    );
    expect([...outcomes].sort()).toEqual(['complete', 'deadlock']);
  });
});
