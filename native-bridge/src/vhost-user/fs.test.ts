// The model's driver against a real, unmodified virtiofsd 7.2 (vhost-user-fs): FUSE_INIT, then
// LOOKUP / GETATTR / OPEN / READ / READDIR / RELEASE over a temp dir, on the request queue (1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FUSE_ROOT_ID, openFs, type FsDriver } from './fs.ts';
import { FuseError } from './fuse.ts';
import { startVirtiofsd, tempDir, type Daemon } from './daemons.ts';
import { featureNames } from './handshake.ts';

let dir: ReturnType<typeof tempDir>;
let share: string;
let daemon: Daemon;
let fs: FsDriver;

async function open(features = { eventIdx: true, indirect: false }) {
  const v = await startVirtiofsd({ source: share, dir: dir.path });
  daemon = v.daemon;
  fs = await openFs({ socketPath: v.socket, features, backendLog: () => v.daemon.lastLine(), connectTimeoutMs: 2000 });
}

beforeEach(() => {
  dir = tempDir();
  share = join(dir.path, 'share');
  mkdirSync(join(share, 'foo', 'bar'), { recursive: true });
  writeFileSync(join(share, 'foo', 'bar', 'baz'), 'hello from the host\n');
  writeFileSync(
    join(share, 'foo', 'big'),
    new Uint8Array(200_000).map((_, i) => i & 0xff),
  );
});
afterEach(async () => {
  fs?.close();
  await daemon?.stop();
  dir.remove();
});

describe('vhost-user-fs (virtiofsd)', () => {
  it('FUSE_INIT: protocol 7.36, max_write 128 KiB; request queue 1 of 2', async () => {
    await open();
    expect(fs.init).toMatchObject({ major: 7, minor: 36, maxWrite: 131072 });
    expect(fs.queue.negotiated.queueNum).toBe(2);
    expect(featureNames(fs.queue.negotiated.acked)).toEqual(expect.arrayContaining(['EVENT_IDX', 'VERSION_1']));
    expect(fs.log[0]).toMatchObject({ op: 'FUSE_INIT', error: 0, usedLen: 80 }); // out header + fuse_init_out
  });

  for (const features of [
    { eventIdx: false, indirect: false },
    { eventIdx: true, indirect: true },
  ]) {
    it(`walk, stat, open, read, readdir, release — EVENT_IDX ${features.eventIdx}, INDIRECT ${features.indirect}`, async () => {
      await open(features);
      const foo = await fs.lookup(FUSE_ROOT_ID, 'foo');
      const bar = await fs.lookup(foo.nodeid, 'bar');
      const baz = await fs.lookup(bar.nodeid, 'baz');
      expect(baz.attr.size).toBe(20n);
      expect(baz.attr.mode & 0o170000).toBe(0o100000); // regular file
      expect(baz.entryValidNs).toBe(0n); // cache=none: nothing may be cached
      const a = await fs.getattr(baz.nodeid);
      expect(a.attr.ino).toBe(baz.attr.ino);
      const fh = await fs.open(baz.nodeid);
      expect(new TextDecoder().decode(await fs.read(baz.nodeid, fh, 0n, 4096))).toBe('hello from the host\n');
      await fs.release(baz.nodeid, fh);
      // a read larger than a page, split by the daemon into what fits our 128 KiB buffer
      const big = await fs.lookup(foo.nodeid, 'big');
      const bfh = await fs.open(big.nodeid);
      const data = await fs.read(big.nodeid, bfh, 1000n, 100_000);
      expect(data.length).toBe(100_000);
      expect(data.every((x, i) => x === ((i + 1000) & 0xff))).toBe(true);
      await fs.release(big.nodeid, bfh);
      const dh = await fs.opendir(foo.nodeid);
      const names = (await fs.readdir(foo.nodeid, dh)).map((d) => d.name).sort();
      expect(names).toEqual(['.', '..', 'bar', 'big']);
      await fs.releasedir(foo.nodeid, dh);
      await fs.forget(baz.nodeid, 1n);
      expect(fs.log.at(-1)).toMatchObject({ op: 'FUSE_FORGET', usedLen: 0 }); // no reply, chain returned empty
      // used lengths are out header + reply: LOOKUP 16+128, GETATTR 16+104, OPEN 16+16
      const len = (op: string) => fs.log.find((r) => r.op === op)!.usedLen;
      expect([len('FUSE_LOOKUP'), len('FUSE_GETATTR'), len('FUSE_OPEN'), len('FUSE_RELEASE')]).toEqual([
        144, 120, 32, 16,
      ]);
      expect(fs.counts()).toMatchObject({
        FUSE_INIT: 1,
        FUSE_LOOKUP: 4,
        FUSE_GETATTR: 1,
        FUSE_OPEN: 2,
        FUSE_READ: 2,
        FUSE_RELEASE: 2,
        FUSE_OPENDIR: 1,
        FUSE_READDIR: 1,
        FUSE_RELEASEDIR: 1,
        FUSE_FORGET: 1,
      });
    });
  }

  it('errors come back as FUSE errors (ENOENT), and the session goes on', async () => {
    await open();
    const e = await fs.lookup(FUSE_ROOT_ID, 'nope').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FuseError);
    expect((e as FuseError).errno).toBe(2);
    expect((await fs.lookup(FUSE_ROOT_ID, 'foo')).attr.mode & 0o170000).toBe(0o040000);
  });

  it('sees changes made on the host at once (cache=none)', async () => {
    await open();
    const foo = await fs.lookup(FUSE_ROOT_ID, 'foo');
    writeFileSync(join(share, 'foo', 'new'), 'x'.repeat(7));
    expect((await fs.lookup(foo.nodeid, 'new')).attr.size).toBe(7n);
  });
});
