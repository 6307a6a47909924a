/**
 * The vhost-user wire format (QEMU docs/interop/vhost-user.rst; shared/reference/vhost-user.md):
 * a 12-byte header {u32 request, u32 flags, u32 size} then `size` payload bytes, little-endian.
 * Pure encode/decode — no sockets here — so every payload layout is unit-testable.
 */

export const Req = {
  GET_FEATURES: 1,
  SET_FEATURES: 2,
  SET_OWNER: 3,
  SET_MEM_TABLE: 5,
  SET_VRING_NUM: 8,
  SET_VRING_ADDR: 9,
  SET_VRING_BASE: 10,
  GET_VRING_BASE: 11,
  SET_VRING_KICK: 12,
  SET_VRING_CALL: 13,
  SET_VRING_ERR: 14,
  GET_PROTOCOL_FEATURES: 15,
  SET_PROTOCOL_FEATURES: 16,
  GET_QUEUE_NUM: 17,
  SET_VRING_ENABLE: 18,
  GET_CONFIG: 24,
} as const;
export type RequestCode = (typeof Req)[keyof typeof Req];

export function requestName(code: number): string {
  for (const [k, v] of Object.entries(Req)) if (v === code) return `VHOST_USER_${k}`;
  return `request ${code}`;
}

export const HEADER_SIZE = 12;
/** flags bits 0-1: protocol version (always 1). */
export const VERSION = 0x1;
export const VERSION_MASK = 0x3;
/** flags bit 2: this message is a reply. */
export const FLAG_REPLY = 0x4;
/** flags bit 3: the front-end asks for an ack (needs REPLY_ACK negotiated). */
export const FLAG_NEED_REPLY = 0x8;

/** Virtio feature bits (device features word, 64 bits). */
export const Feature = {
  NOTIFY_ON_EMPTY: 24,
  ANY_LAYOUT: 27,
  INDIRECT_DESC: 28,
  EVENT_IDX: 29,
  /** VHOST_USER_F_PROTOCOL_FEATURES: the back-end speaks GET/SET_PROTOCOL_FEATURES. */
  PROTOCOL_FEATURES: 30,
  VERSION_1: 32,
} as const;

/** Protocol feature bits (GET_PROTOCOL_FEATURES). */
export const ProtocolFeature = { MQ: 0, REPLY_ACK: 3, CONFIG: 9 } as const;

/** KICK/CALL/ERR payload: bits 0-7 queue index, bit 8 "no fd". */
export const VRING_IDX_MASK = 0xffn;
export const VRING_NOFD = 0x100n;

export const bit = (n: number): bigint => 1n << BigInt(n);
export const hasBit = (word: bigint, n: number): boolean => (word & bit(n)) !== 0n;

export interface Header {
  request: number;
  flags: number;
  size: number;
}

export function encodeMessage(request: number, payload: Uint8Array = new Uint8Array(0), flags = VERSION): Uint8Array {
  const msg = new Uint8Array(HEADER_SIZE + payload.length);
  const v = new DataView(msg.buffer);
  v.setUint32(0, request, true);
  v.setUint32(4, flags, true);
  v.setUint32(8, payload.length, true);
  msg.set(payload, HEADER_SIZE);
  return msg;
}

export function decodeHeader(b: Uint8Array): Header {
  if (b.length < HEADER_SIZE) throw new RangeError(`vhost-user header needs ${HEADER_SIZE} bytes, got ${b.length}`);
  const v = new DataView(b.buffer, b.byteOffset, HEADER_SIZE);
  return { request: v.getUint32(0, true), flags: v.getUint32(4, true), size: v.getUint32(8, true) };
}

// ---- payloads ----

export function u64(x: bigint | number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(x)), true);
  return b;
}

export function readU64(p: Uint8Array): bigint {
  if (p.length < 8) throw new RangeError(`u64 payload needs 8 bytes, got ${p.length}`);
  return new DataView(p.buffer, p.byteOffset, 8).getBigUint64(0, true);
}

/** struct vhost_vring_state {u32 index; u32 num} */
export function vringState(index: number, num: number): Uint8Array {
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setUint32(0, index, true);
  v.setUint32(4, num >>> 0, true);
  return b;
}

export function readVringState(p: Uint8Array): { index: number; num: number } {
  if (p.length < 8) throw new RangeError(`vring state payload needs 8 bytes, got ${p.length}`);
  const v = new DataView(p.buffer, p.byteOffset, 8);
  return { index: v.getUint32(0, true), num: v.getUint32(4, true) };
}

/**
 * struct vhost_vring_addr {u32 index; u32 flags; u64 desc; u64 used; u64 avail; u64 log} —
 * 40 bytes, the used ring BEFORE the available ring. Addresses are front-end user addresses.
 */
export function vringAddr(a: {
  index: number;
  flags?: number;
  desc: bigint;
  used: bigint;
  avail: bigint;
  log?: bigint;
}): Uint8Array {
  const b = new Uint8Array(40);
  const v = new DataView(b.buffer);
  v.setUint32(0, a.index, true);
  v.setUint32(4, a.flags ?? 0, true);
  v.setBigUint64(8, a.desc, true);
  v.setBigUint64(16, a.used, true);
  v.setBigUint64(24, a.avail, true);
  v.setBigUint64(32, a.log ?? 0n, true);
  return b;
}

export function readVringAddr(p: Uint8Array): {
  index: number;
  flags: number;
  desc: bigint;
  used: bigint;
  avail: bigint;
  log: bigint;
} {
  if (p.length < 40) throw new RangeError(`vring addr payload needs 40 bytes, got ${p.length}`);
  const v = new DataView(p.buffer, p.byteOffset, 40);
  return {
    index: v.getUint32(0, true),
    flags: v.getUint32(4, true),
    desc: v.getBigUint64(8, true),
    used: v.getBigUint64(16, true),
    avail: v.getBigUint64(24, true),
    log: v.getBigUint64(32, true),
  };
}

export interface MemRegion {
  guestPhysAddr: bigint;
  memorySize: bigint;
  userspaceAddr: bigint;
  mmapOffset: bigint;
}

/** VHOST_MEMORY_BASELINE_NREGIONS: at most 8 regions (one fd each) in SET_MEM_TABLE. */
export const MAX_REGIONS = 8;

/** struct VhostUserMemory {u32 nregions; u32 padding; regions[nregions] of 4 × u64} */
export function memoryTable(regions: MemRegion[]): Uint8Array {
  if (regions.length < 1 || regions.length > MAX_REGIONS)
    throw new RangeError(`a memory table holds 1..${MAX_REGIONS} regions, not ${regions.length}`);
  const b = new Uint8Array(8 + 32 * regions.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, regions.length, true);
  regions.forEach((r, i) => {
    const o = 8 + 32 * i;
    v.setBigUint64(o, r.guestPhysAddr, true);
    v.setBigUint64(o + 8, r.memorySize, true);
    v.setBigUint64(o + 16, r.userspaceAddr, true);
    v.setBigUint64(o + 24, r.mmapOffset, true);
  });
  return b;
}

export function readMemoryTable(p: Uint8Array): MemRegion[] {
  const v = new DataView(p.buffer, p.byteOffset, p.length);
  const n = v.getUint32(0, true);
  if (n > MAX_REGIONS || p.length < 8 + 32 * n)
    throw new RangeError(`memory table of ${p.length} bytes cannot hold ${n} regions`);
  return Array.from({ length: n }, (_, i) => {
    const o = 8 + 32 * i;
    return {
      guestPhysAddr: v.getBigUint64(o, true),
      memorySize: v.getBigUint64(o + 8, true),
      userspaceAddr: v.getBigUint64(o + 16, true),
      mmapOffset: v.getBigUint64(o + 24, true),
    };
  });
}

/** struct VhostUserConfig {u32 offset; u32 size; u32 flags; u8 region[size]} */
export function configRequest(offset: number, size: number, flags = 0): Uint8Array {
  const b = new Uint8Array(12 + size);
  const v = new DataView(b.buffer);
  v.setUint32(0, offset, true);
  v.setUint32(4, size, true);
  v.setUint32(8, flags, true);
  return b;
}

export function readConfig(p: Uint8Array): { offset: number; size: number; flags: number; region: Uint8Array } {
  if (p.length < 12) throw new RangeError(`config payload needs at least 12 bytes, got ${p.length}`);
  const v = new DataView(p.buffer, p.byteOffset, 12);
  const size = v.getUint32(4, true);
  if (p.length < 12 + size) throw new RangeError(`config payload says ${size} bytes but carries ${p.length - 12}`);
  return { offset: v.getUint32(0, true), size, flags: v.getUint32(8, true), region: p.slice(12, 12 + size) };
}

/** The u64 of SET_VRING_KICK/CALL/ERR: the queue index, plus bit 8 when no fd rides along. */
export function vringFile(index: number, noFd = false): Uint8Array {
  return u64((BigInt(index) & VRING_IDX_MASK) | (noFd ? VRING_NOFD : 0n));
}

/** Virtio-blk config space (struct virtio_blk_config, the fields a driver uses). */
export interface BlkConfig {
  capacity: bigint;
  sizeMax: number;
  segMax: number;
  blkSize: number;
  numQueues: number;
  maxDiscardSectors: number;
  maxDiscardSeg: number;
  discardSectorAlignment: number;
}

/** Offsets from linux/virtio_blk.h; GET_CONFIG of 60 bytes covers them all (QEMU 7.2 refuses more). */
export const BLK_CONFIG_SIZE = 60;

export function readBlkConfig(region: Uint8Array): BlkConfig {
  if (region.length < BLK_CONFIG_SIZE)
    throw new RangeError(`virtio-blk config needs ${BLK_CONFIG_SIZE} bytes, got ${region.length}`);
  const v = new DataView(region.buffer, region.byteOffset, region.length);
  return {
    capacity: v.getBigUint64(0, true),
    sizeMax: v.getUint32(8, true),
    segMax: v.getUint32(12, true),
    blkSize: v.getUint32(20, true),
    numQueues: v.getUint16(34, true),
    maxDiscardSectors: v.getUint32(36, true),
    maxDiscardSeg: v.getUint32(40, true),
    discardSectorAlignment: v.getUint32(44, true),
  };
}
