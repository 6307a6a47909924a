/**
 * A first-fit allocator of guest addresses inside one region: where the driver puts its
 * data buffers and indirect tables (Linux kmallocs them; the model needs the same thing
 * in guest memory). Deterministic (lowest address first) and plain data, so it can be
 * saved in a checkpoint.
 */

export interface AllocatorState {
  base: number;
  size: number;
  /** Free extents [start, end) sorted by start, never adjacent (they are merged). */
  free: [number, number][];
  /** Allocated extents by start address → size. */
  used: Record<number, number>;
}

export class GuestAllocator {
  private s: AllocatorState;

  constructor(base: number, size: number) {
    this.s = { base, size, free: size > 0 ? [[base, base + size]] : [], used: {} };
  }

  get base(): number {
    return this.s.base;
  }
  get size(): number {
    return this.s.size;
  }

  /** Bytes currently allocated. */
  get inUse(): number {
    let n = 0;
    for (const k in this.s.used) n += this.s.used[k];
    return n;
  }

  /** Lowest `align`-aligned address with `len` free bytes, or null when none fits. */
  alloc(len: number, align = 16): number | null {
    if (!(len > 0) || !Number.isInteger(len)) throw new RangeError(`GuestAllocator: bad length ${len}`);
    const free = this.s.free;
    for (let i = 0; i < free.length; i++) {
      const [start, end] = free[i];
      const at = Math.ceil(start / align) * align;
      if (at + len > end) continue;
      const pieces: [number, number][] = [];
      if (at > start) pieces.push([start, at]);
      if (at + len < end) pieces.push([at + len, end]);
      free.splice(i, 1, ...pieces);
      this.s.used[at] = len;
      return at;
    }
    return null;
  }

  release(at: number): void {
    const len = this.s.used[at];
    if (len === undefined) throw new RangeError(`GuestAllocator: 0x${at.toString(16)} is not allocated`);
    delete this.s.used[at];
    const free = this.s.free;
    let i = 0;
    while (i < free.length && free[i][0] < at) i++;
    free.splice(i, 0, [at, at + len]);
    // merge with neighbours so the free list stays short
    if (i + 1 < free.length && free[i][1] === free[i + 1][0]) {
      free[i][1] = free[i + 1][1];
      free.splice(i + 1, 1);
    }
    if (i > 0 && free[i - 1][1] === free[i][0]) {
      free[i - 1][1] = free[i][1];
      free.splice(i, 1);
    }
  }

  isAllocated(at: number): boolean {
    return this.s.used[at] !== undefined;
  }

  save(): AllocatorState {
    return structuredClone(this.s);
  }
  restore(s: AllocatorState): void {
    this.s = structuredClone(s);
  }
}
