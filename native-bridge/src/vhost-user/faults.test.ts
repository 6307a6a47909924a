// Faults against real back-ends: a daemon SIGKILLed mid-run is noticed through the socket hang-up
// (how fast is npm run bench:devices' figure, not a test's), every request in flight fails with a clear error, this side's memory and fds are
// freed, and a restarted daemon can be used again; a request the device drops without a used entry
// ends in a timeout that quotes the device, not in a hang.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceFailedError, QueueClosedError } from '@ringside/model/compare/port.ts';
import { BlkStatus, blkHeader } from '@ringside/model/devices/blk.ts';
import { fdCount, mapsMatching } from '../proc.helper.ts';
import { openBlk } from './blk.ts';
import { startStorageDaemon, startVirtiofsd, tempDir, type StorageDaemon } from './daemons.ts';
import { FUSE_ROOT_ID, openFs } from './fs.ts';
import { FuseOp, encodeRequest, getattrIn } from './fuse.ts';
import { VhostUserTimeoutError } from './port.ts';
import { sleep } from './test.helper.ts';

const F = { eventIdx: true, indirect: false };
let dir: ReturnType<typeof tempDir>;
let sd: StorageDaemon;
beforeAll(async () => {
  dir = tempDir();
  sd = await startStorageDaemon({ dir: dir.path, nullSize: 1 << 20 });
});
afterAll(async () => {
  await sd?.daemon.stop();
  dir?.remove();
});

describe('back-end killed mid-run', () => {
  it('qemu-storage-daemon SIGKILL: noticed by the hang-up, in-flight failed, resources freed, restart works', async () => {
    const fds0 = fdCount();
    const b = await openBlk({
      socketPath: sd.nullSocket,
      features: F,
      queueSize: 64,
      backendLog: () => sd.daemon.lastLine(),
      requestTimeoutMs: 5000,
    });
    // keep 8 requests in flight all the time
    let done = 0;
    let failure: Error | null = null;
    let failedAt = 0n;
    const worker = async () => {
      for (;;) {
        try {
          await b.read(done % 2048, 512);
          done++;
        } catch (e) {
          failure ??= e as Error;
          failedAt ||= process.hrtime.bigint();
          return;
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    while (done < 200) await sleep(1);
    const killedAt = process.hrtime.bigint();
    sd.daemon.kill('SIGKILL');
    await Promise.all(workers);
    const ms = Number(failedAt - killedAt) / 1e6;
    console.log(`SIGKILL noticed after ${ms.toFixed(2)} ms with ${done} requests done`);
    // Noticed by the hang-up itself (BACKEND_HANGUP), not by a request timing out; how fast is
    // a figure for the benchmarks, not a test.
    expect(failure).toBeInstanceOf(DeviceFailedError);
    expect((failure as unknown as DeviceFailedError).code).toBe('BACKEND_HANGUP');
    expect(failure!.message).toMatch(
      /vhost-user-blk stopped serving the queue \(BACKEND_HANGUP: "the vhost-user back-end closed the connection/,
    );
    expect((failure as unknown as DeviceFailedError).inFlight).toBeGreaterThanOrEqual(1);
    // torn down by the hang-up itself: memfd mapping, memfd, eventfds, epoll thread, socket
    expect(b.queue.closed).toBe(true);
    expect(mapsMatching('ringside-vhost-user-blk')).toBe(0);
    expect(fdCount()).toBe(fds0);
    // new requests fail at once with the same error; close() is harmless
    await expect(b.read(0, 512)).rejects.toBe(failure);
    expect(b.close()).toEqual({ lastAvail: null });
    await sd.daemon.exited;

    // a restarted daemon on the same socket path serves a fresh session
    sd = await startStorageDaemon({ dir: dir.path, nullSize: 1 << 20 });
    const again = await openBlk({ socketPath: sd.nullSocket, features: F, connectTimeoutMs: 2000 });
    expect((await again.read(0, 512)).usedLen).toBe(513);
    again.close();
    expect(fdCount()).toBe(fds0);
  });

  it('virtiofsd SIGKILL: the FUSE request in flight fails with the hang-up, and a new daemon works', async () => {
    const d = tempDir();
    const share = join(d.path, 'share');
    mkdirSync(share);
    writeFileSync(join(share, 'f'), 'x');
    try {
      const fds0 = fdCount();
      let v = await startVirtiofsd({ source: share, dir: d.path });
      const fs = await openFs({ socketPath: v.socket, features: F, backendLog: () => v.daemon.lastLine() });
      const e = await fs.lookup(FUSE_ROOT_ID, 'f');
      // a valid GETATTR published in the ring but not kicked: in flight when the daemon dies
      // (nobody is waiting for an interrupt: the hang-up alone must fail it)
      const pending = fs.requests.submit(
        [encodeRequest({ opcode: FuseOp.GETATTR, unique: 999n, nodeid: e.nodeid }, getattrIn())],
        [16, 104],
      );
      const t0 = process.hrtime.bigint();
      v.daemon.kill('SIGKILL');
      const err = (await pending.then(
        () => new Error('completed'),
        (x: Error) => x,
      )) as DeviceFailedError;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      console.log(`virtiofsd SIGKILL noticed after ${ms.toFixed(2)} ms`);
      // Failed by the hang-up (BACKEND_HANGUP), with no request timeout involved.
      expect(err).toBeInstanceOf(DeviceFailedError);
      expect(err.code).toBe('BACKEND_HANGUP');
      expect(err.message).toContain('vhost-user-fs stopped serving the queue');
      await expect(fs.getattr(e.nodeid)).rejects.toBe(err);
      expect(fs.queue.closed).toBe(true);
      await v.daemon.exited;
      expect(fdCount()).toBe(fds0);
      v = await startVirtiofsd({ source: share, dir: d.path });
      const fs2 = await openFs({ socketPath: v.socket, features: F, connectTimeoutMs: 2000 });
      expect((await fs2.lookup(FUSE_ROOT_ID, 'f')).attr.size).toBe(1n);
      fs2.close();
      await v.daemon.stop();
    } finally {
      d.remove();
    }
  });
});

describe('requests the device drops without a used entry', () => {
  for (const [what, out, inSizes, text] of [
    ['an 8-byte out header', [new Uint8Array(8)], [1], 'virtio-blk request outhdr too short'],
    ['no device-writable buffer', [blkHeader(0, 0)], [], 'virtio-blk request missing headers'],
  ] as const) {
    it(`${what}: a timeout error that names the device's complaint, not a hang`, async () => {
      const b = await openBlk({
        socketPath: sd.nullSocket,
        features: F,
        requestTimeoutMs: 300,
        backendLog: () => sd.daemon.lastLine(),
      });
      try {
        expect((await b.read(0, 512)).status).toBe(BlkStatus.OK);
        const err = (await b.raw([...out], [...inSizes]).then(
          () => new Error('completed'),
          (e: Error) => e,
        )) as Error;
        // The request timer fired (its error says so, with its 300 ms); nothing here times it.
        expect(err).toBeInstanceOf(VhostUserTimeoutError);
        expect(err.message).toContain('vhost-user-blk did not complete 1 request(s) within 300 ms');
        expect(err.message).toContain(text);
        expect(sd.daemon.log()).toContain(text);
        expect(sd.daemon.running).toBe(true); // dropped, not crashed
      } finally {
        b.close();
      }
    });
  }

  it('closing the queue while a dropped request waits fails it with QueueClosed', async () => {
    const b = await openBlk({ socketPath: sd.nullSocket, features: F, requestTimeoutMs: 10_000 });
    const r = b.raw([new Uint8Array(4)], [1]).catch((e: Error) => e);
    await sleep(20);
    b.close();
    const err = await r;
    expect(err).toBeInstanceOf(QueueClosedError);
    expect((err as QueueClosedError).inFlight).toBe(1);
  });
});
