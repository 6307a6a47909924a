// Request encoders and answer decoders for the fake gofer's handlers (csrc/lisafs_gofer.h), and the
// functions that say what a correct answer is, so tests can check every byte.

export const MID = { Error: 0, Mount: 1, Channel: 2, FStat: 3, FSync: 10, PWrite: 11, PRead: 12 } as const;

export function fstatRequest(fd: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(fd, 0);
  return b;
}

export interface FakeStat {
  ino: bigint;
  size: bigint;
  mode: number;
  nlink: number;
}

export function decodeFStat(d: Uint8Array): FakeStat {
  const b = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return { ino: b.readBigUInt64LE(0), size: b.readBigUInt64LE(8), mode: b.readUInt32LE(16), nlink: b.readUInt32LE(20) };
}

/** What FStat must answer for fd. */
export function expectedFStat(fd: number): FakeStat {
  return { ino: BigInt(fd), size: BigInt(fd) * 4096n + 17n, mode: 0o100644, nlink: 1 };
}

export function preadRequest(fd: number, count: number, offset = 0): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(fd, 0);
  b.writeUInt32LE(count, 4);
  b.writeBigUInt64LE(BigInt(offset), 8);
  return b;
}

/** What PRead must answer: byte i = (fd*31 + offset + i) & 0xff. */
export function expectedPRead(fd: number, count: number, offset = 0): Buffer {
  const b = Buffer.alloc(count);
  const base = (fd * 31 + offset) & 0xff;
  for (let i = 0; i < count; i++) b[i] = (base + i) & 0xff;
  return b;
}

export function pwriteRequest(fd: number, data: Uint8Array, offset = 0): Buffer {
  const b = Buffer.alloc(16 + data.byteLength);
  b.writeUInt32LE(fd, 0);
  b.writeBigUInt64LE(BigInt(offset), 8);
  b.set(data, 16);
  return b;
}

export function fnv1a32(data: Uint8Array): number {
  let h = 2166136261;
  for (const x of data) h = Math.imul(h ^ x, 16777619) >>> 0;
  return h >>> 0;
}

export function decodePWrite(d: Uint8Array): { written: number; fnv1a: number } {
  const b = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return { written: b.readUInt32LE(0), fnv1a: b.readUInt32LE(4) };
}

/** FSync that makes the gofer hold the request for delayUs: a service time for contention tests. */
export function fsyncRequest(fd: number, delayUs: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(fd, 0);
  b.writeUInt32LE(delayUs, 4);
  return b;
}

export function decodeMount(d: Uint8Array): { maxMessageSize: number; mids: number[] } {
  const b = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  const n = b.readUInt32LE(4);
  return { maxMessageSize: b.readUInt32LE(0), mids: Array.from({ length: n }, (_, i) => b.readUInt16LE(8 + 2 * i)) };
}
