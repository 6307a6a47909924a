// Seeded corrupted split rings for the differential fuzz: a valid ring (direct chains, indirect tables
// when INDIRECT_DESC is on, EVENT_IDX on or off, any start index) with zero to three fields corrupted.
// One case is a pure function of its seed, so a failing seed reproduces exactly.
//
// Memory map (MEM_SIZE bytes, guest address = byte offset):
//   [0, RING_END)            descriptor table, available and used rings (modernLayout)
//   [TABLES, BUFFERS)        indirect table slots of SLOT bytes (a full table of the largest queue)
//   [BUFFERS, MEM_SIZE)      data buffers
// Corrupted addresses never point below RING_END: the model writes avail_event and the threaded device
// writes used.flags / avail_event at other moments than the probe, so a buffer over the rings would
// make the memories differ for reasons that are not the ring walk under test.
import { type SplitLayout, modernLayout, ring } from '@ringside/model/virtio/layout.ts';
import { Prng } from '@ringside/model/sim/prng.ts';
import { VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from '@ringside/model/virtio/constants.ts';

export const MEM_SIZE = 8192;
const RING_END = 512;
const TABLES = 512;
const SLOT = 256;
const SLOTS = 13;
const BUFFERS = 4096;
const QUEUE_SIZES = [2, 4, 8, 16] as const;
const NEXT = VRING_DESC_F_NEXT;
const WRITE = VRING_DESC_F_WRITE;
const INDIRECT = VRING_DESC_F_INDIRECT;

export interface RingCase {
  seed: number;
  qs: number;
  base: number;
  eventIdx: boolean;
  indirect: boolean;
  layout: SplitLayout;
  /** The guest memory both device sides start from (each gets its own copy). */
  bytes: Uint8Array;
  /** What was built and what was corrupted, for a failure message. */
  story: string[];
}

/** A descriptor's place: the queue's table (table = -1) or an indirect table slot. */
interface DescRef {
  table: number;
  index: number;
}

interface Chain {
  head: number;
  descs: DescRef[];
}

/** Guest address of descriptor `d`. */
function descAt(l: SplitLayout, d: DescRef): number {
  return d.table < 0 ? l.desc + 16 * d.index : TABLES + SLOT * d.table + 16 * d.index;
}

class Builder {
  readonly dv: DataView;
  private bump = BUFFERS;
  readonly chains: Chain[] = [];
  readonly story: string[] = [];
  tablesUsed = 0;

  constructor(
    readonly rng: Prng,
    readonly l: SplitLayout,
    readonly bytes: Uint8Array,
  ) {
    this.dv = new DataView(bytes.buffer);
  }

  buffer(len: number): number {
    if (this.bump + len > MEM_SIZE) this.bump = BUFFERS; // buffers may overlap: both sides see the same
    const a = this.bump;
    this.bump += (len + 7) & ~7;
    // contents only feed the echo device's hash; one draw per 4 bytes keeps generation cheap
    for (let i = 0; i < len; i += 4) {
      const v = this.rng.nextU32();
      for (let k = 0; k < 4 && i + k < len; k++) this.bytes[a + i + k] = (v >>> (8 * k)) & 0xff;
    }
    return a;
  }

  /** A valid descriptor (addr < 2^32; the corruptions write wider ones through field()). */
  desc(d: DescRef, addr: number, len: number, flags: number, next: number): void {
    const at = descAt(this.l, d);
    this.dv.setUint32(at, addr, true);
    this.dv.setUint32(at + 4, 0, true);
    this.dv.setUint32(at + 8, len >>> 0, true);
    this.dv.setUint16(at + 12, flags & 0xffff, true);
    this.dv.setUint16(at + 14, next & 0xffff, true);
  }

  field(d: DescRef, off: number, size: 2 | 4 | 8, v: number | bigint): void {
    const at = descAt(this.l, d) + off;
    if (size === 8) this.dv.setBigUint64(at, BigInt.asUintN(64, BigInt(v)), true);
    else if (size === 4) this.dv.setUint32(at, Number(v) >>> 0, true);
    else this.dv.setUint16(at, Number(v) & 0xffff, true);
  }

  flags(d: DescRef): number {
    return this.dv.getUint16(descAt(this.l, d) + 12, true);
  }

  /** `n` buffers as one chain through `refs`: `readable` device-readable ones first, then writable. */
  links(refs: DescRef[], readable: number): void {
    refs.forEach((d, j) => {
      const len = this.rng.int(1, 48);
      const last = j === refs.length - 1;
      this.desc(
        d,
        this.buffer(len),
        len,
        (last ? 0 : NEXT) | (j >= readable ? WRITE : 0),
        last ? 0 : refs[j + 1].index,
      );
    });
  }
}

/** A value an attacker (or a bit flip) would put in an address field. */
function badAddr(rng: Prng): bigint {
  switch (rng.int(0, 5)) {
    case 0:
      return BigInt(rng.int(RING_END, MEM_SIZE - 1));
    case 1:
      return BigInt(TABLES + SLOT * rng.int(0, SLOTS - 1) + rng.pick([0, 8]));
    case 2:
      return BigInt(MEM_SIZE - rng.int(0, 16));
    case 3:
      return 2n ** 53n - 16n;
    case 4:
      return 2n ** 64n - BigInt(rng.pick([1, 16]));
    default:
      return BigInt(MEM_SIZE);
  }
}

function badLen(rng: Prng, qs: number): number {
  return rng.pick([0, rng.int(1, 64), 16 * rng.int(1, qs), 16 * (qs + 1), 24, 8, 0xffffffff, 0x80000000, MEM_SIZE]);
}

function badFlags(rng: Prng): number {
  return rng.pick([rng.int(0, 7), rng.int(0, 7) | 8, INDIRECT, INDIRECT | NEXT, INDIRECT | WRITE, NEXT | WRITE]);
}

function build(b: Builder, qs: number, indirect: boolean): void {
  const { rng } = b;
  const free = rng.shuffle(Array.from({ length: qs }, (_, i) => i));
  const wanted = rng.int(0, qs);
  while (b.chains.length < wanted && free.length > 0) {
    const head = free.pop() as number;
    const shape = indirect && b.tablesUsed < SLOTS ? rng.int(0, 3) : 0;
    if (shape >= 2) {
      // head -> indirect table of m entries
      const t = b.tablesUsed++;
      const m = rng.int(1, Math.min(qs, 6));
      const refs = Array.from({ length: m }, (_, j) => ({ table: t, index: j }));
      b.links(refs, rng.int(0, m));
      b.desc({ table: -1, index: head }, TABLES + SLOT * t, 16 * m, INDIRECT, rng.int(0, 0xffff));
      b.chains.push({ head, descs: [{ table: -1, index: head }, ...refs] });
      b.story.push(`chain head ${head} -> indirect table ${t} (${m} entries)`);
      continue;
    }
    const k = Math.min(free.length + 1, rng.int(1, 3));
    const idx = [head];
    while (idx.length < k) idx.push(free.pop() as number);
    const refs = idx.map((index) => ({ table: -1, index }));
    b.links(refs, rng.int(0, k));
    if (shape === 1 && k > 1) {
      // Spec-valid, implementations differ: direct descriptors, then one INDIRECT (errors.ts, NestedIndirect)
      const t = b.tablesUsed++;
      const last = refs[k - 1];
      const at = descAt(b.l, last);
      b.desc(last, TABLES + SLOT * t, 32, INDIRECT | (b.dv.getUint16(at + 12, true) & WRITE), 0);
      b.links(
        [0, 1].map((index) => ({ table: t, index })),
        1,
      );
      b.story.push(`chain head ${head}: ${k - 1} direct, then INDIRECT on descriptor ${last.index}`);
    } else b.story.push(`chain head ${head}: descriptors ${idx.join(',')}`);
    b.chains.push({ head, descs: refs });
  }
}

function corrupt(b: Builder, qs: number, base: number): void {
  const { rng, l, dv } = b;
  const anyDesc = (): DescRef => {
    const c = b.chains.length > 0 && rng.bool(0.8) ? rng.pick(b.chains) : null;
    return c ? rng.pick(c.descs) : { table: -1, index: rng.int(0, qs - 1) };
  };
  const what = rng.pick(['addr', 'len', 'flags', 'next', 'availIdx', 'availRing', 'loop', 'headIndirect'] as const);
  const d = anyDesc();
  const where = d.table < 0 ? `descriptor ${d.index}` : `table ${d.table} entry ${d.index}`;
  switch (what) {
    case 'addr': {
      const v = badAddr(rng);
      b.field(d, 0, 8, v);
      return void b.story.push(`${where}: addr = 0x${v.toString(16)}`);
    }
    case 'len': {
      const v = badLen(rng, qs);
      b.field(d, 8, 4, v);
      return void b.story.push(`${where}: len = ${v}`);
    }
    case 'flags': {
      const v = badFlags(rng);
      b.field(d, 12, 2, v);
      return void b.story.push(`${where}: flags = ${v}`);
    }
    case 'next': {
      const v = rng.pick([rng.int(0, qs - 1), qs, rng.int(0, 0xffff), rng.int(0, 6)]);
      b.field(d, 14, 2, v);
      return void b.story.push(`${where}: next = ${v}`);
    }
    case 'availIdx': {
      const v = (base + b.chains.length + rng.pick([-1, 1, qs + 1, qs - b.chains.length + 1, 0x8000])) & 0xffff;
      dv.setUint16(ring.availIdx(l), v, true);
      return void b.story.push(`avail.idx = ${v}`);
    }
    case 'availRing': {
      const slot = rng.int(0, qs - 1);
      const v = rng.pick([rng.int(0, qs - 1), qs, rng.int(qs, 0xffff)]);
      dv.setUint16(ring.availRing(l, slot), v, true);
      return void b.story.push(`avail.ring[${slot}] = ${v}`);
    }
    case 'loop': {
      const c = b.chains.length > 0 ? rng.pick(b.chains) : null;
      if (!c) return;
      const last = c.descs[c.descs.length - 1];
      const to = rng.pick(c.descs.filter((x) => x.table === last.table));
      b.field(last, 12, 2, b.flags(last) | NEXT);
      b.field(last, 14, 2, to.index);
      return void b.story.push(`loop: ${last.table < 0 ? 'descriptor' : 'table entry'} ${last.index} -> ${to.index}`);
    }
    case 'headIndirect': {
      const c = b.chains.length > 0 ? rng.pick(b.chains) : null;
      if (!c) return;
      const h = { table: -1, index: c.head };
      const v = b.flags(h) | INDIRECT | (rng.bool(0.3) ? NEXT : 0);
      b.field(h, 12, 2, v);
      if (rng.bool(0.5)) b.field(h, 8, 4, badLen(rng, qs));
      return void b.story.push(`head ${c.head}: flags = ${v}`);
    }
  }
}

/** The case for `seed`: same seed, same bytes. */
export function ringCase(seed: number): RingCase {
  const rng = Prng.stream(seed, 'differential-ring');
  const qs = rng.pick(QUEUE_SIZES);
  const base = rng.pick([0, rng.int(0, 0xffff), (0x10000 - rng.int(1, qs)) & 0xffff]);
  const eventIdx = rng.bool();
  const indirect = rng.bool(0.6);
  const layout = modernLayout(qs, 0);
  const bytes = new Uint8Array(new ArrayBuffer(MEM_SIZE));
  const b = new Builder(rng, layout, bytes);
  build(b, qs, indirect);
  const dv = b.dv;
  for (const [i, c] of b.chains.entries()) dv.setUint16(ring.availRing(layout, (base + i) & (qs - 1)), c.head, true);
  dv.setUint16(ring.availIdx(layout), (base + b.chains.length) & 0xffff, true);
  dv.setUint16(ring.availFlags(layout), rng.bool() ? 1 : 0, true);
  dv.setUint16(ring.usedEvent(layout), rng.int(0, 0xffff), true);
  dv.setUint16(ring.usedIdx(layout), base, true);
  const faults = rng.pick([0, 1, 1, 1, 2, 2, 3]);
  for (let i = 0; i < faults; i++) corrupt(b, qs, base);
  if (faults === 0) b.story.push('no corruption');
  return {
    seed,
    qs,
    base,
    eventIdx,
    indirect,
    layout,
    bytes,
    story: [`qs ${qs}, base ${base}, eventIdx ${eventIdx}, indirect ${indirect}`, ...b.story],
  };
}
