/**
 * Seeded pseudo-random numbers. Every subsystem draws from its own stream, so adding a
 * draw in one subsystem never shifts the numbers another one sees (TigerBeetle's VOPR and
 * tldraw's fuzz tests work the same way). The generator is sfc32, seeded through
 * splitmix32: small, fast with 32-bit integer maths, and identical in every JS engine.
 */

/** Version of the random-number scheme; part of every trace header next to the seed. */
export const PRNG_VERSION = 1;

export interface PrngState {
  a: number;
  b: number;
  c: number;
  d: number;
}

function splitmix32(x: number): () => number {
  let s = x >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a of a stream name, so streams are derived from names rather than from call order. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Prng {
  private s: PrngState;

  constructor(state: PrngState) {
    this.s = { ...state };
  }

  /** The stream called `name` of the run seeded with `seed`. */
  static stream(seed: number, name: string): Prng {
    const mix = splitmix32((seed >>> 0) ^ hashName(name));
    const p = new Prng({ a: mix(), b: mix(), c: mix(), d: mix() | 1 });
    for (let i = 0; i < 12; i++) p.nextU32(); // let the state diffuse before the first draw
    return p;
  }

  nextU32(): number {
    const s = this.s;
    const t = (((s.a + s.b) >>> 0) + s.d) >>> 0;
    s.d = (s.d + 1) >>> 0;
    s.a = s.b ^ (s.b >>> 9);
    s.b = (s.c + (s.c << 3)) >>> 0;
    s.c = ((s.c << 21) | (s.c >>> 11)) >>> 0;
    s.c = (s.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    if (hi < lo) throw new RangeError(`Prng.int: empty range [${lo}, ${hi}]`);
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Prng.pick: no items');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Exponentially distributed with the given mean (for arrival and service times). */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  save(): PrngState {
    return { ...this.s };
  }

  restore(state: PrngState): void {
    this.s = { ...state };
  }
}
