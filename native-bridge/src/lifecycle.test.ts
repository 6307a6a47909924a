// Lifecycle: stopping a busy device, and create/use/destroy cycles that must not leak fds, mappings
// or threads.
import { describe, expect, it } from 'vitest';
import { NativeDevice, epollWaitBlocking, loadNativeBridge } from './index.ts';
import { openQueue } from './device.helper.ts';
import { fdCount, forceGc, gcUntil, mapsMatching, threadCount } from './proc.helper.ts';
import { F_NEXT, F_WRITE, ringLayout } from './ring-writer.helper.ts';

const mapsLines = () => mapsMatching('');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('native device lifecycle', () => {
  it('close() while the device is busy stops it mid-batch and joins the thread', async () => {
    const th0 = threadCount();
    const q = openQueue({ name: 'rs-busy', qs: 256, size: 2 * 1024 * 1024 });
    const { ring } = q;
    const big = ring.alloc(1024 * 1024); // every chain hashes the same 1 MiB: ~1 ms of work each
    const out = ring.alloc(8);
    for (let h = 0; h < 256; h += 2) {
      ring.desc(h, big, 1024 * 1024, F_NEXT, h + 1);
      ring.desc(h + 1, out, 8, F_WRITE);
    }
    const heads = Array.from({ length: 128 }, (_, i) => 2 * i);
    q.submit(...heads);
    while (q.dev.stats().chains < 2) await sleep(1);
    expect(threadCount()).toBe(th0 + 1);
    // close() stops the thread between chains: fewer than the 128 submitted were done, so it did
    // not wait for the batch (an event-based check; how long close takes is not a test's business).
    const report = q.close();
    expect(report.stats.running).toBe(false);
    expect(report.stats.chains).toBeGreaterThanOrEqual(2);
    expect(report.stats.chains).toBeLessThan(128);
    expect(report.error).toBeNull();
    expect(threadCount()).toBe(th0);
    expect(q.dev.close()).toBe(report); // idempotent
  });

  it('10,000 region + eventfd + device cycles leak no fds, memfd mappings or threads', () => {
    const nb = loadNativeBridge();
    // Warm up once so lazily created process resources (libuv, V8 helpers) are in the baseline.
    const warm = openQueue({ name: 'rs-cycle' });
    warm.close();
    forceGc();
    const fds0 = fdCount();
    const th0 = threadCount();
    const maps0 = mapsLines();
    const l = ringLayout(8);
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const q = openQueue({ name: 'rs-cycle', qs: 8, size: 16 * 1024 });
      const { ring } = q;
      ring.desc(0, ring.put(new Uint8Array([i & 0xff, 1, 2])), 3, F_NEXT, 1);
      ring.desc(1, l.dataAddr + 512, 16, F_WRITE);
      q.submit(0);
      const ready = epollWaitBlocking([q.call.fd], 2000);
      if (ready.length !== 1 || ring.usedIdx() !== 1 || ring.used(0).len !== 11) {
        throw new Error(`cycle ${i}: ${JSON.stringify(ready)} used ${ring.usedIdx()}`);
      }
      const report = q.close();
      if (report.stats.chains !== 1) throw new Error(`cycle ${i}: ${JSON.stringify(report)}`);
    }
    const elapsed = performance.now() - t0;
    expect(fdCount()).toBe(fds0);
    expect(threadCount()).toBe(th0);
    // Explicit close() revoked the memfd mappings: none left, with or without a GC.
    expect(mapsMatching('rs-cycle')).toBe(0);
    expect(nb.pageSize).toBeGreaterThan(0);
    console.log(`10k device cycles: ${(elapsed / 10).toFixed(1)} µs/cycle, maps lines ${maps0} -> ${mapsLines()}`);
  });

  it('after GC the revoked buffers are freed too (the BackingStore deleter munmaps)', async () => {
    const nb = loadNativeBridge();
    forceGc();
    await sleep(20);
    const live0 = nb.liveMappings();
    // One held buffer is live until dropped and collected.
    const one = nb.memfdCreate('rs-gc-one', 4096).fd;
    let held: SharedArrayBuffer | undefined = nb.mapShared(one, 4096);
    nb.closeFd(one); // the mapping keeps the memory; the fd is not needed
    expect(nb.liveMappings()).toBe(live0 + 1);
    held = undefined;
    for (let i = 0; i < 2000; i++) openQueue({ name: 'rs-gc', size: 16 * 1024 }).close();
    const beforeGc = nb.liveMappings();
    await gcUntil(() => nb.liveMappings() <= live0);
    const live = nb.liveMappings();
    console.log(`live mappings: ${live0} at start, ${beforeGc} after 2000 cycles, ${live} after GC`);
    expect(held).toBeUndefined();
    expect(live).toBeLessThanOrEqual(live0);
    expect(mapsMatching('rs-gc')).toBe(0);
  });

  it('a device that is never closed is stopped and freed when its wrapper is collected', async () => {
    const th0 = threadCount();
    const fds0 = fdCount();
    const nb = loadNativeBridge();
    const { fd } = nb.memfdCreate('rs-gc-dev', 16 * 1024);
    const e = nb.eventfdCreate();
    const l = ringLayout(8);
    (() => {
      for (let i = 0; i < 20; i++)
        NativeDevice.create({
          memFd: fd,
          memSize: 16 * 1024,
          queueSize: 8,
          descAddr: l.descAddr,
          availAddr: l.availAddr,
          usedAddr: l.usedAddr,
          kickFd: e,
          callFd: e,
        });
    })();
    expect(threadCount()).toBe(th0 + 20);
    await gcUntil(() => threadCount() <= th0);
    expect(threadCount()).toBe(th0);
    nb.closeFd(fd);
    nb.closeFd(e);
    expect(fdCount()).toBe(fds0);
  });
});
