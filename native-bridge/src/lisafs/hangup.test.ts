// Socket hang-up: the watchdog (blocked in poll for POLLHUP|POLLRDHUP) shuts down the channels in use, throws
// the stack away, waits for the users, destroys every channel and then the socket. Afterwards every call
// fails with ECONNRESET and a message that says why.
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

const err = (f: () => unknown): LisafsError => {
  try {
    f();
  } catch (e) {
    return e as LisafsError;
  }
  throw new Error('expected a throw');
};

describe('lisafs watchdog', () => {
  it('on hang-up tears everything down; later calls fail with a clear ECONNRESET', () => {
    const p = open(3);
    p.call(w.MID.FStat, w.fstatRequest(1));
    p.hangup();
    expect(p.waitDestroyed(2000)).toBe(true);
    const s = p.stats();
    expect(s).toMatchObject({ phase: 'destroyed', reason: 'hangup', stack: null, active: 0, socketUsers: 0 });
    for (const c of s.channels)
      expect(c).toMatchObject({ status: 'dead', deathReason: 'pool-closed', mapped: false, word: 'shutdown' });
    for (let i = 0; i < 5; i++) {
      const e = err(() => p.call(w.MID.FStat, w.fstatRequest(1)));
      expect(e.code).toBe('ECONNRESET');
      expect(e.message).toMatch(/the pool is shut down \(the gofer hung up the socket/);
    }
    expect(err(() => p.hangup()).code).toBe('ECONNRESET'); // nothing left to hang up
    expect(err(() => p.killChannel(0)).code).toBe('ECONNRESET');
    expect(p.close().phase).toBe('destroyed');
  });

  it('frees callers stuck on a gofer that will never answer: channel users get EIO, socket users ECONNRESET', async () => {
    const p = open(2);
    // Four slow calls: two hold channels, two queue on the socket. Then the gofer dies mid-service: it will
    // never hand any window back, so without the watchdog the channel callers would wait forever.
    const calls = [1, 2, 3, 4].map((fd) => p.callAsync(w.MID.FSync, w.fsyncRequest(fd, 5_000_000)));
    await settled(p);
    expect(p.stats().active).toBe(2);
    // Without the watchdog the channel callers would wait forever (the test would time out);
    // with it every call settles, each with its route's error.
    p.hangup();
    const results = await Promise.allSettled(calls);
    const errs = results.map((r) => (r.status === 'rejected' ? (r.reason as LisafsError) : null));
    const byRoute = errs.map((e) => [e?.route, e?.code]).sort();
    expect(byRoute).toEqual([
      [-1, 'ECONNRESET'],
      [-1, 'ECONNRESET'],
      [0, 'EIO'],
      [1, 'EIO'],
    ]);
    expect(errs.find((e) => e?.route === 0)?.message).toMatch(
      /the watchdog shut channel 0 down under the call \(the gofer hung up\)/,
    );
    expect(p.waitDestroyed(2000)).toBe(true);
    expect(p.stats().channels.map((c) => c.deathReason)).toEqual(['shutdown', 'shutdown']);
  });

  it('a socket-only pool notices the hang-up too', () => {
    const p = open(0);
    expect(p.call(w.MID.FStat, w.fstatRequest(1)).route).toBe(-1);
    p.hangup();
    expect(p.waitDestroyed(2000)).toBe(true);
    expect(err(() => p.call(w.MID.FStat, w.fstatRequest(1))).code).toBe('ECONNRESET');
  });
});
