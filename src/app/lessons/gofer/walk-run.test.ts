import { describe, expect, test } from 'vitest';
import { WalkRun } from './walk-run';

const seed = (design: 'vfs1' | 'vfs2-9p' | 'lisafs') =>
  new WalkRun({ design, mode: 'shared', source: { scenario: 'seed-revalidation' } });

describe('WalkRun', () => {
  test("counts each operation's RPCs: the seed's replaced file costs 11, 6 and 2", () => {
    expect(seed('vfs1').rpcCount(2)).toBe(11);
    expect(seed('vfs2-9p').rpcCount(2)).toBe(6);
    expect(seed('lisafs').rpcCount(2)).toBe(2);
  });

  test('beforeItem(i) is the state the operation starts from; shown() then names the next operation with nothing sent', () => {
    const r = seed('vfs2-9p');
    r.seek(r.beforeItem(2));
    expect(r.state.run.cache.dentries['/foo/bar/baz'].attrs?.ino).not.toBe(
      r.state.run.remote.nodes['/foo/bar/baz'].ino,
    );
    expect(r.shown(r.beforeItem(2))).toEqual({ item: 2, events: [] });
    const whole = r.shown(r.lastRpc(2));
    expect(whole.item).toBe(2);
    expect(whole.events.filter((e) => e.kind === 'rpc')).toHaveLength(6);
  });

  test('peek leaves the run where it was; outcomes are what the application saw', () => {
    const r = new WalkRun({ design: 'vfs2-9p', mode: 'exclusive', source: { scenario: 'remote-write-seen' } });
    r.seek(3);
    expect(r.peek(r.length, (s) => s.item)).toBe(r.script.length);
    expect(r.position).toBe(3);
    expect(r.outcomeOf(3)?.size).toBe(100);
    expect(r.outcomeOf(3)?.divergence).toBe('stale');
    expect(r.outcomeOf(2)).toBeNull();
  });

  test('a random script is the same for the same seed', () => {
    const a = new WalkRun({ design: 'lisafs', mode: 'shared', source: { random: 9, length: 8 } });
    const b = new WalkRun({ design: 'lisafs', mode: 'shared', source: { random: 9, length: 8 } });
    expect(a.events.map((e) => e.text)).toEqual(b.events.map((e) => e.text));
    expect(a.opItems().every((i) => a.script[i].type === 'op')).toBe(true);
  });
});
