// Pool semantics of the real pool, as src/model/lisafs/pool.ts states them: LIFO reuse (the hot channel
// stays hot), the socket fallback when the stack is empty (strictly serialised), dead channels never
// re-pooled.
import { afterEach, describe, expect, it } from 'vitest';
import { LisafsPool, type LisafsError } from './pool.ts';
import * as w from './wire.ts';
import { settled } from './settled.helper.ts';

const pools: LisafsPool[] = [];
const open = (channels: number) => {
  const p = LisafsPool.create({ channels, windowBytes: 16 * 1024 });
  pools.push(p);
  return p;
};
afterEach(() => {
  for (const p of pools.splice(0)) p.close();
});

describe('lisafs pool: LIFO stack', () => {
  it('a single sequential caller keeps reusing the top channel; the others stay cold', () => {
    const p = open(4);
    expect(p.stats().stack).toEqual([0, 1, 2, 3]);
    for (let i = 0; i < 200; i++) expect(p.call(w.MID.FStat, w.fstatRequest(1)).route).toBe(3);
    const s = p.stats();
    expect(s.channels.map((c) => c.uses)).toEqual([0, 0, 0, 200]);
    expect(s.stack).toEqual([0, 1, 2, 3]);
    expect(s.socketUses).toBe(0);
  });

  it('concurrent callers pop down the stack, overflow onto the socket, and push back in release order', async () => {
    const p = open(2);
    // Four callers on libuv workers, each held 150 ms by the gofer: two get channels 1 then 0 (the top first),
    // the other two find the stack empty and queue on the socket, which serves them one at a time.
    const t0 = performance.now();
    const calls = [0, 1, 2, 3].map((i) => p.callAsync(w.MID.FSync, w.fsyncRequest(1 + i, 150_000)));
    await settled(p);
    const mid = p.stats();
    expect(mid.stack).toEqual([]);
    expect(mid.channels.map((c) => [c.status, c.word])).toEqual([
      ['active', 'server-active'],
      ['active', 'server-active'],
    ]);
    expect(mid.socketUsers).toBe(2);
    const routes = (await Promise.all(calls)).map((r) => r.route).sort();
    const ms = performance.now() - t0;
    expect(routes).toEqual([-1, -1, 0, 1]);
    expect(ms).toBeGreaterThanOrEqual(295); // the socket lane is serialised: 2 × 150 ms
    const s = p.stats();
    expect(s.socketUses).toBe(2);
    expect([...s.stack!].sort()).toEqual([0, 1]);
    // Idle again: a sequential caller takes whichever channel went back last, and stays on it.
    const top = s.stack!.at(-1);
    for (let i = 0; i < 10; i++) expect(p.call(w.MID.FStat, w.fstatRequest(1)).route).toBe(top);
  });
});

describe('lisafs pool: channel death', () => {
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e as LisafsError;
    }
    throw new Error('expected a throw');
  };

  it('a killed channel fails its next call with EIO, is marked dead and is never reused', () => {
    const p = open(3);
    expect(p.call(w.MID.FStat, w.fstatRequest(1)).route).toBe(2);
    p.killChannel(2);
    // The client only learns when it uses the channel: it is still on the stack, its word says shutdown.
    let s = p.stats();
    expect(s.stack).toEqual([0, 1, 2]);
    expect(s.channels[2].word).toBe('shutdown');
    const e = err(() => p.call(w.MID.FStat, w.fstatRequest(1)));
    expect([e.code, e.route]).toEqual(['EIO', 2]);
    expect(e.message).toMatch(/channel 2 died under the call \(it will never be re-pooled\)/);
    s = p.stats();
    expect(s.stack).toEqual([0, 1]);
    expect(s.channels[2]).toMatchObject({ status: 'dead', deathReason: 'transport-error' });
    for (let i = 0; i < 100; i++) expect(p.call(w.MID.FStat, w.fstatRequest(1)).route).toBe(1);
    expect(p.stats().channels.map((c) => c.uses)).toEqual([0, 100, 2]);
  });

  it('with every channel dead the pool shrinks to socket-only', () => {
    const p = open(2);
    p.killChannel(0);
    p.killChannel(1);
    expect(err(() => p.call(w.MID.FStat, w.fstatRequest(1))).route).toBe(1);
    expect(err(() => p.call(w.MID.FStat, w.fstatRequest(1))).route).toBe(0);
    for (let i = 0; i < 20; i++) {
      const r = p.call(w.MID.PRead, w.preadRequest(4, 300, i));
      expect(r.route).toBe(-1);
      expect(r.data.equals(w.expectedPRead(4, 300, i))).toBe(true);
    }
    const s = p.stats();
    expect(s.stack).toEqual([]);
    expect(s.channels.map((c) => c.status)).toEqual(['dead', 'dead']);
    expect(s.socketUses).toBe(20);
    expect(err(() => p.killChannel(2)).code).toBe('ENOENT');
  });
});
