/**
 * Each field a hostile peer can corrupt, mapped to the one error it must raise (issue 19, item 3).
 * The random-byte fuzz in queue.property.test.ts proves that only RingErrors come out; this file
 * proves the right one does, on the side that reads the field, for the descriptor table, indirect
 * tables, the available ring and the used ring, and that what was completed before the break is
 * still delivered: the device's used entries published before it broke reach the driver with
 * their tokens and lengths, and the driver keeps every chain it reclaimed before its own break.
 *
 * Each case runs on seeded random queues (size, starting index near the wrap or not, EVENT_IDX,
 * how many round trips and pending completions come first, the bad value itself).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng } from '../sim/prng';
import { VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from './constants';
import { RingError, type RingErrorKind } from './errors';
import { ring } from './layout';
import { createQueue, type Virtqueue } from './queue';

const NEXT = VRING_DESC_F_NEXT;
const WRITE = VRING_DESC_F_WRITE;
const INDIRECT = VRING_DESC_F_INDIRECT;

interface Chain {
  token: number;
  head: number;
  descriptors: number[];
  indirect: { addr: number; count: number } | null;
}

/** A queue that has done some clean work, with `pending` chains completed but not yet reclaimed. */
class Bench {
  readonly vq: Virtqueue;
  readonly qs: number;
  /** token → used len, for every completion the driver has reclaimed. */
  readonly reclaimed = new Map<number, number>();
  /** Completions the device published and the driver has not reclaimed yet, in used-ring order. */
  readonly published: { token: number; len: number }[] = [];
  private nextToken = 1;
  /** Buffers of each chain not yet reclaimed, released when it is. */
  private readonly buffersOf = new Map<number, number[]>();

  constructor(
    readonly r: Prng,
    indirect: boolean,
  ) {
    this.qs = r.pick([4, 8, 16, 64, 256]);
    this.vq = createQueue({
      queueSize: this.qs,
      features: { eventIdx: r.bool(), indirect },
      baseIndex: r.pick([0, 65535 - r.int(0, 8), r.int(0, 65535)]),
    });
    const trips = r.int(0, 2 * this.qs);
    for (let i = 0; i < trips; i++) this.roundTrip();
  }

  /** Offer a chain of `out` readable and `inb` writable buffers. */
  add(out: number, inb: number): Chain {
    const token = this.nextToken++;
    const addrs: number[] = [];
    this.buffersOf.set(token, addrs);
    const mk = () => {
      const len = this.r.int(1, 512);
      const addr = this.vq.buffers.alloc(len);
      if (addr === null) throw new Error('test buffers exhausted');
      addrs.push(addr);
      return { addr, len };
    };
    const res = this.vq.driver.add(Array.from({ length: out }, mk), Array.from({ length: inb }, mk), token);
    return { token, head: res.head, descriptors: res.descriptors, indirect: res.indirect };
  }

  /** The device takes the next chain and completes it (published in the used ring). */
  complete(): void {
    const head = this.vq.device.popHead();
    expect(head).toBeGreaterThanOrEqual(0);
    const len = this.r.int(0, this.vq.device.s.heldWritable[head]);
    this.vq.device.fill(head, len);
    this.vq.device.flush();
    this.published.push({ token: this.vq.driver.s.token[head], len });
  }

  /** The driver reclaims one published completion. */
  reclaimOne(): void {
    const d = this.vq.driver;
    expect(d.reclaim()).toBeGreaterThanOrEqual(0);
    const want = this.published.shift();
    expect({ token: d.lastUsedToken, len: d.lastUsedLen }).toEqual(want);
    this.reclaimed.set(d.lastUsedToken, d.lastUsedLen);
    for (const a of this.buffersOf.get(d.lastUsedToken) ?? []) this.vq.buffers.release(a);
    this.buffersOf.delete(d.lastUsedToken);
  }

  private roundTrip(): void {
    this.add(this.r.int(0, 1), 1);
    this.complete();
    this.reclaimOne();
  }

  /** Leave `n` chains completed by the device but not yet reclaimed by the driver. */
  leavePublished(n: number): void {
    for (let i = 0; i < n; i++) {
      this.add(0, 1);
      this.complete();
    }
  }

  descAt(table: number | null, i: number): number {
    return table === null ? ring.descAddr(this.vq.layout, i) : table + 16 * i;
  }

  /** The memory's end: any address from here on is outside guest memory. */
  get memEnd(): number {
    return this.vq.mem.buffer.byteLength;
  }
}

function expectRingError(f: () => unknown, kind: RingErrorKind): RingError {
  try {
    f();
  } catch (e) {
    if (!(e instanceof RingError)) throw e;
    expect(e.kind, e.message).toBe(kind);
    return e;
  }
  throw new Error(`expected ${kind}, nothing was thrown`);
}

interface DeviceCase {
  name: string;
  kind: RingErrorKind;
  indirect?: boolean;
  /** The chain offered before the corruption (readable, writable buffers). */
  shape: [number, number];
  corrupt(b: Bench, c: Chain): void;
}

const DEVICE_CASES: DeviceCase[] = [
  {
    name: 'avail.idx more than a queue ahead of last_avail',
    kind: 'AvailIndexTooFar',
    shape: [0, 1],
    corrupt: (b) => {
      const at = ring.availIdx(b.vq.layout);
      const last = b.vq.device.s.lastAvail;
      b.vq.mem.writeU16(at, (last + b.qs + b.r.int(1, 0x7fff)) & 0xffff);
    },
  },
  {
    name: 'avail ring head ≥ queue size',
    kind: 'HeadOutOfRange',
    shape: [0, 1],
    corrupt: (b) => {
      const slot = b.vq.device.s.lastAvail & (b.qs - 1);
      b.vq.mem.writeU16(ring.availRing(b.vq.layout, slot), b.r.int(b.qs, 0xffff));
    },
  },
  {
    name: 'desc.next ≥ queue size on a NEXT descriptor',
    kind: 'NextOutOfRange',
    shape: [1, 1],
    corrupt: (b, c) => b.vq.mem.writeU16(b.descAt(null, c.head) + 14, b.r.int(b.qs, 0xffff)),
  },
  {
    name: 'desc.next pointing back into the chain (a loop)',
    kind: 'DescriptorLoop',
    // all writable, so the walk meets the loop before any order check
    shape: [0, 2],
    corrupt: (b, c) => {
      const last = c.descriptors[c.descriptors.length - 1];
      const at = b.descAt(null, last);
      b.vq.mem.writeU16(at + 12, b.vq.mem.readU16(at + 12) | NEXT);
      b.vq.mem.writeU16(at + 14, b.r.pick(c.descriptors));
    },
  },
  {
    name: 'desc.addr outside guest memory',
    kind: 'AddressOutOfRange',
    shape: [1, 1],
    corrupt: (b, c) => b.vq.mem.writeU64(b.descAt(null, b.r.pick(c.descriptors)), b.memEnd + b.r.int(0, 1 << 20)),
  },
  {
    name: 'desc.len running past the end of guest memory',
    kind: 'AddressOutOfRange',
    shape: [1, 1],
    corrupt: (b, c) => {
      const at = b.descAt(null, b.r.pick(c.descriptors));
      const addr = Number(b.vq.mem.readU32(at));
      b.vq.mem.writeU32(at + 8, b.memEnd - addr + b.r.int(1, 4096));
    },
  },
  {
    name: 'a readable descriptor after a writable one (WRITE set on the head)',
    kind: 'ReadableAfterWritable',
    shape: [2, 0],
    corrupt: (b, c) => {
      const at = b.descAt(null, c.head);
      b.vq.mem.writeU16(at + 12, b.vq.mem.readU16(at + 12) | WRITE);
    },
  },
  {
    name: 'INDIRECT and NEXT on one descriptor',
    kind: 'IndirectWithNext',
    indirect: true,
    shape: [1, 1],
    corrupt: (b, c) => {
      const at = b.descAt(null, c.head);
      b.vq.mem.writeU16(at + 12, INDIRECT | NEXT);
    },
  },
  {
    name: 'indirect table length not a multiple of 16',
    kind: 'InvalidIndirectSize',
    indirect: true,
    shape: [1, 1],
    corrupt: (b, c) => {
      const at = b.descAt(null, c.head);
      const len = b.vq.mem.readU32(at + 8);
      b.vq.mem.writeU32(at + 8, len + b.r.int(1, 15));
    },
  },
  {
    name: 'an indirect table entry with INDIRECT (nested table)',
    kind: 'NestedIndirect',
    indirect: true,
    shape: [1, 1],
    corrupt: (b, c) => {
      const at = b.descAt(c.indirect!.addr, b.r.int(0, c.indirect!.count - 1));
      b.vq.mem.writeU16(at + 12, b.vq.mem.readU16(at + 12) | INDIRECT);
    },
  },
  {
    name: 'an indirect table entry of length 0',
    kind: 'ZeroSizedBuffer',
    indirect: true,
    shape: [1, 2],
    corrupt: (b, c) => b.vq.mem.writeU32(b.descAt(c.indirect!.addr, b.r.int(0, c.indirect!.count - 1)) + 8, 0),
  },
  {
    name: 'an indirect table entry outside guest memory',
    kind: 'AddressOutOfRange',
    indirect: true,
    shape: [2, 1],
    corrupt: (b, c) =>
      b.vq.mem.writeU64(b.descAt(c.indirect!.addr, b.r.int(0, c.indirect!.count - 1)), b.memEnd + b.r.int(0, 4096)),
  },
  {
    name: "an indirect entry's next beyond the table",
    kind: 'NextOutOfRange',
    indirect: true,
    shape: [1, 2],
    corrupt: (b, c) => b.vq.mem.writeU16(b.descAt(c.indirect!.addr, 0) + 14, b.r.int(c.indirect!.count, 0xffff)),
  },
  {
    name: 'an indirect table whose last entry links back (a loop)',
    kind: 'DescriptorLoop',
    indirect: true,
    shape: [1, 2],
    corrupt: (b, c) => {
      const at = b.descAt(c.indirect!.addr, c.indirect!.count - 1);
      b.vq.mem.writeU16(at + 12, b.vq.mem.readU16(at + 12) | NEXT);
      b.vq.mem.writeU16(at + 14, b.r.int(0, c.indirect!.count - 1));
    },
  },
];

interface DriverCase {
  name: string;
  kind: RingErrorKind;
  /** The used entry the device wrote for the chain under test; corrupt it. */
  corrupt(b: Bench, usedSlot: number, c: Chain): void;
  /** True when the check runs before any entry is read, so earlier entries cannot come out. */
  beforeAnyEntry?: boolean;
}

const DRIVER_CASES: DriverCase[] = [
  {
    name: 'used.idx jumping past the chains in flight',
    kind: 'UsedIndexJump',
    beforeAnyEntry: true,
    corrupt: (b) => {
      const d = b.vq.driver.s;
      b.vq.mem.writeU16(ring.usedIdx(b.vq.layout), (d.lastUsed + d.inFlight + b.r.int(1, b.qs)) & 0xffff);
    },
  },
  {
    name: 'used id ≥ queue size',
    kind: 'UsedIdOutOfRange',
    corrupt: (b, slot) => b.vq.mem.writeU32(ring.usedElem(b.vq.layout, slot), b.qs + b.r.int(0, 1 << 20)),
  },
  {
    name: 'used id that is not a head in flight',
    kind: 'UsedIdNotHead',
    corrupt: (b, slot, c) => {
      // A descriptor that is free or inside another chain: anything but the heads in flight.
      const d = b.vq.driver.s;
      const notHeads = Array.from({ length: b.qs }, (_, i) => i).filter((i) => d.headState[i] !== d.headState[c.head]);
      b.vq.mem.writeU32(ring.usedElem(b.vq.layout, slot), b.r.pick(notHeads));
    },
  },
  {
    name: 'used len larger than the chain can hold',
    kind: 'UsedLenTooLarge',
    corrupt: (b, slot, c) => {
      const room = b.vq.driver.s.writableBytes[c.head];
      b.vq.mem.writeU32(ring.usedElem(b.vq.layout, slot) + 4, room + b.r.int(1, 1 << 16));
    },
  },
];

function runDeviceCase(k: DeviceCase, seed: number): void {
  const b = new Bench(Prng.stream(seed, 'corruption-map'), k.indirect === true);
  const before = b.r.int(0, Math.min(3, b.qs - 3));
  b.leavePublished(before);
  const c = b.add(...k.shape);
  if (k.indirect) expect(c.indirect, 'the chain went into an indirect table').not.toBeNull();
  k.corrupt(b, c);
  const err = expectRingError(() => b.vq.device.popHead(), k.kind);
  expect(err.side).toBe('device');
  // The device is broken from here on, in QEMU's words for it…
  expectRingError(() => b.vq.device.popHead(), 'QueueBroken');
  // …and what it completed before the break still reaches the driver.
  for (let i = 0; i < before; i++) b.reclaimOne();
  expect(b.published).toEqual([]);
  expect(b.vq.driver.reclaim()).toBe(-1);
}

function runDriverCase(k: DriverCase, seed: number): void {
  const b = new Bench(Prng.stream(seed, 'corruption-map'), false);
  const before = k.beforeAnyEntry ? 0 : b.r.int(0, Math.min(3, b.qs - 2));
  b.leavePublished(before);
  const c = b.add(0, 1);
  b.complete();
  const reclaimedBefore = b.reclaimed.size;
  const slot = (b.vq.driver.s.lastUsed + before) & (b.qs - 1);
  k.corrupt(b, slot, c);
  for (let i = 0; i < before; i++) b.reclaimOne();
  const err = expectRingError(() => b.vq.driver.reclaim(), k.kind);
  expect(err.side).toBe('driver');
  expectRingError(() => b.vq.driver.reclaim(), 'QueueBroken');
  // Nothing the driver already reclaimed is taken back.
  expect(b.reclaimed.size).toBe(reclaimedBefore + before);
}

describe('each corrupted field raises its own error, and earlier completions survive', () => {
  for (const k of DEVICE_CASES) {
    it(`seed 20261204: device reads ${k.name} → ${k.kind} (300 queues)`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => runDeviceCase(k, seed)),
        { seed: 20261204, numRuns: 300 },
      );
    });
  }
  for (const k of DRIVER_CASES) {
    it(`seed 20261204: driver reads ${k.name} → ${k.kind} (300 queues)`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => runDriverCase(k, seed)),
        { seed: 20261204, numRuns: 300 },
      );
    });
  }

  it('the map covers every error a hostile ring can cause on either side', () => {
    const covered = new Set([...DEVICE_CASES, ...DRIVER_CASES].map((k) => k.kind));
    const hostile: RingErrorKind[] = [
      'AvailIndexTooFar',
      'HeadOutOfRange',
      'NextOutOfRange',
      'DescriptorLoop',
      'AddressOutOfRange',
      'ReadableAfterWritable',
      'ZeroSizedBuffer',
      'IndirectWithNext',
      'InvalidIndirectSize',
      'NestedIndirect',
      'UsedIndexJump',
      'UsedIdOutOfRange',
      'UsedIdNotHead',
      'UsedLenTooLarge',
    ];
    for (const kind of hostile) expect(covered.has(kind), kind).toBe(true);
  });
});
