import { describe, expect, it } from 'vitest';
import { GOFER_SCENARIOS, GoferSim, WALK_CASES } from '../../model/gofer/index';
import { caseForItem, dentryRows, dentryStatus, outcomeWords } from './derive';

const sc = (id: string) => GOFER_SCENARIOS.find((s) => s.id === id)!;

describe('gofer view derivations', () => {
  it('lists cached dentries and host files in tree order, and flags the replaced baz as stale', () => {
    const s = sc('seed-revalidation');
    const sim = new GoferSim({ design: 'vfs2-9p', mode: 'exclusive', tree: s.tree, script: s.script.slice(0, 2) });
    sim.run();
    const rows = dentryRows(sim.state.run.cache.dentries, sim.state.run.remote.nodes, undefined);
    expect(rows.map((r) => r.path)).toEqual(['/', '/foo', '/foo/bar', '/foo/bar/baz']);
    expect(rows.map((r) => r.depth)).toEqual([0, 1, 2, 3]);
    expect(rows[3].status).toBe('stale');
    expect(rows[1].status).toBe('fresh');
  });

  it('tells a correct negative dentry from one the host has since contradicted', () => {
    const s = sc('negative-dentry');
    const sim = new GoferSim({ design: 'vfs2-9p', mode: 'exclusive', tree: s.tree, script: s.script });
    sim.run();
    const row = dentryRows(sim.state.run.cache.dentries, sim.state.run.remote.nodes, undefined).find(
      (r) => r.path === '/foo/bar/new',
    )!;
    expect(row.status).toBe('wrong-negative');
    expect(dentryStatus(null, null)).toBe('uncached');
  });

  it('finds the walk case behind an operation of a demo', () => {
    const s = sc('seed-revalidation');
    expect(caseForItem(s.tree, s.script, 0)).toBe('stat-cold');
    expect(caseForItem(s.tree, s.script, 1)).toBeNull();
    expect(caseForItem(s.tree, s.script, 2)).toBe('stat-baz-replaced');
    const warm = sc('cold-then-warm');
    expect(caseForItem(warm.tree, warm.script, 1)).toBe('stat-warm');
    expect(WALK_CASES.length).toBeGreaterThan(0);
  });

  it('words an outcome by how it compares with the host', () => {
    const base = { ok: true, errno: null, size: 100, ino: 2, mtime: 0, mtimeClock: 'remote' as const, version: null };
    expect(outcomeWords({ ...base, divergence: 'stale' }).tone).toBe('stale');
    expect(outcomeWords({ ...base, divergence: 'ahead' }).tone).toBe('ahead');
    expect(outcomeWords({ ...base, divergence: 'none' }).text).toContain('100 B');
  });
});
