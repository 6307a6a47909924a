import { describe, expect, it } from 'vitest';
import { REFERENCE_COUNTS, WALK_CASES } from './cases';
import { DEFAULT_COLUMNS, comparisonTable, measuredColumn, runCase } from './compare';
import { GoferInvariantError } from './errors';
import { GoferSim } from './sim';
import type { DesignId, InteropMode } from './types';

const caseById = (id: string) => WALK_CASES.find((c) => c.id === id)!;

describe('RPC-count table from the seed and the reference', () => {
  it.each(REFERENCE_COUNTS.map((r) => [r.caseId, r.column, r.count] as const))(
    '%s under %s costs %i RPCs',
    (caseId, column, count) => {
      const [design, mode] = column.split('/') as [DesignId, InteropMode];
      expect(runCase(caseById(caseId), design, mode).count).toBe(count);
    },
  );

  it('reproduces the seed\'s VFS1 sequence for stat("/foo/bar/baz") with baz failing revalidation', () => {
    const r = runCase(caseById('stat-baz-replaced'), 'vfs1', 'shared');
    expect(r.rpcs.map((x) => `${x.name} ${x.target}`)).toEqual([
      'Tgetattr /', // CheckPermission
      'Twalkgetattr /', // Revalidate foo
      'Tclunk /foo',
      'Tgetattr /foo',
      'Twalkgetattr /foo',
      'Tclunk /foo/bar',
      'Tgetattr /foo/bar',
      'Twalkgetattr /foo/bar', // Revalidate baz: fails
      'Tclunk /foo/bar/baz',
      'Twalkgetattr /foo/bar', // Lookup: new dirent keeps this fid
      'Tgetattr /foo/bar/baz', // stat's UnstableAttr
    ]);
    expect(r.rpcs[9].newFid).not.toBeNull();
    expect(r.rpcs[10].fid).toBe(r.rpcs[9].newFid);
  });

  it("reproduces the seed's VFS2 sequence: 1 + 2 + 2 + 1, keeping fid3 for the new dentry", () => {
    const r = runCase(caseById('stat-baz-replaced'), 'vfs2-9p', 'shared');
    expect(r.rpcs.map((x) => `${x.name} ${x.target}`)).toEqual([
      'Tgetattr /',
      'Twalkgetattr /',
      'Tclunk /foo',
      'Twalkgetattr /foo',
      'Tclunk /foo/bar',
      'Twalkgetattr /foo/bar',
    ]);
    expect(r.outcome.divergence).toBe('none');
  });

  it('revalidates a warm path with a single WalkStat under lisafs Shared', () => {
    const r = runCase(caseById('stat-warm'), 'lisafs', 'shared');
    expect(r.rpcs.map((x) => x.name)).toEqual(['WalkStat']);
    expect(r.rpcs[0].args).toContain('["", "foo", "bar", "baz"]');
  });

  it('lisafs: open is revalidation plus OpenAt, and I/O on the donated host FD costs nothing', () => {
    expect(runCase(caseById('open-warm'), 'lisafs', 'shared').rpcs.map((x) => x.name)).toEqual(['WalkStat', 'OpenAt']);
    expect(runCase(caseById('read-again'), 'lisafs', 'shared').count).toBe(0);
    expect(runCase(caseById('write-open'), 'lisafs', 'shared').count).toBe(0);
  });

  it('lisafs without host-FD donation falls back to PRead', () => {
    const c = caseById('read-again');
    const sim = new GoferSim({
      design: 'lisafs',
      mode: 'shared',
      tree: c.tree,
      script: [...c.setup, { type: 'op', ...c.measured }],
      hostFdDonation: false,
    });
    sim.run();
    expect(sim.state.ops[sim.state.ops.length - 1].rpcs).toEqual(['PRead']);
  });

  it('VFS2 over 9P: cold walks keep every fid; Exclusive skips the starting Tgetattr', () => {
    expect(runCase(caseById('stat-cold'), 'vfs2-9p', 'shared').rpcs.map((x) => x.name)).toEqual([
      'Tgetattr',
      'Twalkgetattr',
      'Twalkgetattr',
      'Twalkgetattr',
    ]);
    expect(runCase(caseById('stat-cold'), 'vfs2-9p', 'exclusive').rpcs.map((x) => x.name)).toEqual([
      'Twalkgetattr',
      'Twalkgetattr',
      'Twalkgetattr',
    ]);
    expect(runCase(caseById('open-warm'), 'vfs2-9p', 'exclusive').rpcs.map((x) => x.name)).toEqual(['Twalk', 'Tlopen']);
    expect(runCase(caseById('unlink-warm'), 'vfs2-9p', 'exclusive').rpcs.map((x) => x.name)).toEqual(['Tunlinkat']);
  });

  it('refuses a mode a design does not have', () => {
    expect(() => new GoferSim({ design: 'vfs1', mode: 'exclusive', tree: {}, script: [] })).toThrow(
      GoferInvariantError,
    );
  });

  it('builds a comparison table with a measured fourth column', () => {
    const fuse = measuredColumn('virtiofsd/fuse', 'virtiofsd (FUSE), measured', 'FUSE', {
      'stat-cold': { count: 4, rpcs: ['FUSE_LOOKUP', 'FUSE_LOOKUP', 'FUSE_LOOKUP', 'FUSE_GETATTR'] },
    });
    const t = comparisonTable(WALK_CASES, [...DEFAULT_COLUMNS, fuse]);
    expect(t.columns.map((c) => c.origin)).toEqual(['model', 'model', 'model', 'model', 'model', 'measured']);
    const cold = t.rows.find((r) => r.caseId === 'stat-cold')!;
    expect(cold.counts.map((c) => c?.count)).toEqual([7, 4, 3, 2, 1, 4]);
    expect(t.rows.find((r) => r.caseId === 'stat-warm')!.counts[5]).toBeNull();
    expect(() => structuredClone(t)).not.toThrow();
  });
});
