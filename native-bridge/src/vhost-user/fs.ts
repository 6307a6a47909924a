/**
 * A virtio-fs driver over a vhost-user queue: FUSE requests on virtiofsd's request queue (queue
 * 1; queue 0 is the high-priority queue, which Linux uses only for FORGET and INTERRUPT). Every
 * request is counted by opcode, so a path walk can report exactly what it cost.
 *
 * virtio-fs has no vhost-user CONFIG feature: the device config (tag, number of request queues)
 * is the front-end's own, as below, for whoever presents this device to a guest.
 */
import type { RingFeatures } from '@ringside/model/virtio/constants.ts';
import {
  ATTR_OUT_SIZE,
  ENTRY_OUT_SIZE,
  FUSE_OUT_HEADER,
  FUSE_ROOT_ID,
  FuseError,
  FuseOp,
  assertSendable,
  decodeAttrOut,
  decodeDirents,
  decodeEntryOut,
  decodeInitOut,
  decodeOpenOut,
  decodeOutHeader,
  encodeRequest,
  forgetIn,
  fuseOpName,
  getattrIn,
  initIn,
  nameArg,
  openIn,
  readIn,
  releaseIn,
  writeIn,
  type Dirent,
  type EntryOut,
  type InitOut,
} from './fuse.ts';
import { createVhostUserQueue, type VhostUserQueue, type VhostUserQueueOptions } from './queue.ts';
import { RequestQueue } from './requests.ts';

/** virtiofsd's queues: 0 = hiprio, 1 = the (only) request queue. */
export const FS_HIPRIO_QUEUE = 0;
export const FS_REQUEST_QUEUE = 1;

/** struct virtio_fs_config as this front-end would present it. */
export const FS_CONFIG = { tag: 'ringside', numRequestQueues: 1 } as const;

export interface FuseRecord {
  op: string;
  nodeid: bigint;
  name?: string;
  error: number;
  usedLen: number;
}

export class FsDriver {
  private unique = 1n;
  /** Every FUSE request sent, in order (for counts and the walk comparison). */
  readonly log: FuseRecord[] = [];
  init: InitOut | null = null;

  constructor(
    readonly queue: VhostUserQueue,
    readonly requests: RequestQueue,
  ) {}

  /** Send one FUSE request; resolve with the reply body (after the out header), or throw FuseError. */
  async call(
    opcode: number,
    nodeid: bigint,
    body: Uint8Array | undefined,
    replyBytes: number,
    name?: string,
  ): Promise<Uint8Array> {
    const unique = this.unique++;
    const req = encodeRequest({ opcode, unique, nodeid }, body);
    assertSendable(req);
    // Out header and reply in separate writable buffers, as Linux's virtio_fs does.
    const inSizes = replyBytes > 0 ? [FUSE_OUT_HEADER, replyBytes] : [FUSE_OUT_HEADER];
    const c = await this.requests.request([req], inSizes);
    const h = decodeOutHeader(c.in[0]);
    this.log.push({ op: fuseOpName(opcode), nodeid, name, error: h.error === 0 ? 0 : -h.error, usedLen: c.len });
    if (h.unique !== unique) throw new FuseError(fuseOpName(opcode), 0);
    if (h.error !== 0) throw new FuseError(fuseOpName(opcode), -h.error);
    const bodyLen = Math.max(0, Math.min(h.len, c.len) - FUSE_OUT_HEADER);
    return c.in[1] ? c.in[1].subarray(0, bodyLen) : new Uint8Array(0);
  }

  async fuseInit(): Promise<InitOut> {
    this.init = decodeInitOut(await this.call(FuseOp.INIT, 0n, initIn(), 256));
    return this.init;
  }

  async lookup(parent: bigint, name: string): Promise<EntryOut> {
    return decodeEntryOut(await this.call(FuseOp.LOOKUP, parent, nameArg(name), ENTRY_OUT_SIZE, name));
  }

  async getattr(nodeid: bigint) {
    return decodeAttrOut(await this.call(FuseOp.GETATTR, nodeid, getattrIn(), ATTR_OUT_SIZE));
  }

  async open(nodeid: bigint, flags = 0): Promise<bigint> {
    return decodeOpenOut(await this.call(FuseOp.OPEN, nodeid, openIn(flags), 16)).fh;
  }

  async read(nodeid: bigint, fh: bigint, offset: bigint, size: number): Promise<Uint8Array> {
    return (await this.call(FuseOp.READ, nodeid, readIn(fh, offset, size), size)).slice();
  }

  async write(nodeid: bigint, fh: bigint, offset: bigint, data: Uint8Array): Promise<number> {
    const r = await this.call(FuseOp.WRITE, nodeid, writeIn(fh, offset, data), 8);
    return new DataView(r.buffer, r.byteOffset, 4).getUint32(0, true);
  }

  async release(nodeid: bigint, fh: bigint): Promise<void> {
    await this.call(FuseOp.RELEASE, nodeid, releaseIn(fh), 0);
  }

  async opendir(nodeid: bigint): Promise<bigint> {
    return decodeOpenOut(await this.call(FuseOp.OPENDIR, nodeid, openIn(0), 16)).fh;
  }

  async readdir(nodeid: bigint, fh: bigint, offset = 0n, size = 4096): Promise<Dirent[]> {
    return decodeDirents(await this.call(FuseOp.READDIR, nodeid, readIn(fh, offset, size), size));
  }

  async releasedir(nodeid: bigint, fh: bigint): Promise<void> {
    await this.call(FuseOp.RELEASEDIR, nodeid, releaseIn(fh), 0);
  }

  async unlink(parent: bigint, name: string): Promise<void> {
    await this.call(FuseOp.UNLINK, parent, nameArg(name), 0, name);
  }

  /** FORGET has no reply: virtiofsd returns the chain with used.len 0. */
  async forget(nodeid: bigint, nlookup: bigint): Promise<void> {
    const unique = this.unique++;
    const req = encodeRequest({ opcode: FuseOp.FORGET, unique, nodeid }, forgetIn(nlookup));
    assertSendable(req);
    const c = await this.requests.request([req], []);
    this.log.push({ op: 'FUSE_FORGET', nodeid, error: 0, usedLen: c.len });
  }

  /** Requests by opcode name since `from` (an index into log). */
  counts(from = 0): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.log.slice(from)) out[r.op] = (out[r.op] ?? 0) + 1;
    return out;
  }

  close(): { lastAvail: number | null } {
    return this.queue.close();
  }
}

export { FUSE_ROOT_ID };

export interface OpenFsOptions extends Omit<VhostUserQueueOptions, 'config' | 'queueIndex' | 'deviceFeatures'> {
  queueSize?: number;
  features: RingFeatures;
  requestTimeoutMs?: number;
  /** Send FUSE_INIT right away (default true). */
  init?: boolean;
}

/** Connect to virtiofsd, start its request queue, and FUSE_INIT. */
export async function openFs(o: OpenFsOptions): Promise<FsDriver> {
  const q = await createVhostUserQueue({
    ...o,
    name: o.name ?? 'vhost-user-fs',
    queueIndex: FS_REQUEST_QUEUE,
    config: { queueSize: o.queueSize ?? 64, features: o.features, bufferBytes: 1 << 20 },
  });
  const requests = new RequestQueue(q.vq, q.port, o.requestTimeoutMs ?? 5000);
  q.onHangup(() => requests.failFromDevice());
  const fs = new FsDriver(q, requests);
  try {
    if (o.init ?? true) await fs.fuseInit();
  } catch (e) {
    q.close();
    throw e;
  }
  return fs;
}
