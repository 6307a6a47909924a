// Lifecycle of the real pool: create/use/close cycles leak no fds or threads, and closing while calls are
// in flight (on channels and on the socket, with the gofer mid-service) fails them instead of waiting.
import { describe, expect, it } from 'vitest';
import { fdCount, mapsMatching, threadCount } from '../proc.helper.ts';
import { LisafsPool, type LisafsError } from './pool.ts';
import * as w from './wire.ts';
import { settled } from './settled.helper.ts';

describe('lisafs pool lifecycle', () => {
  it('1,000 create / call / close cycles leak no fds, threads or window mappings', () => {
    const warm = LisafsPool.create({ channels: 2, windowBytes: 16 * 1024 });
    warm.call(w.MID.FStat, w.fstatRequest(1));
    warm.close();
    const fds0 = fdCount();
    const th0 = threadCount();
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) {
      const channels = i % 3; // 0 (socket only), 1, 2
      const p = LisafsPool.create({ channels, windowBytes: 16 * 1024 });
      if (i === 0) {
        // gofer socket thread + a thread per channel + the watchdog
        expect(threadCount()).toBe(th0 + 2);
      }
      const r = p.call(w.MID.FStat, w.fstatRequest(i + 1));
      if (r.route !== channels - 1) throw new Error(`cycle ${i}: route ${r.route}`);
      if (channels && i % 10 < 3) p.killChannel(0); // some cycles close with a window already shut down
      const s = p.close();
      if (s.phase !== 'destroyed' || s.reason !== 'closed') throw new Error(`cycle ${i}: ${JSON.stringify(s)}`);
    }
    const ms = performance.now() - t0;
    expect(fdCount()).toBe(fds0);
    expect(threadCount()).toBe(th0);
    expect(mapsMatching('ringside-lisafs-chan')).toBe(0);
    console.log(`1k lisafs pool cycles: ${ms.toFixed(0)} µs/cycle`);
  });

  it('close() while calls are in flight fails them without waiting for the gofer; close is idempotent', async () => {
    const th0 = threadCount();
    const fds0 = fdCount();
    const p = LisafsPool.create({ channels: 2, windowBytes: 16 * 1024 });
    // Two callers hold channels and two sit on the socket, the gofer serving each for 5 s.
    const calls = [1, 2, 3, 4].map((fd) => p.callAsync(w.MID.FSync, w.fsyncRequest(fd, 5_000_000)));
    await settled(p);
    expect(p.stats()).toMatchObject({ active: 2, socketUsers: 2 });
    // close() does not wait for the 5 s services: had it waited, the calls would have completed;
    // instead every one fails (an event-based check, not a timing).
    const final = p.close();
    expect(final).toMatchObject({ phase: 'destroyed', reason: 'closed', stack: null, active: 0, socketUsers: 0 });
    const results = await Promise.allSettled(calls);
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as LisafsError).code : 'ok')).sort();
    expect(codes).toEqual(['ECONNRESET', 'ECONNRESET', 'EIO', 'EIO']);
    expect(p.close()).toBe(final);
    expect(p.closed).toBe(true);
    expect(() => p.call(w.MID.FStat, w.fstatRequest(1))).toThrow(/LisafsPool is closed/);
    expect(threadCount()).toBe(th0);
    expect(fdCount()).toBe(fds0);
  });

  it('a call queued on a worker after close() fails cleanly (the pool memory outlives the handle)', async () => {
    const p = LisafsPool.create({ channels: 1, windowBytes: 16 * 1024 });
    const pending = p.callAsync(w.MID.FStat, w.fstatRequest(1));
    p.close();
    // Whatever the interleaving with the worker: an answer or a clean error, never a crash or a hang.
    const r = await pending.then(
      (v) => v.route,
      (e: LisafsError) => e.code,
    );
    expect([0, 'EIO', 'ECONNRESET']).toContain(r); // ran, was cut short by the close, or came too late
  });

  it('bad options are refused with range errors', () => {
    expect(() => LisafsPool.create({ windowBytes: 5000 })).toThrow(/multiple of 4096/);
    expect(() => LisafsPool.create({ channels: 65 })).toThrow(RangeError);
  });
});
