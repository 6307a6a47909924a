// The model's driver against a real, unmodified vhost-user-blk back-end (qemu-storage-daemon 7.2):
// handshake and config, every request type, queue depth 1…QS, EVENT_IDX and INDIRECT_DESC on/off,
// data checked against the backing file as Node reads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlkStatus, BlkType, blkHeader } from '@ringside/model/devices/blk.ts';
import { openBlk, type BlkDriver } from './blk.ts';
import { VhostUserError } from './errors.ts';
import { checkQueueIndex, featureNames } from './handshake.ts';
import { DISK_BYTES, blkFixture, type BlkFixture } from './test.helper.ts';

let fx: BlkFixture;
beforeAll(async () => {
  fx = await blkFixture();
});
afterAll(async () => {
  await fx?.stop();
});

const combos = [
  { eventIdx: false, indirect: false },
  { eventIdx: true, indirect: false },
  { eventIdx: false, indirect: true },
  { eventIdx: true, indirect: true },
];
const label = (f: { eventIdx: boolean; indirect: boolean }) =>
  `EVENT_IDX ${f.eventIdx ? 'on' : 'off'}, INDIRECT_DESC ${f.indirect ? 'on' : 'off'}`;

async function withBlk<T>(
  socket: 'null' | 'file',
  features: { eventIdx: boolean; indirect: boolean },
  f: (b: BlkDriver) => Promise<T>,
  queueSize = 64,
): Promise<T> {
  const b = await openBlk({
    socketPath: socket === 'null' ? fx.sd.nullSocket : fx.sd.fileSocket!,
    features,
    queueSize,
    backendLog: () => fx.sd.daemon.lastLine(),
  });
  try {
    return await f(b);
  } finally {
    b.close();
  }
}

describe('vhost-user-blk handshake', () => {
  it('negotiates exactly the ring features asked for, reads the config, and stops cleanly', async () => {
    for (const features of combos) {
      await withBlk('null', features, async (b) => {
        const n = b.queue.negotiated;
        const acked = featureNames(n.acked);
        expect(acked).toContain('VERSION_1');
        expect(acked).toContain('PROTOCOL_FEATURES');
        expect(acked.includes('EVENT_IDX')).toBe(features.eventIdx);
        expect(acked.includes('INDIRECT_DESC')).toBe(features.indirect);
        expect(featureNames(n.offered)).toEqual(expect.arrayContaining(['EVENT_IDX', 'INDIRECT_DESC', 'VERSION_1']));
        expect(n.replyAck && n.config).toBe(true);
        expect(b.config).toMatchObject({ capacity: BigInt(DISK_BYTES / 512), segMax: 126, blkSize: 512, numQueues: 1 });
        await b.read(0, 512);
        expect(b.close().lastAvail).toBe(1); // GET_VRING_BASE: the back-end consumed one chain
      });
    }
  });

  it('refuses an out-of-range queue index without sending it (the back-end would not check)', async () => {
    await withBlk('null', combos[0], async (b) => {
      expect(() => checkQueueIndex(b.queue.negotiated, 1)).toThrow(VhostUserError);
      expect(() => checkQueueIndex(b.queue.negotiated, 1)).toThrow('Invalid queue index: 1');
    });
  });

  it('a socket with no daemon is a CONNECT error', async () => {
    await expect(openBlk({ socketPath: `${fx.dir.path}/nobody.sock`, features: combos[0] })).rejects.toMatchObject({
      code: 'CONNECT',
    });
  });
});

describe('vhost-user-blk requests', () => {
  for (const features of combos) {
    it(`read, write, flush, get-id, discard, write-zeroes on a file disk — ${label(features)}`, async () => {
      await withBlk('file', features, async (b) => {
        // read what the file holds
        const r0 = await b.read(16, 4096);
        expect(r0.status).toBe(BlkStatus.OK);
        expect(r0.usedLen).toBe(4097);
        expect(Buffer.from(r0.data).equals(fx.fileBytes().subarray(16 * 512, 16 * 512 + 4096))).toBe(true);
        // write, read back, and find it in the file
        const data = new Uint8Array(1024).map((_, i) => (i * 11 + (features.eventIdx ? 1 : 2)) & 0xff);
        const w = await b.write(40, data);
        expect(w).toMatchObject({ status: BlkStatus.OK, usedLen: 1 });
        const r1 = await b.read(40, 1024);
        expect(Buffer.from(r1.data).equals(Buffer.from(data))).toBe(true);
        expect((await b.flush()).status).toBe(BlkStatus.OK);
        expect(
          fx
            .fileBytes()
            .subarray(40 * 512, 40 * 512 + 1024)
            .equals(Buffer.from(data)),
        ).toBe(true);
        // GET_ID: the serial and its NUL in 20 bytes; used.len = 20 + status
        const id = await b.getId();
        expect(id.usedLen).toBe(21);
        expect(new TextDecoder().decode(id.data.subarray(0, 15))).toBe('vhost_user_blk\0');
        // DISCARD a 4 KiB-aligned range (discard=unmap punches a hole: zeros), WRITE_ZEROES another
        expect((await b.discard(64, 8)).status).toBe(BlkStatus.OK);
        expect((await b.writeZeroes(80, 8)).status).toBe(BlkStatus.OK);
        const file = fx.fileBytes();
        expect(file.subarray(64 * 512, 72 * 512).every((x) => x === 0)).toBe(true);
        expect(file.subarray(80 * 512, 88 * 512).every((x) => x === 0)).toBe(true);
        expect((await b.read(64, 4096)).data.every((x) => x === 0)).toBe(true);
      });
    });
  }

  it('null-co: reads are zeros, 513 bytes used for a 512-byte read; writes succeed', async () => {
    await withBlk('null', combos[1], async (b) => {
      const r = await b.read(7, 512);
      expect(r).toMatchObject({ status: BlkStatus.OK, usedLen: 513 });
      expect(r.data.every((x) => x === 0)).toBe(true);
      expect((await b.write(7, new Uint8Array(512).fill(9))).status).toBe(BlkStatus.OK);
      expect((await b.read(7, 512)).data.every((x) => x === 0)).toBe(true);
    });
  });

  it('bad but well-formed requests get a status: unknown type UNSUPP, beyond the disk IOERR', async () => {
    await withBlk('null', combos[0], async (b) => {
      const unsupp = await b.raw([blkHeader(99, 0)], [1]);
      expect(unsupp.in[0][0]).toBe(BlkStatus.UNSUPP);
      expect((await b.read(DISK_BYTES / 512, 512)).status).toBe(BlkStatus.IOERR);
      expect((await b.read(0, 100)).status).toBe(BlkStatus.IOERR); // not whole sectors
      const multi = await b.raw([blkHeader(BlkType.DISCARD, 0), new Uint8Array(32)], [1]); // two segments
      expect(multi.in[0][0]).toBe(BlkStatus.UNSUPP);
    });
  });

  for (const features of [combos[0], combos[3]]) {
    it(`queue depth 1, 4, 16 and 32 on a 32-entry queue — ${label(features)}`, async () => {
      await withBlk(
        'file',
        features,
        async (b) => {
          for (const depth of [1, 4, 16, 32]) {
            // distinct 4 KiB regions per request: completion order cannot change the bytes
            const writes = Array.from({ length: depth }, (_, i) =>
              b.write(256 + i * 8, new Uint8Array(4096).fill((depth + i) & 0xff), false),
            );
            b.requests.kick();
            const ws = await Promise.all(writes);
            expect(ws.every((w) => w.status === BlkStatus.OK)).toBe(true);
            const reads = Array.from({ length: depth }, (_, i) => b.read(256 + i * 8, 4096, false));
            b.requests.kick();
            const rs = await Promise.all(reads);
            rs.forEach((r, i) => {
              expect(r.usedLen).toBe(4097);
              expect(r.data.every((x) => x === ((depth + i) & 0xff))).toBe(true);
            });
          }
          // without INDIRECT a read takes 3 descriptors, so 32 reads wait in the backlog for room
          expect(b.requests.inFlight).toBe(0);
        },
        32,
      );
    });
  }

  it('starts from a non-zero base index and wraps the u16 ring indices against the real device', async () => {
    const b = await openBlk({ socketPath: fx.sd.nullSocket, features: combos[1], queueSize: 16, baseIndex: 65530 });
    try {
      for (let i = 0; i < 12; i++) expect((await b.read(i, 512)).usedLen).toBe(513);
      expect(b.queue.vq.driver.s.availIdxShadow).toBe(6); // 65530 + 12 wrapped
    } finally {
      expect(b.close().lastAvail).toBe(6);
    }
  });
});
