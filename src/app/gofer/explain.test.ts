import { describe, expect, it } from 'vitest';
import { WALK_CASES, runCase } from '../../model/gofer/index';
import { explainDentry, explainRef, explainRpc } from './explain';

describe('gofer inspector text', () => {
  it('names the source of a reference count next to the model count', () => {
    const c = WALK_CASES.find((w) => w.id === 'stat-baz-replaced')!;
    const r = runCase(c, 'vfs1', 'shared');
    const x = explainRef(c.title, c.description, 'VFS1', 'vfs1/shared', c.id, {
      count: r.count,
      rpcs: r.rpcs.map((p) => p.name),
    });
    expect(x.facts.find(([k]) => k === 'count')![1]).toBe('11');
    expect(x.facts.find(([k]) => k === 'reference')![1]).toMatch(/^11 — seed/);
    expect(explainRpc(r.rpcs[0], 'VFS1').title).toBe('Tgetattr (9P)');
  });

  it('says which clock each timestamp comes from', () => {
    const d = {
      path: '/a',
      negative: false,
      attrs: { ino: 3, type: 'file' as const, size: 10, mtime: 2_000_000, mtimeClock: 'client' as const },
      fid: 4,
      handle: null,
      hostFd: false,
      page: { version: null, dirtyBytes: 0 },
      instantiatedAt: 1_000_000,
      revalidatedAt: 1_000_000,
    };
    const x = explainDentry('/a', d, { ino: 3, type: 'file', size: 10, mtime: 3_000_000_000, version: 1 });
    expect(x.facts.find(([k]) => k === 'cached mtime')![1]).toContain('sandbox clock');
    expect(x.facts.find(([k]) => k === 'host mtime')![1]).toContain('host clock');
    expect(x.facts[0][1]).toBe('fresh');
  });
});
