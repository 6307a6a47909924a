// Test-only: a tiny hand-written split-ring driver view over a SharedArrayBuffer, just enough to feed
// the native device known (and deliberately broken) ring contents. The project's real driver is the
// TypeScript model in src/model; this stays small on purpose.
export const F_NEXT = 1;
export const F_WRITE = 2;
export const F_INDIRECT = 4;
export const AVAIL_F_NO_INTERRUPT = 1;
export const USED_F_NO_NOTIFY = 1;

export interface RingLayout {
  qs: number;
  descAddr: number;
  availAddr: number;
  usedAddr: number;
  /** First byte after the rings, 4096-aligned: buffers go from here. */
  dataAddr: number;
}

const align = (v: number, a: number) => Math.ceil(v / a) * a;

export function ringLayout(qs: number, base = 0): RingLayout {
  const descAddr = base;
  const availAddr = descAddr + 16 * qs;
  const usedAddr = align(availAddr + 6 + 2 * qs, 4096);
  return { qs, descAddr, availAddr, usedAddr, dataAddr: align(usedAddr + 6 + 8 * qs, 4096) };
}

export class RingWriter {
  readonly dv: DataView;
  readonly u8: Uint8Array;
  private readonly u16: Uint16Array;
  availIdx = 0; // driver's shadow of avail.idx
  lastUsed = 0;
  private bump: number; // simple bump allocator for buffers

  constructor(
    readonly sab: SharedArrayBuffer,
    readonly l: RingLayout,
  ) {
    this.dv = new DataView(sab);
    this.u8 = new Uint8Array(sab);
    this.u16 = new Uint16Array(sab);
    this.bump = l.dataAddr;
  }

  /** Reserve len bytes of buffer space (8-aligned) and return its guest address. */
  alloc(len: number): number {
    const a = this.bump;
    this.bump = align(a + len, 8);
    if (this.bump > this.sab.byteLength) throw new Error('RingWriter: out of buffer space');
    return a;
  }

  /** Put bytes in a fresh buffer and return its address. */
  put(bytes: Uint8Array): number {
    const a = this.alloc(bytes.length);
    this.u8.set(bytes, a);
    return a;
  }

  desc(i: number, addr: number | bigint, len: number, flags = 0, next = 0, table = this.l.descAddr): void {
    const o = table + 16 * i;
    this.dv.setBigUint64(o, BigInt(addr), true);
    this.dv.setUint32(o + 8, len, true);
    this.dv.setUint16(o + 12, flags, true);
    this.dv.setUint16(o + 14, next, true);
  }

  /** Make heads available: ring slots first, then avail.idx with a seq-cst store (release and more). */
  publish(...heads: number[]): void {
    for (const h of heads) {
      this.dv.setUint16(this.l.availAddr + 4 + 2 * (this.availIdx % this.l.qs), h, true);
      this.availIdx = (this.availIdx + 1) & 0xffff;
    }
    Atomics.store(this.u16, (this.l.availAddr + 2) / 2, this.availIdx);
  }

  /** Write a raw avail.idx (hostile tests). */
  setAvailIdx(v: number): void {
    this.availIdx = v & 0xffff;
    Atomics.store(this.u16, (this.l.availAddr + 2) / 2, this.availIdx);
  }

  setAvailFlags(v: number): void {
    Atomics.store(this.u16, this.l.availAddr / 2, v);
  }

  setUsedEvent(v: number): void {
    Atomics.store(this.u16, (this.l.availAddr + 4 + 2 * this.l.qs) / 2, v & 0xffff);
  }

  availEvent(): number {
    return Atomics.load(this.u16, (this.l.usedAddr + 4 + 8 * this.l.qs) / 2);
  }

  usedFlags(): number {
    return Atomics.load(this.u16, this.l.usedAddr / 2);
  }

  usedIdx(): number {
    return Atomics.load(this.u16, (this.l.usedAddr + 2) / 2);
  }

  /** Used element i (free-running index). Call after usedIdx() showed it (acquire). */
  used(i: number): { id: number; len: number } {
    const o = this.l.usedAddr + 4 + 8 * (i % this.l.qs);
    return { id: this.dv.getUint32(o, true), len: this.dv.getUint32(o + 4, true) };
  }

  bytes(addr: number, len: number): Uint8Array {
    return this.u8.slice(addr, addr + len);
  }
}

/** FNV-1a 64 of the concatenation of parts, as the echo device computes it. */
export function fnv1a64(...parts: Uint8Array[]): bigint {
  let h = 0xcbf29ce484222325n;
  for (const p of parts)
    for (const b of p) {
      h ^= BigInt(b);
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
  return h;
}

/** Poll until cond() holds (the device runs on its own thread). */
export async function waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}
