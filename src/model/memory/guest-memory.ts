/**
 * Guest memory: the one abstraction every ring access goes through. It maps guest
 * physical addresses (GPAs) onto a backing ArrayBuffer or SharedArrayBuffer (in the
 * browser a plain buffer; on the native bridge a memfd mapping), little-endian, with
 * bounds checks: an address outside every region is a typed error, never a wrap or an
 * out-of-bounds read. Because the model keeps all ring state in these bytes, a model
 * image and a real image can be compared byte for byte.
 */
import { RingError } from '../virtio/errors';

export interface MemoryRegion {
  /** Guest physical address of the region's first byte. */
  gpa: number;
  /** Length in bytes. */
  size: number;
  /** Offset of the region's first byte in the backing buffer. */
  offset: number;
  /** A name for inspectors ("rings", "buffers"). */
  name?: string;
}

/** Called for every write when recording is on (the event log keeps ring writes). */
export type WriteObserver = (gpa: number, bytes: Uint8Array) => void;

export class GuestMemory {
  readonly buffer: ArrayBufferLike;
  readonly regions: readonly MemoryRegion[];
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  /** Native-order u16 view for Atomics on shared memory (index publication). */
  private readonly h16: Uint16Array;
  private readonly shared: boolean;
  /**
   * Fast path for the common case of one region: its GPA, size and buffer offset as plain
   * numbers (size -1 when there are several regions, so the fast check always fails).
   */
  private readonly fastGpa: number;
  private readonly fastSize: number;
  private readonly fastOffset: number;
  observer: WriteObserver | null = null;

  constructor(buffer: ArrayBufferLike, regions?: MemoryRegion[]) {
    this.buffer = buffer;
    const regs = regions ?? [{ gpa: 0, size: buffer.byteLength, offset: 0, name: 'memory' }];
    const sorted = [...regs].sort((a, b) => a.gpa - b.gpa);
    for (let i = 0; i < sorted.length; i++) {
      const r = sorted[i];
      if (!(r.size > 0) || r.offset < 0 || r.offset + r.size > buffer.byteLength || r.gpa < 0) {
        throw new RingError(
          'InvalidLayout',
          `memory region ${r.name ?? i} (gpa 0x${r.gpa.toString(16)}, ${r.size} bytes at offset ${r.offset}) does not fit its ${buffer.byteLength}-byte buffer`,
          {},
        );
      }
      if (i > 0 && sorted[i - 1].gpa + sorted[i - 1].size > r.gpa) {
        throw new RingError('InvalidLayout', `memory regions overlap at gpa 0x${r.gpa.toString(16)}`, {});
      }
    }
    this.regions = sorted;
    this.view = new DataView(buffer);
    this.bytes = new Uint8Array(buffer);
    const shared = typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
    this.shared = shared;
    this.h16 = new Uint16Array(buffer, 0, buffer.byteLength >> 1);
    const one = sorted.length === 1 ? sorted[0] : null;
    this.fastGpa = one ? one.gpa : 0;
    this.fastSize = one ? one.size : -1;
    this.fastOffset = one ? one.offset : 0;
  }

  /** Fresh zeroed memory of `size` bytes at GPA 0. */
  static create(size: number, name = 'memory'): GuestMemory {
    return new GuestMemory(new ArrayBuffer(size), [{ gpa: 0, size, offset: 0, name }]);
  }

  get isShared(): boolean {
    return this.shared;
  }

  /** True when [gpa, gpa+len) lies inside one region (len 0 means "the byte at gpa"). */
  contains(gpa: number, len: number): boolean {
    // the one-region check inline (every descriptor of every chain asks), else the region walk
    const rel = gpa - this.fastGpa;
    if (len > 0 && rel >= 0 && rel + len <= this.fastSize) return true;
    return this.findOffset(gpa, Math.max(len, 1)) >= 0;
  }

  /** Buffer offset for [gpa, gpa+len), or -1. Handles hostile values (NaN, huge, negative). */
  private findOffset(gpa: number, len: number): number {
    const rel = gpa - this.fastGpa;
    if (rel >= 0 && rel + len <= this.fastSize) return this.fastOffset + rel;
    const regions = this.regions;
    for (let k = 0; k < regions.length; k++) {
      const r = regions[k];
      const rel = gpa - r.gpa;
      if (rel >= 0 && rel + len <= r.size) return r.offset + rel;
    }
    return -1;
  }

  /**
   * Buffer offset for an access, or a typed error naming the address. Kept tiny (the
   * one-region check, else the slow path) so the JIT inlines it into every accessor.
   */
  translate(gpa: number, len: number): number {
    const rel = gpa - this.fastGpa;
    if (rel >= 0 && rel + len <= this.fastSize) return this.fastOffset + rel;
    return this.translateSlow(gpa, len);
  }

  private translateSlow(gpa: number, len: number): number {
    const off = this.findOffset(gpa, len);
    if (off < 0) throw outsideMemory(gpa, len);
    return off;
  }

  readU8(gpa: number): number {
    return this.bytes[this.translate(gpa, 1)];
  }
  readU16(gpa: number): number {
    return this.get16(this.translate(gpa, 2));
  }
  readU32(gpa: number): number {
    return this.get32(this.translate(gpa, 4));
  }
  /**
   * A u64 as a JS number. Exact below 2^53; a larger (hostile) value loses low bits but
   * stays far outside any memory, so bounds checks still refuse it. Use readU64Big to show it.
   */
  readU64(gpa: number): number {
    const off = this.translate(gpa, 8);
    return this.get32(off) + this.get32(off + 4) * 4294967296;
  }
  readU64Big(gpa: number): bigint {
    return this.view.getBigUint64(this.translate(gpa, 8), true);
  }

  writeU8(gpa: number, v: number): void {
    const off = this.translate(gpa, 1);
    this.bytes[off] = v;
    if (this.observer) this.observer(gpa, this.bytes.slice(off, off + 1));
  }
  writeU16(gpa: number, v: number): void {
    const off = this.translate(gpa, 2);
    this.set16(off, v);
    if (this.observer) this.observer(gpa, this.bytes.slice(off, off + 2));
  }
  writeU32(gpa: number, v: number): void {
    const off = this.translate(gpa, 4);
    this.set32(off, v);
    if (this.observer) this.observer(gpa, this.bytes.slice(off, off + 4));
  }
  writeU64(gpa: number, v: number | bigint): void {
    const off = this.translate(gpa, 8);
    if (typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER) {
      // two u32 halves: BigInt conversion on every descriptor write is slow
      this.set32(off, v);
      this.set32(off + 4, Math.floor(v * TWO_TO_MINUS_32));
    } else this.view.setBigUint64(off, BigInt.asUintN(64, BigInt(v)), true);
    if (this.observer) this.observer(gpa, this.bytes.slice(off, off + 8));
  }

  /**
   * A whole 16-byte split-ring descriptor (addr u64, len u32, flags u16, next u16) with one
   * bounds check. An observer sees the four field writes, as if written one by one.
   */
  writeDescriptor(gpa: number, addr: number, len: number, flags: number, next: number): void {
    const off = this.translate(gpa, 16);
    if (addr >= 0 && addr <= Number.MAX_SAFE_INTEGER) {
      this.set32(off, addr);
      this.set32(off + 4, Math.floor(addr * TWO_TO_MINUS_32));
    } else this.view.setBigUint64(off, BigInt.asUintN(64, BigInt(addr)), true);
    this.set32(off + 8, len);
    this.set16(off + 12, flags);
    this.set16(off + 14, next);
    if (this.observer) {
      this.observer(gpa, this.bytes.slice(off, off + 8));
      this.observer(gpa + 8, this.bytes.slice(off + 8, off + 12));
      this.observer(gpa + 12, this.bytes.slice(off + 12, off + 14));
      this.observer(gpa + 14, this.bytes.slice(off + 14, off + 16));
    }
  }

  /**
   * One used-ring element (id u32, len u32) with one bounds check. An observer sees the two
   * field writes, as if written one by one.
   */
  writeUsedElem(gpa: number, id: number, len: number): void {
    const off = this.translate(gpa, 8);
    this.set32(off, id);
    this.set32(off + 4, len);
    if (this.observer) {
      this.observer(gpa, this.bytes.slice(off, off + 4));
      this.observer(gpa + 4, this.bytes.slice(off + 4, off + 8));
    }
  }

  /** Buffer offset of a whole 16-byte descriptor at `gpa` (one bounds check for its four fields). */
  descriptorOffset(gpa: number): number {
    return this.translate(gpa, 16);
  }
  /** Field reads at a buffer offset from descriptorOffset / translate (no further check). */
  u64At(off: number): number {
    return this.get32(off) + this.get32(off + 4) * 4294967296;
  }
  u32At(off: number): number {
    return this.get32(off);
  }
  u16At(off: number): number {
    return this.get16(off);
  }

  // DataView with explicit little-endian. Measured: native-order typed arrays behind an
  // alignment test were slower here, and the bounds check costs about a tenth of a round trip.
  private get16(off: number): number {
    return this.view.getUint16(off, true);
  }
  private get32(off: number): number {
    return this.view.getUint32(off, true);
  }
  private set16(off: number, v: number): void {
    this.view.setUint16(off, v, true);
  }
  private set32(off: number, v: number): void {
    this.view.setUint32(off, v >>> 0, true);
  }

  /**
   * Index publication (avail.idx, used.idx): on shared memory an Atomics store, which is a
   * full barrier, so the ring entries written before it are visible to the other side first
   * (the spec's "write barrier before idx"). On private memory a plain store is enough.
   */
  publishU16(gpa: number, v: number): void {
    const off = this.translate(gpa, 2);
    if (this.shared && (off & 1) === 0) Atomics.store(this.h16, off >> 1, LITTLE_ENDIAN_HOST ? v : swap16(v));
    else this.set16(off, v);
    if (this.observer) this.observer(gpa, this.bytes.slice(off, off + 2));
  }
  /** Index read with acquire ordering on shared memory (the spec's read barrier after idx). */
  acquireU16(gpa: number): number {
    const off = this.translate(gpa, 2);
    if (this.shared && (off & 1) === 0) {
      const v = Atomics.load(this.h16, off >> 1);
      return LITTLE_ENDIAN_HOST ? v : swap16(v);
    }
    return this.get16(off);
  }

  /** A copy of [gpa, gpa+len). */
  readBytes(gpa: number, len: number): Uint8Array {
    const off = this.translate(gpa, len);
    return this.bytes.slice(off, off + len);
  }
  writeBytes(gpa: number, data: Uint8Array): void {
    const off = this.translate(gpa, data.length);
    this.bytes.set(data, off);
    if (this.observer) this.observer(gpa, data.slice());
  }
  fill(gpa: number, len: number, value: number): void {
    const off = this.translate(gpa, len);
    this.bytes.fill(value, off, off + len);
    if (this.observer) this.observer(gpa, this.bytes.slice(off, off + len));
  }

  /** Copy of the whole backing buffer (checkpoints, dumps). */
  image(): Uint8Array {
    return this.bytes.slice();
  }
  /** Overwrite the whole backing buffer from an image of the same size (restore). */
  load(image: Uint8Array): void {
    if (image.length !== this.bytes.length) {
      throw new RingError('InvalidLayout', `memory image is ${image.length} bytes, memory is ${this.bytes.length}`, {});
    }
    this.bytes.set(image);
  }
}

/** 2^-32: multiplying by it is exact and much cheaper than dividing by 2^32. */
const TWO_TO_MINUS_32 = 1 / 4294967296;

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function swap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
}

function outsideMemory(gpa: number, len: number): RingError {
  return new RingError('GuestMemory', `guest address 0x${hex(gpa)}+${len} is outside guest memory`, { gpa, len });
}

export function hex(n: number): string {
  return Number.isFinite(n) && n >= 0 ? Math.floor(n).toString(16) : String(n);
}
