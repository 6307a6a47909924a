// 1,000 connect / run / teardown cycles against one qemu-storage-daemon (null-co: the cheapest
// back-end, and one that keeps listening between sessions) leave no fds, memfd mappings, threads
// or processes behind; virtiofsd (one connection per daemon) is cycled too, with its processes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNativeBridge } from '../index.ts';
import { fdCount, gcUntil, mapsMatching, threadCount } from '../proc.helper.ts';
import { openBlk } from './blk.ts';
import { liveDaemons, startStorageDaemon, startVirtiofsd, tempDir } from './daemons.ts';
import { FUSE_ROOT_ID, openFs } from './fs.ts';
import { childPids } from './test.helper.ts';

const mapsLines = () => mapsMatching('');

/**
 * One session: open, one read, close. Its own call frame, so nothing of the session outlives it:
 * a session held in the test's async frame (a loop's last `b` in a suspended register) would keep
 * its memfd mapping alive, and whether V8 keeps one there depends on which tier compiled the frame.
 */
async function blkCycle(socketPath: string, features: { eventIdx: boolean; indirect: boolean }, i: number) {
  const b = await openBlk({ socketPath, features, queueSize: 16 });
  const r = await b.read(i % 2048, 512);
  if (r.usedLen !== 513 || r.status !== 0) throw new Error(`cycle ${i}: ${JSON.stringify(r)}`);
  if (b.close().lastAvail !== 1) throw new Error(`cycle ${i}: the back-end did not see exactly one chain`);
}

describe('connect / run / teardown cycles', () => {
  it('1,000 vhost-user-blk sessions leak no fds, mappings, threads or processes', async () => {
    const dir = tempDir();
    const sd = await startStorageDaemon({ dir: dir.path, nullSize: 1 << 20 });
    try {
      const F = { eventIdx: true, indirect: false };
      // warm-up: lazily created process resources (libuv, V8 helpers, malloc arenas and cached
      // thread stacks of the epoll threads) join the baseline
      for (let i = 0; i < 200; i++) await blkCycle(sd.nullSocket, F, 0);
      const nb = loadNativeBridge();
      // V8 frees collected backing stores on a background thread: let the warm-up's go first
      await gcUntil(() => nb.liveMappings() === 0);
      const live0 = nb.liveMappings();
      expect(live0, 'bridge mappings still live after the warm-up').toBe(0);
      const fds0 = fdCount();
      const th0 = threadCount();
      const maps0 = mapsLines();
      const kids0 = childPids().length;
      const t0 = performance.now();
      for (let i = 0; i < 1000; i++) {
        await blkCycle(sd.nullSocket, { eventIdx: (i & 1) === 0, indirect: (i & 2) === 0 }, i);
      }
      const ms = performance.now() - t0;
      console.log(
        `1000 vhost-user-blk cycles: ${(ms / 1000).toFixed(2)} ms/cycle; maps lines ${maps0} -> ${mapsLines()}`,
      );
      // A closed session's epoll thread may still be exiting, and V8 may still be freeing the
      // last wrappers, when the loop ends: wait for the counts to come back (a leak never does),
      // then require them exactly.
      await gcUntil(() => fdCount() === fds0 && threadCount() === th0);
      expect(fdCount(), 'open fds after 1,000 sessions').toBe(fds0);
      expect(threadCount(), 'threads after 1,000 sessions').toBe(th0);
      // close() revoked every memfd mapping at once; the revoked ranges (private zero pages under
      // the stale SharedArrayBuffers) are unmapped when V8 collects them
      expect(mapsMatching('ringside-vhost-user-blk')).toBe(0);
      await gcUntil(() => nb.liveMappings() === 0);
      const live = nb.liveMappings();
      console.log(`live mappings ${live0} -> ${live}; maps lines ${maps0} -> ${mapsLines()} after GC`);
      expect(live, 'bridge mappings still live').toBe(0);
      // The exact checks are the two above (our mappings by name, and every SharedArrayBuffer the
      // bridge mapped, freed). The total line count also moves with V8's heap and malloc: about
      // +125 lines over the run on its own here, more beside the other native test files. A
      // mapping leaked per cycle would add 1,000, so the bound sits halfway.
      expect(mapsLines(), 'lines in /proc/self/maps').toBeLessThan(maps0 + 500);
      expect(childPids().length, 'child processes').toBe(kids0);
      expect(sd.daemon.running).toBe(true);
    } finally {
      await sd.daemon.stop();
      dir.remove();
    }
  });

  it('20 virtiofsd start / session / stop cycles leave no processes or fds', async () => {
    const dir = tempDir();
    const share = join(dir.path, 'share');
    mkdirSync(share);
    try {
      const kids0 = childPids().length;
      const live0 = liveDaemons();
      const fds0 = fdCount();
      for (let i = 0; i < 20; i++) {
        const v = await startVirtiofsd({ source: share, dir: dir.path });
        const fs = await openFs({
          socketPath: v.socket,
          features: { eventIdx: true, indirect: true },
          connectTimeoutMs: 2000,
        });
        const dh = await fs.opendir(FUSE_ROOT_ID);
        await fs.releasedir(FUSE_ROOT_ID, dh);
        fs.close();
        await v.daemon.stop();
      }
      // libuv closes a stopped daemon's stdio pipes on a later tick: wait for them, then be exact.
      await gcUntil(() => fdCount() === fds0 && childPids().length === kids0);
      expect(childPids().length, 'child processes').toBe(kids0);
      expect(liveDaemons()).toBe(live0);
      expect(fdCount(), 'open fds').toBe(fds0);
    } finally {
      dir.remove();
    }
  });
});
