import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventFd, SharedRegion, loadNativeBridge, unix } from './index.ts';

const nb = loadNativeBridge();

describe('Unix sockets with SCM_RIGHTS', () => {
  it('passes an eventfd across a socketpair; the received fd is the same counter', () => {
    const [a, b] = unix.socketpair();
    const e = EventFd.create({ nonblocking: true });
    try {
      expect(unix.sendmsgFds(a, Buffer.from('SET_VRING_KICK'), [e.fd])).toBe(14);
      const r = unix.recvmsgFds(b, 64, 4, 1000);
      expect(r.data.toString()).toBe('SET_VRING_KICK');
      expect(r.fds).toHaveLength(1);
      expect(r.eof || r.timedOut || r.fdsTruncated).toBe(false);
      const got = r.fds[0];
      expect(got).not.toBe(e.fd);
      nb.eventfdWrite(got, 6); // write on the received end...
      expect(e.read()).toBe(6); // ...read on the original
      e.write(2);
      expect(nb.eventfdRead(got)).toBe(2);
      nb.closeFd(got);
    } finally {
      e.close();
      unix.close(a);
      unix.close(b);
    }
  });

  it('passes a memfd: the receiver maps the same memory', () => {
    const [a, b] = unix.socketpair();
    const region = SharedRegion.create('rs-unix-memfd', 4096);
    try {
      new Uint8Array(region.buffer)[10] = 0x5a;
      unix.sendmsgFds(a, new Uint8Array([1]), [region.fd]);
      const r = unix.recvmsgFds(b, 1, 1);
      const sab = nb.mapShared(r.fds[0], 4096);
      expect(new Uint8Array(sab)[10]).toBe(0x5a);
      new Uint8Array(sab)[11] = 0xa5;
      expect(new Uint8Array(region.buffer)[11]).toBe(0xa5);
      nb.unmapShared(sab);
      nb.closeFd(r.fds[0]);
    } finally {
      region.close();
      unix.close(a);
      unix.close(b);
    }
  });

  it('reports timeout, EOF, truncated fds, and EPIPE instead of SIGPIPE', () => {
    const [a, b] = unix.socketpair();
    const e1 = EventFd.create();
    const e2 = EventFd.create();
    try {
      const t = unix.recvmsgFds(b, 16, 4, 20);
      expect(t.timedOut).toBe(true);
      expect(t.data.length).toBe(0);
      unix.sendmsgFds(a, Buffer.from('xy'), [e1.fd, e2.fd]);
      const r = unix.recvmsgFds(b, 16, 1, 1000);
      expect(r.fdsTruncated).toBe(true);
      expect(r.fds).toHaveLength(1);
      nb.closeFd(r.fds[0]);
      unix.close(a);
      expect(unix.recvmsgFds(b, 16, 4, 1000).eof).toBe(true);
      expect(() => unix.sendmsgFds(b, Buffer.from('z'))).toThrow(expect.objectContaining({ code: 'EPIPE' }));
    } finally {
      e1.close();
      e2.close();
      unix.close(b);
    }
  });

  it('sends a message larger than the socket buffer completely (partial sendmsg continued)', async () => {
    const [a, b] = unix.socketpair();
    const e = EventFd.create();
    const big = Buffer.alloc(4 * 1024 * 1024, 0);
    for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) & 0xff;
    try {
      // The reader runs in a Worker so the blocking sender can make progress.
      const { Worker } = await import('node:worker_threads');
      const w = new Worker(
        `const { workerData, parentPort } = require('node:worker_threads');
         const nb = require(workerData.addon);
         let n = 0, fds = [], sum = 0;
         while (n < workerData.len) {
           const r = nb.recvmsgFds(workerData.fd, 1 << 20, 4, 5000);
           if (r.eof || r.timedOut) break;
           for (let i = 0; i < r.data.length; i++) if (((n + i) % 4096) === 0) sum += r.data[i];
           n += r.data.length; fds.push(...r.fds);
         }
         for (const f of fds) nb.closeFd(f);
         parentPort.postMessage({ n, fds: fds.length, sum });`,
        { eval: true, workerData: { fd: b, len: big.length, addon: (await import('./native.ts')).addonPath() } },
      );
      const done = new Promise<{ n: number; fds: number; sum: number }>((res, rej) => {
        w.once('message', res);
        w.once('error', rej);
      });
      expect(unix.sendmsgFds(a, big, [e.fd])).toBe(big.length);
      const got = await done;
      await w.terminate();
      let sum = 0;
      for (let i = 0; i < big.length; i += 4096) sum += big[i];
      expect(got).toEqual({ n: big.length, fds: 1, sum });
    } finally {
      e.close();
      unix.close(a);
      unix.close(b);
    }
  });

  it('connects to a listening path; errors carry errno codes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-unix-'));
    const path = join(dir, 'vhost.sock');
    try {
      expect(() => unix.connect(path)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
      const l = unix.listen(path);
      const c = unix.connect(path, { nonblocking: true });
      const s = unix.accept(l, 1000);
      expect(s).not.toBeNull();
      unix.sendmsgFds(c, Buffer.from('hello'));
      expect(unix.recvmsgFds(s as number, 16, 0, 1000).data.toString()).toBe('hello');
      expect(unix.accept(l, 0)).toBeNull();
      for (const fd of [c, s as number, l]) unix.close(fd);
      expect(() => unix.connect('x'.repeat(200))).toThrow(expect.objectContaining({ code: 'ENAMETOOLONG' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
