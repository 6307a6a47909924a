/**
 * virtio-blk: the request format (linux/virtio_blk.h) and a model device with the semantics of
 * QEMU 7.2's block/export/virtio-blk-handler.c, which qemu-storage-daemon's vhost-user-blk export
 * runs, over an in-memory disk:
 *
 * - request: out header {le32 type, le32 ioprio, le64 sector} (16 bytes, device-readable), data,
 *   then one status byte at the very end of the device-writable part;
 * - used.len is the whole device-writable size (QEMU: "we always touch the last byte, so just see
 *   how big in_iov is"): 513 for a 512-byte read, 21 for GET_ID into 20 bytes, 1 for a write;
 * - no readable or no writable buffer, or a header under 16 bytes: the request is dropped with no
 *   used entry (error_report + return -EINVAL; the driver never hears back);
 * - GET_ID writes the serial and its NUL, at most 20 bytes; DISCARD/WRITE_ZEROES take exactly one
 *   16-byte segment {le64 sector, le32 num_sectors, le32 flags}.
 *
 * DISCARD zeroes its range here: that is what a reader sees on null-co (read-zeroes=on) and on a
 * file disk with discard=unmap for 4 KiB-aligned ranges (hole punching), the two back-ends used.
 */
import type { DeviceJob, JobResult } from './job';

export const BLK_SECTOR = 512;
export const BLK_OUTHDR = 16;
export const BLK_ID_BYTES = 20;
export const BlkType = { IN: 0, OUT: 1, FLUSH: 4, GET_ID: 8, DISCARD: 11, WRITE_ZEROES: 13 } as const;
export const BlkStatus = { OK: 0, IOERR: 1, UNSUPP: 2 } as const;
/** Legacy barrier flag, masked off before the type switch (as QEMU does). */
export const BLK_T_BARRIER = 0x80000000;
export const BLK_WRITE_ZEROES_FLAG_UNMAP = 1;
/** VIRTIO_BLK_MAX_{DISCARD,WRITE_ZEROES}_SECTORS in QEMU's handler. */
export const BLK_MAX_DISCARD_SECTORS = 32768;

/** virtio-blk feature bits (device-specific, below 24). */
export const BlkFeature = {
  SIZE_MAX: 1,
  SEG_MAX: 2,
  GEOMETRY: 4,
  RO: 5,
  BLK_SIZE: 6,
  FLUSH: 9,
  TOPOLOGY: 10,
  CONFIG_WCE: 11,
  MQ: 12,
  DISCARD: 13,
  WRITE_ZEROES: 14,
} as const;

export function blkHeader(type: number, sector: number | bigint, ioprio = 0): Uint8Array {
  const b = new Uint8Array(BLK_OUTHDR);
  const v = new DataView(b.buffer);
  v.setUint32(0, type >>> 0, true);
  v.setUint32(4, ioprio >>> 0, true);
  v.setBigUint64(8, BigInt(sector), true);
  return b;
}

/** struct virtio_blk_discard_write_zeroes */
export function blkSegment(sector: number | bigint, numSectors: number, flags = 0): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(sector), true);
  v.setUint32(8, numSectors >>> 0, true);
  v.setUint32(12, flags >>> 0, true);
  return b;
}

export interface BlkModelOptions {
  /** Disk size in bytes (a multiple of 512). */
  size: number;
  /** Initial contents (copied); zeros otherwise. */
  initial?: Uint8Array;
  /** qemu-storage-daemon's vhost-user-blk answers GET_ID with "vhost_user_blk". */
  serial?: string;
  writable?: boolean;
  /** logical_block_size (512 unless the export sets it). */
  blockSize?: number;
  /** null-co with read-zeroes=on: writes succeed and are thrown away, reads return zeros. */
  nullDisk?: boolean;
}

export interface BlkCounts {
  reads: number;
  writes: number;
  flushes: number;
  getIds: number;
  discards: number;
  writeZeroes: number;
  unsupported: number;
  ioErrors: number;
  dropped: number;
}

export class BlkModel {
  readonly disk: Uint8Array;
  readonly serial: Uint8Array;
  readonly writable: boolean;
  readonly blockSize: number;
  readonly nullDisk: boolean;
  readonly counts: BlkCounts = {
    reads: 0,
    writes: 0,
    flushes: 0,
    getIds: 0,
    discards: 0,
    writeZeroes: 0,
    unsupported: 0,
    ioErrors: 0,
    dropped: 0,
  };
  /** Why the last dropped request was dropped (QEMU's error_report text). */
  lastDrop: string | null = null;

  constructor(o: BlkModelOptions) {
    if (!(o.size > 0) || o.size % BLK_SECTOR !== 0)
      throw new RangeError(`disk size ${o.size} is not a positive multiple of ${BLK_SECTOR}`);
    this.disk = new Uint8Array(o.size);
    if (o.initial) this.disk.set(o.initial.subarray(0, o.size));
    this.serial = new TextEncoder().encode(o.serial ?? 'vhost_user_blk');
    this.writable = o.writable ?? true;
    this.blockSize = o.blockSize ?? BLK_SECTOR;
    this.nullDisk = o.nullDisk ?? false;
  }

  get sectors(): number {
    return this.disk.length / BLK_SECTOR;
  }

  /** virtio_blk_sect_range_ok: whole sectors, aligned to the block size, inside the disk. */
  private rangeOk(sector: bigint, bytes: number): boolean {
    if (bytes % BLK_SECTOR !== 0) return false;
    if ((sector * BigInt(BLK_SECTOR)) % BigInt(this.blockSize) !== 0n) return false;
    const total = BigInt(this.sectors);
    const n = BigInt(bytes / BLK_SECTOR);
    return !(sector > total || n > total - sector);
  }

  /** The job: bind it (`model.job`) to a model device port. */
  readonly job: DeviceJob = (readable, writableBytes) => this.handle(readable, writableBytes);

  handle(readable: Uint8Array, writableBytes: number): JobResult {
    if (readable.length === 0 || writableBytes === 0) return this.drop('virtio-blk request missing headers');
    if (readable.length < BLK_OUTHDR) return this.drop('virtio-blk request outhdr too short');
    const v = new DataView(readable.buffer, readable.byteOffset, readable.length);
    const type = v.getUint32(0, true);
    const sector = v.getBigUint64(8, true);
    const dataOut = readable.subarray(BLK_OUTHDR);
    const dataIn = writableBytes - 1; // the status byte is the last writable byte
    const writes: { offset: number; bytes: Uint8Array }[] = [];
    let status: number = BlkStatus.OK;
    switch ((type & ~BLK_T_BARRIER) >>> 0) {
      case BlkType.IN:
      case BlkType.OUT: {
        const isWrite = (type & BlkType.OUT) !== 0;
        const size = isWrite ? dataOut.length : dataIn;
        if (isWrite && !this.writable) status = BlkStatus.IOERR;
        else if (!this.rangeOk(sector, size)) status = BlkStatus.IOERR;
        else {
          const off = Number(sector) * BLK_SECTOR;
          if (isWrite) {
            if (!this.nullDisk) this.disk.set(dataOut, off);
            this.counts.writes++;
          } else {
            writes.push({ offset: 0, bytes: this.disk.slice(off, off + size) });
            this.counts.reads++;
          }
        }
        break;
      }
      case BlkType.FLUSH:
        this.counts.flushes++;
        break;
      case BlkType.GET_ID: {
        const id = new Uint8Array(this.serial.length + 1); // the serial and its NUL
        id.set(this.serial);
        const n = Math.min(id.length, dataIn, BLK_ID_BYTES);
        if (n > 0) writes.push({ offset: 0, bytes: id.subarray(0, n) });
        this.counts.getIds++;
        break;
      }
      case BlkType.DISCARD:
      case BlkType.WRITE_ZEROES:
        status = this.writable ? this.discardOrZero(dataOut, type) : BlkStatus.IOERR;
        break;
      default:
        status = BlkStatus.UNSUPP;
        this.counts.unsupported++;
    }
    if (status === BlkStatus.IOERR) this.counts.ioErrors++;
    writes.push({ offset: writableBytes - 1, bytes: Uint8Array.of(status) });
    return { writes, usedLen: writableBytes };
  }

  private discardOrZero(seg: Uint8Array, type: number): number {
    if (seg.length > 16) return BlkStatus.UNSUPP; // "Only one desc is currently supported"
    if (seg.length !== 16) return BlkStatus.IOERR;
    const v = new DataView(seg.buffer, seg.byteOffset, 16);
    const sector = v.getBigUint64(0, true);
    const num = v.getUint32(8, true);
    const flags = v.getUint32(12, true);
    if (num > BLK_MAX_DISCARD_SECTORS) return BlkStatus.IOERR;
    const bytes = num * BLK_SECTOR;
    if (!this.rangeOk(sector, bytes)) return BlkStatus.IOERR;
    if (flags & ~BLK_WRITE_ZEROES_FLAG_UNMAP) return BlkStatus.UNSUPP;
    if (type === BlkType.DISCARD && flags & BLK_WRITE_ZEROES_FLAG_UNMAP) return BlkStatus.UNSUPP;
    const off = Number(sector) * BLK_SECTOR;
    if (!this.nullDisk) this.disk.fill(0, off, off + bytes);
    if (type === BlkType.DISCARD) this.counts.discards++;
    else this.counts.writeZeroes++;
    return BlkStatus.OK;
  }

  private drop(reason: string): JobResult {
    this.counts.dropped++;
    this.lastDrop = reason;
    return { drop: reason };
  }
}
