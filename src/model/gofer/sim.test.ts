import { describe, expect, it } from 'vitest';
import { SEED_TREE } from './cases';
import { GoferInvariantError } from './errors';
import { checkGoferInvariants } from './invariants';
import { GoferSim } from './sim';
import type { ScriptItem } from './types';

const script: ScriptItem[] = [
  { type: 'op', op: 'stat', path: '/foo/bar/baz' },
  { type: 'remote', change: 'replace', path: '/foo/bar/baz' },
  { type: 'op', op: 'open', path: '/foo/bar/baz' },
  { type: 'op', op: 'write', path: '/foo/bar/baz', bytes: 10 },
  { type: 'op', op: 'unlink', path: '/foo/bar/baz' },
];

describe('GoferSim stepping', () => {
  it('hands out op-start, one event per RPC, then op-end, with a running count', () => {
    const sim = new GoferSim({ design: 'vfs2-9p', mode: 'shared', tree: SEED_TREE, script });
    const evs = sim.run();
    expect(evs[0].kind).toBe('op-start');
    const firstEnd = evs.findIndex((e) => e.kind === 'op-end');
    expect(evs.slice(1, firstEnd).every((e) => e.kind === 'rpc')).toBe(true);
    expect(evs[firstEnd].runningCount).toBe(4);
    expect(evs[firstEnd + 1].kind).toBe('remote-change');
    for (let i = 1; i < evs.length; i++) {
      expect(evs[i].runningCount).toBeGreaterThanOrEqual(evs[i - 1].runningCount);
      expect(evs[i].time).toBeGreaterThanOrEqual(evs[i - 1].time);
      expect(evs[i].step).toBe(evs[i - 1].step + 1);
    }
    expect(sim.done).toBe(true);
    expect(sim.step()).toBeNull();
  });

  it('marks which dentries an RPC touched', () => {
    const sim = new GoferSim({ design: 'vfs2-9p', mode: 'shared', tree: SEED_TREE, script: script.slice(0, 3) });
    const evs = sim.run();
    const dropped = evs.find((e) => e.touched?.some((t) => t.change === 'dropped'));
    expect(dropped?.rpc?.name).toBe('Twalkgetattr');
    expect(dropped?.touched).toEqual(
      expect.arrayContaining([
        { path: '/foo/bar/baz', change: 'dropped' },
        { path: '/foo/bar/baz', change: 'added' },
      ]),
    );
  });

  it('is deterministic and seeks back through snapshots', () => {
    const mk = () => new GoferSim({ design: 'lisafs', mode: 'exclusive', tree: SEED_TREE, script });
    expect(mk().run()).toEqual(mk().run());
    const sim = mk();
    sim.run(4);
    const snap = JSON.parse(JSON.stringify(sim.snapshot()));
    const rest = sim.run();
    sim.restore(snap);
    expect(sim.run()).toEqual(rest);
    expect(GoferSim.fromSnapshot(snap).run()).toEqual(rest);
  });

  it('records timestamps with the clock that made them', () => {
    const s: ScriptItem[] = [
      { type: 'op', op: 'open', path: '/foo/bar/baz' },
      { type: 'op', op: 'write', path: '/foo/bar/baz', bytes: 1 },
    ];
    const ex = new GoferSim({ design: 'vfs2-9p', mode: 'exclusive', tree: SEED_TREE, script: s, remoteSkewNs: 5e9 });
    ex.run();
    const d = ex.state.run.cache.dentries['/foo/bar/baz'];
    expect(d.attrs?.mtimeClock).toBe('client');
    expect(d.attrs!.mtime).toBeLessThan(5e9);
    expect(ex.state.run.remote.nodes['/foo/bar/baz'].mtime).toBe(5e9); // untouched since creation
  });
});

describe('gofer invariants', () => {
  it('catch a negative dentry under Shared', () => {
    const sim = new GoferSim({
      design: 'vfs2-9p',
      mode: 'shared',
      tree: SEED_TREE,
      script: [{ type: 'op', op: 'stat', path: '/foo/bar/baz' }],
    });
    sim.run();
    const cache = structuredClone(sim.state.run.cache);
    cache.dentries['/foo/nope'] = {
      ...cache.dentries['/foo/bar/baz'],
      path: '/foo/nope',
      negative: true,
      attrs: null,
      fid: null,
      handle: null,
    };
    expect(() => checkGoferInvariants(cache, 'shared', [], 0)).toThrow(
      expect.objectContaining({ kind: 'negative-in-shared' }),
    );
  });

  it('catch a stray fid left behind by a walk', () => {
    const sim = new GoferSim({
      design: 'vfs1',
      mode: 'shared',
      tree: SEED_TREE,
      script: [{ type: 'op', op: 'stat', path: '/foo' }],
    });
    sim.run();
    const cache = structuredClone(sim.state.run.cache);
    cache.fids['99'] = 'walk:/foo';
    expect(() => checkGoferInvariants(cache, 'shared', [], 0)).toThrow(GoferInvariantError);
  });
});
