/**
 * A virtio-blk driver over a vhost-user queue: requests built with the model's driver (out header,
 * data, status byte — in that order), the disk geometry read with GET_CONFIG, and the features a
 * block driver accepts. Request formats and semantics live in the model (src/model/devices/blk.ts).
 */
import type { RingFeatures } from '@ringside/model/virtio/constants.ts';
import { BLK_CONFIG_SIZE, bit, readBlkConfig, type BlkConfig } from './protocol.ts';
import { BLK_ID_BYTES, BlkFeature, BlkType, blkHeader, blkSegment } from '@ringside/model/devices/blk.ts';
import { getConfig } from './handshake.ts';
import { createVhostUserQueue, type VhostUserQueue, type VhostUserQueueOptions } from './queue.ts';
import { RequestQueue, type Completion } from './requests.ts';

/** The virtio-blk features this driver understands (the ring features are chosen separately). */
export const BLK_DRIVER_FEATURES = [
  BlkFeature.SIZE_MAX,
  BlkFeature.SEG_MAX,
  BlkFeature.BLK_SIZE,
  BlkFeature.FLUSH,
  BlkFeature.DISCARD,
  BlkFeature.WRITE_ZEROES,
  BlkFeature.RO,
].reduce((a, b) => a | bit(b), 0n);

export interface BlkResult {
  status: number;
  usedLen: number;
  /** Bytes read (IN), or the GET_ID answer; empty otherwise. */
  data: Uint8Array;
  head: number;
  latencyNs: number;
}

function result(c: Completion, dataBuffers: number): BlkResult {
  const status = c.in[c.in.length - 1][c.in[c.in.length - 1].length - 1];
  const parts = c.in.slice(0, dataBuffers);
  const data = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let off = 0;
  for (const p of parts) {
    data.set(p, off);
    off += p.length;
  }
  return { status, usedLen: c.len, data, head: c.head, latencyNs: c.latencyNs };
}

export class BlkDriver {
  constructor(
    readonly queue: VhostUserQueue,
    readonly requests: RequestQueue,
    readonly config: BlkConfig,
  ) {}

  get capacitySectors(): bigint {
    return this.config.capacity;
  }

  /** Read `len` bytes at `sector` (len a multiple of 512); the status byte in its own buffer. */
  read(sector: number, len: number, kick = true): Promise<BlkResult> {
    return this.send([blkHeader(BlkType.IN, sector)], [len, 1], 1, kick);
  }

  write(sector: number, data: Uint8Array, kick = true): Promise<BlkResult> {
    return this.send([blkHeader(BlkType.OUT, sector), data], [1], 0, kick);
  }

  flush(kick = true): Promise<BlkResult> {
    return this.send([blkHeader(BlkType.FLUSH, 0)], [1], 0, kick);
  }

  getId(kick = true): Promise<BlkResult> {
    return this.send([blkHeader(BlkType.GET_ID, 0)], [BLK_ID_BYTES, 1], 1, kick);
  }

  discard(sector: number, sectors: number, kick = true): Promise<BlkResult> {
    return this.send([blkHeader(BlkType.DISCARD, 0), blkSegment(sector, sectors)], [1], 0, kick);
  }

  writeZeroes(sector: number, sectors: number, kick = true): Promise<BlkResult> {
    return this.send([blkHeader(BlkType.WRITE_ZEROES, 0), blkSegment(sector, sectors)], [1], 0, kick);
  }

  /** Any chain at all (bad-input tests): readable buffers, writable sizes. */
  raw(out: Uint8Array[], inSizes: number[], kick = true): Promise<Completion> {
    const r = this.requests.submit(out, inSizes);
    if (kick) this.requests.kick();
    return r;
  }

  private send(out: Uint8Array[], inSizes: number[], dataBuffers: number, kick: boolean): Promise<BlkResult> {
    const r = this.requests.submit(out, inSizes).then((c) => result(c, dataBuffers));
    if (kick) this.requests.kick();
    return r;
  }

  close(): { lastAvail: number | null } {
    return this.queue.close();
  }
}

export interface OpenBlkOptions extends Omit<VhostUserQueueOptions, 'config' | 'deviceFeatures' | 'onNegotiated'> {
  queueSize?: number;
  features: RingFeatures;
  /** Interrupt wait before in-flight requests fail (ms). */
  requestTimeoutMs?: number;
  bufferBytes?: number;
  baseIndex?: number;
}

/** Connect to a vhost-user-blk back-end, negotiate, read its config and start queue 0. */
export async function openBlk(o: OpenBlkOptions): Promise<BlkDriver> {
  let config: BlkConfig | null = null;
  const q = await createVhostUserQueue({
    ...o,
    name: o.name ?? 'vhost-user-blk',
    config: { queueSize: o.queueSize ?? 128, features: o.features, bufferBytes: o.bufferBytes, baseIndex: o.baseIndex },
    deviceFeatures: BLK_DRIVER_FEATURES,
    onNegotiated: (ch, n) => {
      config = readBlkConfig(getConfig(ch, n, BLK_CONFIG_SIZE));
    },
  });
  const requests = new RequestQueue(q.vq, q.port, o.requestTimeoutMs ?? 2000);
  // a hang-up fails every request at once, even those not yet kicked
  q.onHangup(() => requests.failFromDevice());
  return new BlkDriver(q, requests, config!);
}
