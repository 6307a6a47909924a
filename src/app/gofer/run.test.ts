import { describe, expect, it } from 'vitest';
import { GOFER_SCENARIOS, GoferSim } from '../../model/gofer/index';
import { GoferRun } from './run';
import { decodeGoferUrl, defaultGoferSpec, encodeGoferUrl } from './spec';

describe('GoferRun', () => {
  it('runs VFS1, VFS2 and lisafs side by side and ends on the seed counts', () => {
    const run = new GoferRun(defaultGoferSpec('seed-revalidation'));
    run.seek(run.length);
    const last = run.scenario.script.length - 1;
    const counts = run.columns.map((c) => c.timeline.sim.state.ops.find((o) => o.index === last)!.count);
    expect(counts).toEqual([11, 6, 2]);
  });

  it('keeps all columns on the same script item at every step', () => {
    const run = new GoferRun(defaultGoferSpec('remote-write-seen'));
    for (let g = 0; g <= run.length; g++) {
      run.seek(g);
      const item = run.item;
      for (const c of run.columns) {
        const k = c.timeline.position;
        if (k > 0) expect(c.timeline.events[k - 1].item).toBeLessThanOrEqual(item);
      }
    }
  });

  it('seeks backwards to the same state as a fresh run', () => {
    const s = GOFER_SCENARIOS.find((x) => x.id === 'client-write-visible')!;
    const run = new GoferRun({ scenario: s.id, mode: 'exclusive', focus: 'vfs2-9p' });
    run.seek(9);
    const c = run.column('vfs2-9p');
    const fresh = new GoferSim({ design: 'vfs2-9p', mode: 'exclusive', tree: s.tree, script: s.script });
    for (let i = 0; i < c.timeline.position; i++) fresh.step();
    expect(c.timeline.sim.state).toEqual(fresh.state);
  });

  it('runs VFS1 in Shared whatever the chosen mode, and says so', () => {
    const run = new GoferRun({ scenario: 'remote-write-seen', mode: 'exclusive', focus: 'vfs1' });
    expect(run.column('vfs1').mode).toBe('shared');
    expect(run.column('vfs1').note).toMatch(/shared/);
    expect(run.column('lisafs').mode).toBe('exclusive');
  });

  it('round-trips its URL state', () => {
    const spec = { scenario: 'negative-dentry', mode: 'writethrough' as const, focus: 'lisafs' as const };
    expect(decodeGoferUrl(encodeGoferUrl(spec, 4))).toEqual({ spec, step: 4 });
    expect(decodeGoferUrl('?scenario=zzz&mode=bogus&focus=nope').spec).toEqual(defaultGoferSpec());
  });
});
