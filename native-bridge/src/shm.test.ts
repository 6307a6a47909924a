import { describe, expect, it } from 'vitest';
import { SharedRegion, loadNativeBridge } from './index.ts';
import { mapsMatching } from './proc.helper.ts';

const nb = loadNativeBridge();

describe('memfd regions as SharedArrayBuffers', () => {
  it('two mappings of one memfd see plain and Atomics writes both ways', () => {
    const r = SharedRegion.create('rs-shm-both-ways', 8192);
    try {
      const a = r.buffer;
      const b = r.map();
      expect(a).toBeInstanceOf(SharedArrayBuffer);
      expect(a.byteLength).toBe(8192);
      const ua = new Uint8Array(a);
      const ub = new Uint8Array(b);
      ua[100] = 42;
      expect(ub[100]).toBe(42);
      ub[8191] = 7;
      expect(ua[8191]).toBe(7);

      const ia = new Int32Array(a);
      const ib = new Int32Array(b);
      Atomics.store(ia, 10, 1234);
      expect(Atomics.load(ib, 10)).toBe(1234);
      expect(Atomics.add(ib, 10, 6)).toBe(1234);
      expect(Atomics.load(ia, 10)).toBe(1240);
      expect(Atomics.compareExchange(ia, 10, 1240, -1)).toBe(1240);
      expect(Atomics.load(ib, 10)).toBe(-1);
      const u16 = new Uint16Array(b);
      Atomics.store(u16, 3, 0xbeef);
      expect(new DataView(a).getUint16(6, true)).toBe(0xbeef);
    } finally {
      r.close();
    }
  });

  it('close() revokes every mapping: the memfd leaves /proc/self/maps and stale views read zeros', () => {
    const r = SharedRegion.create('rs-shm-revoke', 4096);
    const extra = r.map();
    new Uint8Array(r.buffer)[0] = 9;
    expect(mapsMatching('rs-shm-revoke')).toBe(2);
    r.close();
    expect(mapsMatching('rs-shm-revoke')).toBe(0);
    const stale = new Uint8Array(extra);
    expect(stale[0]).toBe(0); // harmless anonymous memory, not a fault
    stale[0] = 1; // still writable, goes nowhere
    expect(() => r.map()).toThrow(/closed/);
    r.close(); // idempotent
  });

  it('unmapShared reports a second revoke and rejects foreign buffers', () => {
    const { fd } = nb.memfdCreate('rs-shm-unmap', 4096);
    const sab = nb.mapShared(fd, 4096);
    expect(nb.unmapShared(sab)).toBe(true);
    expect(nb.unmapShared(sab)).toBe(false);
    expect(() => nb.unmapShared(new SharedArrayBuffer(16))).toThrow(/not a buffer returned by mapShared/);
    nb.closeFd(fd);
  });

  it('refuses to map past the end of the file (which would SIGBUS) and reports errno codes', () => {
    const { fd } = nb.memfdCreate('rs-shm-small', 4096);
    try {
      expect(() => nb.mapShared(fd, 8192)).toThrow(expect.objectContaining({ code: 'EINVAL' }));
      expect(() => nb.mapShared(fd, 4096, 100)).toThrow(RangeError);
    } finally {
      nb.closeFd(fd);
    }
    let err: NodeJS.ErrnoException | undefined;
    try {
      nb.closeFd(fd);
    } catch (e) {
      err = e as NodeJS.ErrnoException;
    }
    expect(err?.code).toBe('EBADF');
    expect(err?.syscall).toBe('close');
    expect(err?.message).toMatch(/^closeFd: close failed: Bad file descriptor \(EBADF\)/);
    expect(() => nb.mapShared(99999, 4096)).toThrow(expect.objectContaining({ code: 'EBADF' }));
    expect(() => nb.memfdCreate('x', -1)).toThrow(RangeError);
  });

  it('a Worker given the SharedArrayBuffer writes the same memory', async () => {
    const { Worker } = await import('node:worker_threads');
    const r = SharedRegion.create('rs-shm-worker', 4096);
    try {
      const w = new Worker(
        `const { workerData, parentPort } = require('node:worker_threads');
         Atomics.store(new Int32Array(workerData), 1, 77); parentPort.postMessage('done');`,
        { eval: true, workerData: r.buffer },
      );
      await new Promise((res, rej) => {
        w.once('message', res);
        w.once('error', rej);
      });
      await w.terminate();
      const other = r.map();
      expect(Atomics.load(new Int32Array(other), 1)).toBe(77);
    } finally {
      r.close();
    }
  });
});
