import { describe, expect, it } from 'vitest';
import { GOFER_SCENARIOS, findGoferScenario } from './scenarios';
import { GoferSim } from './sim';
import { summarizeGofer } from './summary';
import type { DesignId, InteropMode, OpRecord } from './types';

function runs(id: string): Map<string, OpRecord[]> {
  const sc = findGoferScenario(id)!;
  const out = new Map<string, OpRecord[]>();
  for (const r of sc.runs) {
    const sim = new GoferSim({ ...r, tree: sc.tree, script: sc.script });
    sim.run();
    out.set(`${r.design}/${r.mode}`, sim.state.ops);
  }
  return out;
}

describe('gofer scenarios', () => {
  it.each(GOFER_SCENARIOS.map((s) => [s.id, s] as const))('%s runs in every listed design and mode', (_id, sc) => {
    expect(sc.description.length).toBeGreaterThan(150);
    for (const r of sc.runs) {
      const sim = new GoferSim({ ...r, tree: sc.tree, script: sc.script });
      const evs = sim.run();
      expect(evs.every((e) => e.text.length > 10)).toBe(true);
      const sum = summarizeGofer(r.design as DesignId, r.mode as InteropMode, sim.state);
      expect(sum.totalRpcs).toBe(evs.filter((e) => e.kind === 'rpc').length);
    }
  });

  it('seed-revalidation: 11, 6 and 2 round trips for the second stat', () => {
    const r = runs('seed-revalidation');
    expect(['vfs1/shared', 'vfs2-9p/shared', 'lisafs/shared'].map((k) => r.get(k)![1].count)).toEqual([11, 6, 2]);
  });

  it('remote-write-seen: only Shared mode sees the host-side write', () => {
    const r = runs('remote-write-seen');
    for (const mode of ['exclusive', 'writethrough']) {
      const [, , stat, read] = r.get(`vfs2-9p/${mode}`)!;
      expect([stat.count, read.count]).toEqual([0, 0]);
      expect([stat.outcome.size, stat.outcome.divergence, read.outcome.divergence]).toEqual([100, 'stale', 'stale']);
    }
    const [, , stat, read] = r.get('vfs2-9p/shared')!;
    expect([stat.outcome.size, stat.outcome.divergence, read.outcome.divergence]).toEqual([5000, 'none', 'none']);
  });

  it('client-write-visible: Exclusive is ahead of the host until fsync; timestamps follow the mode', () => {
    const r = runs('client-write-visible');
    const ex = r.get('vfs2-9p/exclusive')!;
    expect(ex[1].count).toBe(0);
    expect(ex[1].outcome.divergence).toBe('ahead');
    expect(ex[3].rpcs).toEqual(['Twrite', 'Tfsync']);
    expect(ex[4].outcome.divergence).toBe('none');
    expect(ex[2].outcome.mtimeClock).toBe('client');
    const wt = r.get('vfs2-9p/writethrough')!;
    expect(wt[1].rpcs).toEqual(['Twrite']);
    expect(wt[1].outcome.divergence).toBe('none');
    expect(wt[2].outcome.mtimeClock).toBe('client');
    const sh = r.get('vfs2-9p/shared')!;
    expect(sh[2].outcome.mtimeClock).toBe('remote');
  });

  it('negative-dentry: Exclusive keeps failing from its cache, Shared finds the new file', () => {
    const r = runs('negative-dentry');
    for (const d of ['vfs2-9p', 'lisafs']) {
      const ex = r.get(`${d}/exclusive`)![1];
      expect([ex.outcome.errno, ex.count, ex.outcome.divergence]).toEqual(['ENOENT', 0, 'stale']);
      expect(r.get(`${d}/shared`)![1].outcome.ok).toBe(true);
    }
  });

  it('lisafs-host-fd: I/O after OpenAt costs no RPC under lisafs, one each under 9P', () => {
    const r = runs('lisafs-host-fd');
    expect(
      r
        .get('lisafs/shared')!
        .slice(1)
        .map((o) => o.count),
    ).toEqual([0, 0, 0]);
    expect(
      r
        .get('vfs2-9p/shared')!
        .slice(1)
        .map((o) => o.rpcs),
    ).toEqual([['Tread'], ['Twrite'], ['Tread']]);
  });
});
