/**
 * FUSE messages as virtio-fs carries them (layouts from linux/fuse.h): a device-readable
 * fuse_in_header (40 bytes) + op body, and a device-writable fuse_out_header (16 bytes) + reply.
 * Pure encode/decode. encodeRequest refuses anything shorter than the in-header: virtiofsd 7.2
 * aborts (exit 134) on such a request (shared/reference/bad-input.md).
 */

export const FuseOp = {
  LOOKUP: 1,
  FORGET: 2,
  GETATTR: 3,
  UNLINK: 10,
  OPEN: 14,
  READ: 15,
  WRITE: 16,
  RELEASE: 18,
  INIT: 26,
  OPENDIR: 27,
  READDIR: 28,
  RELEASEDIR: 29,
} as const;

export function fuseOpName(op: number): string {
  for (const [k, v] of Object.entries(FuseOp)) if (v === op) return `FUSE_${k}`;
  return `FUSE_OP_${op}`;
}

export const FUSE_IN_HEADER = 40;
export const FUSE_OUT_HEADER = 16;
export const FUSE_ROOT_ID = 1n;
/** We speak 7.31, the oldest virtiofsd accepts ("fuse: unsupported protocol version" below it). */
export const FUSE_MAJOR = 7;
export const FUSE_MINOR = 31;
/** sizeof(struct fuse_init_in) since 7.36: virtiofsd consumes the whole struct for minor ≥ 6. */
export const FUSE_INIT_IN_SIZE = 64;

export class FuseError extends Error {
  constructor(
    readonly op: string,
    /** Positive errno (the out header carries it negated). */
    readonly errno: number,
  ) {
    super(`${op} failed: errno ${errno}`);
    this.name = 'FuseError';
  }
}

export interface InHeader {
  opcode: number;
  unique: bigint;
  nodeid: bigint;
  uid?: number;
  gid?: number;
  pid?: number;
}

/** Header + body. Refuses (throws) a request that would be shorter than the 40-byte in-header. */
export function encodeRequest(h: InHeader, body: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (h.unique === 0n) throw new RangeError('FUSE unique must be non-zero (0 is reserved for notifications)');
  const len = FUSE_IN_HEADER + body.length;
  const b = new Uint8Array(len);
  const v = new DataView(b.buffer);
  v.setUint32(0, len, true);
  v.setUint32(4, h.opcode, true);
  v.setBigUint64(8, h.unique, true);
  v.setBigUint64(16, h.nodeid, true);
  v.setUint32(24, h.uid ?? 0, true);
  v.setUint32(28, h.gid ?? 0, true);
  v.setUint32(32, h.pid ?? 1, true);
  b.set(body, FUSE_IN_HEADER);
  return b;
}

/** The one check that keeps virtiofsd alive: a request shorter than its in-header aborts it. */
export function assertSendable(req: Uint8Array): void {
  if (req.length < FUSE_IN_HEADER)
    throw new RangeError(
      `a FUSE request of ${req.length} bytes is shorter than the ${FUSE_IN_HEADER}-byte fuse_in_header; virtiofsd would abort on it`,
    );
}

export interface OutHeader {
  len: number;
  error: number;
  unique: bigint;
}

export function decodeOutHeader(b: Uint8Array): OutHeader {
  if (b.length < FUSE_OUT_HEADER)
    throw new RangeError(`fuse_out_header needs ${FUSE_OUT_HEADER} bytes, got ${b.length}`);
  const v = new DataView(b.buffer, b.byteOffset, FUSE_OUT_HEADER);
  return { len: v.getUint32(0, true), error: v.getInt32(4, true), unique: v.getBigUint64(8, true) };
}

// ---- bodies ----

export function initIn(maxReadahead = 0, flags = 0): Uint8Array {
  const b = new Uint8Array(FUSE_INIT_IN_SIZE);
  const v = new DataView(b.buffer);
  v.setUint32(0, FUSE_MAJOR, true);
  v.setUint32(4, FUSE_MINOR, true);
  v.setUint32(8, maxReadahead, true);
  v.setUint32(12, flags, true);
  return b;
}

export interface InitOut {
  major: number;
  minor: number;
  maxReadahead: number;
  flags: number;
  maxWrite: number;
}

export function decodeInitOut(b: Uint8Array): InitOut {
  if (b.length < 24) throw new RangeError(`fuse_init_out needs at least 24 bytes, got ${b.length}`);
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  return {
    major: v.getUint32(0, true),
    minor: v.getUint32(4, true),
    maxReadahead: v.getUint32(8, true),
    flags: v.getUint32(12, true),
    maxWrite: v.getUint32(20, true),
  };
}

/** A name argument: the bytes and a NUL. */
export function nameArg(name: string): Uint8Array {
  const s = new TextEncoder().encode(name);
  if (s.includes(0) || s.length === 0) throw new RangeError(`bad FUSE name ${JSON.stringify(name)}`);
  const b = new Uint8Array(s.length + 1);
  b.set(s);
  return b;
}

export interface Attr {
  ino: bigint;
  size: bigint;
  mode: number;
  nlink: number;
  mtime: bigint;
}

/** struct fuse_attr (88 bytes) at `off`. */
function decodeAttr(v: DataView, off: number): Attr {
  return {
    ino: v.getBigUint64(off, true),
    size: v.getBigUint64(off + 8, true),
    mtime: v.getBigUint64(off + 32, true),
    mode: v.getUint32(off + 60, true),
    nlink: v.getUint32(off + 64, true),
  };
}

export interface EntryOut {
  nodeid: bigint;
  generation: bigint;
  /** Seconds + nanoseconds the name (entry) and the attributes may be cached. */
  entryValidNs: bigint;
  attrValidNs: bigint;
  attr: Attr;
}

export const ENTRY_OUT_SIZE = 128;
export const ATTR_OUT_SIZE = 104;

export function decodeEntryOut(b: Uint8Array): EntryOut {
  if (b.length < ENTRY_OUT_SIZE) throw new RangeError(`fuse_entry_out needs ${ENTRY_OUT_SIZE} bytes, got ${b.length}`);
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  const ns = (sec: bigint, nsec: number) => sec * 1_000_000_000n + BigInt(nsec);
  return {
    nodeid: v.getBigUint64(0, true),
    generation: v.getBigUint64(8, true),
    entryValidNs: ns(v.getBigUint64(16, true), v.getUint32(32, true)),
    attrValidNs: ns(v.getBigUint64(24, true), v.getUint32(36, true)),
    attr: decodeAttr(v, 40),
  };
}

export function decodeAttrOut(b: Uint8Array): { attrValidNs: bigint; attr: Attr } {
  if (b.length < ATTR_OUT_SIZE) throw new RangeError(`fuse_attr_out needs ${ATTR_OUT_SIZE} bytes, got ${b.length}`);
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  return {
    attrValidNs: v.getBigUint64(0, true) * 1_000_000_000n + BigInt(v.getUint32(8, true)),
    attr: decodeAttr(v, 16),
  };
}

/** struct fuse_getattr_in {u32 getattr_flags; u32 dummy; u64 fh} */
export function getattrIn(fh?: bigint): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  if (fh !== undefined) {
    v.setUint32(0, 1, true); // FUSE_GETATTR_FH
    v.setBigUint64(8, fh, true);
  }
  return b;
}

/** struct fuse_open_in {u32 flags; u32 open_flags} */
export function openIn(flags: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, flags, true);
  return b;
}

export function decodeOpenOut(b: Uint8Array): { fh: bigint; openFlags: number } {
  if (b.length < 16) throw new RangeError(`fuse_open_out needs 16 bytes, got ${b.length}`);
  const v = new DataView(b.buffer, b.byteOffset, 16);
  return { fh: v.getBigUint64(0, true), openFlags: v.getUint32(8, true) };
}

/** struct fuse_read_in (40 bytes), also READDIR's argument. */
export function readIn(fh: bigint, offset: bigint, size: number, flags = 0): Uint8Array {
  const b = new Uint8Array(40);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, fh, true);
  v.setBigUint64(8, offset, true);
  v.setUint32(16, size, true);
  v.setUint32(32, flags, true);
  return b;
}

/** struct fuse_write_in (40 bytes) followed by the data. */
export function writeIn(fh: bigint, offset: bigint, data: Uint8Array): Uint8Array {
  const b = new Uint8Array(40 + data.length);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, fh, true);
  v.setBigUint64(8, offset, true);
  v.setUint32(16, data.length, true);
  b.set(data, 40);
  return b;
}

/** struct fuse_release_in (24 bytes), for RELEASE and RELEASEDIR. */
export function releaseIn(fh: bigint, flags = 0): Uint8Array {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, fh, true);
  v.setUint32(8, flags, true);
  return b;
}

/** struct fuse_forget_in {u64 nlookup} */
export function forgetIn(nlookup: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, nlookup, true);
  return b;
}

export interface Dirent {
  ino: bigint;
  off: bigint;
  type: number;
  name: string;
}

/** A READDIR reply: fuse_dirent records, each padded to 8 bytes. */
export function decodeDirents(b: Uint8Array): Dirent[] {
  const out: Dirent[] = [];
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  let o = 0;
  while (o + 24 <= b.length) {
    const namelen = v.getUint32(o + 16, true);
    if (o + 24 + namelen > b.length) throw new RangeError(`dirent at ${o} overruns the ${b.length}-byte reply`);
    out.push({
      ino: v.getBigUint64(o, true),
      off: v.getBigUint64(o + 8, true),
      type: v.getUint32(o + 20, true),
      name: new TextDecoder().decode(b.subarray(o + 24, o + 24 + namelen)),
    });
    o += (24 + namelen + 7) & ~7;
  }
  return out;
}
