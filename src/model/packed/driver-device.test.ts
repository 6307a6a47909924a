import { describe, expect, it } from 'vitest';
import {
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
  VRING_PACKED_EVENT_FLAG_DESC,
  VRING_PACKED_EVENT_FLAG_DISABLE,
  VRING_PACKED_EVENT_FLAG_ENABLE,
} from './constants';
import { GuestMemory } from '../memory/guest-memory';
import { Prng } from '../sim/prng';
import { PackedRingError } from './errors';
import { checkPackedInvariants, PackedInvariantError } from './invariants';
import { packed, readPackedDesc, writePackedDesc } from './layout';
import { createPackedQueue, type PackedQueueConfig, type PackedQueue } from './queue';
import { availBits, encodeOffWrap, usedBits, type Wrap } from './wrap';

const A = 0x80;
const U = 0x8000;

function q(qs = 8, eventIdx = false, indirect = false, extra: Partial<PackedQueueConfig> = {}): PackedQueue {
  return createPackedQueue({ queueSize: qs, features: { eventIdx, indirect }, ...extra });
}
function buf(v: PackedQueue, len: number): { addr: number; len: number } {
  const addr = v.buffers.alloc(len);
  if (addr === null) throw new Error('test ran out of buffer memory');
  return { addr, len };
}
function check(v: PackedQueue, crossCheck = true): void {
  checkPackedInvariants(v.driver, v.device, v.driver.tables, crossCheck);
}
/** One single-buffer request through the whole ring: add, pop, complete, flush, reclaim. */
function roundTrip(v: PackedQueue, token: number): void {
  v.driver.add([buf(v, 8)], [], token);
  const p = v.device.pop();
  if (!p) throw new Error('nothing to pop');
  v.device.fill(p.chain.id, 0);
  v.device.flush();
  const u = v.driver.getUsed();
  if (!u || u.token !== token) throw new Error('round trip lost its buffer');
}
function flagsAt(v: PackedQueue, slot: number): number {
  return v.mem.readU16(packed.descFlags(v.layout, slot));
}

describe('driver add / device pop / fill / flush / driver reclaim', () => {
  it('round-trips one descriptor with the bytes the spec defines', () => {
    const v = q(4);
    const b = buf(v, 100);
    const r = v.driver.add([b], [], 7);
    expect(r).toMatchObject({ id: 0, slot: 0, wrap: 1, slots: [0], ids: [0], flags: [A], indirect: null });
    expect(r.nextAvail).toEqual({ from: 0, to: 1 });
    expect(readPackedDesc(v.mem, v.layout.desc, 0)).toEqual({ addr: b.addr, len: 100, id: 0, flags: A });
    expect(v.driver.s.numFree).toBe(3);
    check(v);

    const p = v.device.pop();
    expect(p).not.toBeNull();
    expect(p?.chain).toMatchObject({ id: 0, ndescs: 1, readableBytes: 100, writableBytes: 0, indirect: null });
    expect(p?.lastAvail).toEqual({ from: 0, to: 1 });
    expect(v.device.pop()).toBeNull();
    check(v);

    v.device.fill(0, 0);
    expect(v.driver.getUsed()).toBeNull(); // nothing visible before the flush
    const f = v.device.flush();
    expect(f.written).toEqual([{ id: 0, len: 0, slot: 0, wrap: 1, ndescs: 1, flags: A | U }]);
    expect(readPackedDesc(v.mem, v.layout.desc, 0)).toEqual({ addr: b.addr, len: 0, id: 0, flags: A | U });
    check(v);

    const u = v.driver.getUsed();
    expect(u).toMatchObject({ id: 0, len: 0, token: 7, slot: 0, wrap: 1, count: 1, ids: [0] });
    expect(u?.lastUsed).toEqual({ from: 0, to: 1 });
    expect(v.driver.getUsed()).toBeNull();
    expect(v.driver.s.numFree).toBe(4);
    check(v);
  });

  it('writes the first descriptor of a list last, and the device writes id and len before flags', () => {
    const v = q(8);
    const writes: number[] = [];
    const out = [buf(v, 8), buf(v, 8)];
    const inb = [buf(v, 8)];
    v.mem.observer = (gpa) => writes.push(gpa);
    v.driver.add(out, inb, 1);
    v.mem.observer = null;
    // the last store is slot 0's flags, and slot 0's flags are stored only once
    expect(writes[writes.length - 1]).toBe(packed.descFlags(v.layout, 0));
    expect(writes.filter((g) => g === packed.descFlags(v.layout, 0))).toHaveLength(1);
    for (const slot of [1, 2]) {
      expect(writes.indexOf(packed.descFlags(v.layout, slot))).toBeLessThan(writes.length - 1);
    }
    v.device.pop();
    v.device.fill(0, 4);
    writes.length = 0;
    v.mem.observer = (gpa) => writes.push(gpa);
    v.device.flush();
    expect(writes).toEqual([packed.descId(v.layout, 0), packed.descLen(v.layout, 0), packed.descFlags(v.layout, 0)]);
  });

  it('a list with NEXT across the end of the ring: the bits flip mid-list and both counters flip', () => {
    const v = q(5);
    for (let t = 0; t < 3; t++) roundTrip(v, t);
    expect(v.driver.s.nextAvail).toBe(3);
    const out = [buf(v, 10), buf(v, 20)];
    const inb = [buf(v, 30), buf(v, 40)];
    const r = v.driver.add(out, inb, 99);
    expect(r.slots).toEqual([3, 4, 0, 1]);
    // slots 3 and 4 are in the lap with counter 1, slots 0 and 1 in the next one (counter 0)
    expect(r.flags).toEqual([A | VRING_DESC_F_NEXT, A | VRING_DESC_F_NEXT, U | 3, U | VRING_DESC_F_WRITE]);
    for (const [k, slot] of r.slots.entries()) {
      const d = readPackedDesc(v.mem, v.layout.desc, slot);
      expect(d.flags).toBe(r.flags[k]);
      expect(d.id).toBe(r.id); // Linux writes the buffer id into every descriptor of the list
    }
    expect(r.availWrap).toEqual({ from: 1, to: 0 });
    expect(r.nextAvail).toEqual({ from: 3, to: 2 });
    check(v);

    const p = v.device.pop();
    expect(p?.chain.ndescs).toBe(4);
    expect(p?.chain.readableBytes).toBe(30);
    expect(p?.chain.writableBytes).toBe(70);
    expect(p?.availWrap).toEqual({ from: 1, to: 0 });
    expect(v.device.s.lastAvail).toBe(2);
    check(v);

    const written = v.device.writeToChain(
      p!.chain,
      Uint8Array.from({ length: 50 }, (_, k) => k + 1),
    );
    expect(written).toBe(50);
    v.device.fill(r.id, 50);
    const f = v.device.flush();
    // one used descriptor, at the device's used position (slot 3, counter 1), then it skips the list's 4 slots
    expect(f.written).toEqual([{ id: r.id, len: 50, slot: 3, wrap: 1, ndescs: 4, flags: A | U }]);
    expect(f.usedIdx).toEqual({ from: 3, to: 2 });
    expect(f.usedWrap).toEqual({ from: 1, to: 0 });
    check(v);

    const u = v.driver.getUsed();
    expect(u).toMatchObject({ id: r.id, len: 50, token: 99, count: 4, slot: 3 });
    expect(u?.usedWrap).toEqual({ from: 1, to: 0 });
    expect(u?.lastUsed).toEqual({ from: 3, to: 2 });
    expect(v.mem.readBytes(inb[0].addr, 30)).toEqual(Uint8Array.from({ length: 30 }, (_, k) => k + 1));
    expect(v.mem.readBytes(inb[1].addr, 20)).toEqual(Uint8Array.from({ length: 20 }, (_, k) => k + 31));
    check(v);
    // the next buffer goes at slot 2 with the counter-0 bits, and the device finds it
    const next = v.driver.add([buf(v, 8)], [], 100);
    expect(next.flags).toEqual([U]);
    expect(v.device.pop()?.slot).toBe(2);
  });

  for (const start of [0, 2]) {
    it(`a list as long as the ring lands back on its own start (slot ${start}) and the counter still flips`, () => {
      const v = q(4);
      for (let t = 0; t < start; t++) roundTrip(v, t);
      const r = v.driver.add([buf(v, 8), buf(v, 8)], [buf(v, 8), buf(v, 8)], 50);
      expect(r.nextAvail).toEqual({ from: start, to: start });
      expect(r.availWrap).toEqual({ from: 1, to: 0 });
      expect(v.driver.s.numFree).toBe(0);
      check(v);
      const p = v.device.pop();
      expect(p?.chain.ndescs).toBe(4);
      expect(p?.availWrap).toEqual({ from: 1, to: 0 });
      expect(v.device.pop()).toBeNull(); // its own head, seen from the next lap, is not available
      v.device.fill(r.id, 16);
      v.device.flush();
      check(v);
      expect(v.driver.getUsed()?.usedWrap).toEqual({ from: 1, to: 0 });
      // next lap: counter-0 bits at the same slot, and the device takes it
      const n = v.driver.add([buf(v, 8)], [], 51);
      expect(n).toMatchObject({ slot: start, wrap: 0, flags: [U] });
      expect(v.device.pop()?.chain.id).toBe(n.id);
      check(v);
    });
  }

  it('the pre-2023 Linux whole-ring bug: right bits, stale avail wrap counter, and a kick that never comes', () => {
    for (const bug of [false, true]) {
      const v = q(4, true, false, { driver: { wholeRingWrapBug: bug } });
      v.driver.add([buf(v, 8), buf(v, 8)], [buf(v, 8), buf(v, 8)], 1);
      expect(v.driver.kickPrepare().kick).toBe(true); // device event area starts at ENABLE
      expect(v.driver.s.availWrap).toBe(bug ? 1 : 0);
      expect(v.driver.s.availUsedFlags).toBe(U); // the descriptor bits flipped inside the loop either way
      const p = v.device.pop();
      v.device.setNotification(true); // DESC: kick me at slot 0 of the lap with counter 0
      expect(v.mem.readU16(packed.deviceOffWrap(v.layout))).toBe(encodeOffWrap(0, 0));
      v.device.fill(p!.chain.id, 0);
      v.device.flush();
      v.driver.getUsed();
      v.driver.add([buf(v, 8)], [], 2);
      expect(flagsAt(v, 0)).toBe(U); // available for lap 0 in both cases: the device can read it
      expect(v.driver.kickPrepare().kick).toBe(!bug);
      if (bug) {
        expect(() => check(v)).toThrow(PackedInvariantError);
        expect(() => check(v)).toThrow('avail_used_flags match the avail wrap counter');
      } else check(v);
    }
  });

  it('indirect: one ring slot with INDIRECT pointing at a table of the elements', () => {
    const v = q(4, false, true);
    const out = [buf(v, 12)];
    const inb = [buf(v, 34), buf(v, 56)];
    const r = v.driver.add(out, inb, 5);
    expect(r.slots).toEqual([0]);
    expect(r.flags).toEqual([A | VRING_DESC_F_INDIRECT]);
    expect(r.indirect?.count).toBe(3);
    const head = readPackedDesc(v.mem, v.layout.desc, 0);
    expect(head).toEqual({ addr: r.indirect?.addr, len: 48, id: 0, flags: A | VRING_DESC_F_INDIRECT });
    expect(head.addr).toBeGreaterThanOrEqual(v.map.tables.base);
    const t = head.addr;
    expect(readPackedDesc(v.mem, t, 0)).toMatchObject({ addr: out[0].addr, len: 12, flags: 0 });
    expect(readPackedDesc(v.mem, t, 1)).toMatchObject({ addr: inb[0].addr, len: 34, flags: VRING_DESC_F_WRITE });
    expect(readPackedDesc(v.mem, t, 2)).toMatchObject({ addr: inb[1].addr, len: 56, flags: VRING_DESC_F_WRITE });
    expect(v.driver.s.numFree).toBe(3);
    check(v);
    const p = v.device.pop();
    expect(p?.chain).toMatchObject({ id: 0, ndescs: 1, readableBytes: 12, writableBytes: 90 });
    expect(p?.chain.indirect).toEqual({ addr: t, len: 48, count: 3 });
    expect(p?.chain.descriptors.map((d) => d.table)).toEqual(['indirect', 'indirect', 'indirect']);
    v.device.fill(0, 90);
    v.device.flush();
    expect(v.driver.getUsed()).toMatchObject({ id: 0, len: 90, count: 1, indirect: true });
    expect(v.tables.inUse).toBe(0);
    check(v);
    // a single element never goes indirect (Linux: total_sg > 1)
    expect(v.driver.add([buf(v, 8)], [], 6).indirect).toBeNull();
  });

  it('indirect falls back to direct descriptors when no table can be allocated (Linux -ENOMEM)', () => {
    const v = q(4, false, true, { tableBytes: 32 });
    const r = v.driver.add([buf(v, 8)], [buf(v, 8), buf(v, 8)], 1);
    expect(r.indirect).toBeNull();
    expect(r.slots).toEqual([0, 1, 2]);
    expect(v.device.pop()?.chain.ndescs).toBe(3);
  });

  it('out-of-order completion: used descriptors in completion order, the free ids spliced back LIFO', () => {
    const v = q(4);
    const ids = [0, 1, 2, 3].map((t) => v.driver.add([], [buf(v, 4)], t).id);
    expect(ids).toEqual([0, 1, 2, 3]);
    expect(() => v.driver.add([buf(v, 8)], [], 9)).toThrow("Can't add buf len 1 - avail = 0");
    for (let k = 0; k < 4; k++) v.device.pop();
    const order = [2, 0, 3, 1];
    for (const id of order) {
      v.device.fill(id, id);
      v.device.flush();
      check(v);
    }
    for (let slot = 0; slot < 4; slot++) {
      expect(readPackedDesc(v.mem, v.layout.desc, slot)).toMatchObject({ id: order[slot], len: order[slot] });
    }
    expect(order.map(() => v.driver.getUsed()?.token)).toEqual(order);
    expect(v.driver.freeIds()).toEqual([1, 3, 0, 2]);
    check(v);
    // the next buffer takes id 1 at slot 0 of the next lap
    expect(v.driver.add([buf(v, 8)], [], 10)).toMatchObject({ id: 1, slot: 0, wrap: 0 });
  });

  it('out-of-order lists of different lengths: each used descriptor skips its own buffer’s slots', () => {
    const v = q(6);
    const a = v.driver.add([buf(v, 8), buf(v, 8)], [buf(v, 8)], 100); // slots 0-2, id 0
    const b = v.driver.add([buf(v, 8)], [], 101); // slot 3, id 3
    const c = v.driver.add([buf(v, 8)], [buf(v, 8)], 102); // slots 4-5, id 4
    expect([a.id, b.id, c.id]).toEqual([0, 3, 4]);
    for (let k = 0; k < 3; k++) v.device.pop();
    // complete B, C, A and flush them together: placed at slots 0, 1, 3; the first one's flags last
    expect(v.device.fill(b.id, 0)).toMatchObject({ slot: 0, wrap: 1 });
    expect(v.device.fill(c.id, 8)).toMatchObject({ slot: 1, wrap: 1 });
    expect(v.device.fill(a.id, 8)).toMatchObject({ slot: 3, wrap: 1 });
    const writes: number[] = [];
    v.mem.observer = (gpa) => writes.push(gpa);
    const f = v.device.flush();
    v.mem.observer = null;
    expect(f.written.map((w) => [w.id, w.slot])).toEqual([
      [4, 1],
      [0, 3],
      [3, 0],
    ]);
    expect(writes[writes.length - 1]).toBe(packed.descFlags(v.layout, 0));
    expect(f.usedIdx).toEqual({ from: 0, to: 0 });
    expect(f.usedWrap).toEqual({ from: 1, to: 0 });
    check(v);
    const got = [0, 1, 2].map(() => v.driver.getUsed());
    expect(got.map((u) => [u?.token, u?.slot, u?.count])).toEqual([
      [101, 0, 1],
      [102, 1, 2],
      [100, 3, 3],
    ]);
    expect(v.driver.s.lastUsed).toBe(0);
    expect(v.driver.s.usedWrap).toBe(0);
    check(v);
  });

  for (const qs of [1, 2, 3, 5, 7, 8]) {
    it(`QS=${qs}: hundreds of laps of mixed lists, out of order, invariants and data checked at every step`, () => {
      const v = q(qs, false, qs > 2);
      const r = Prng.stream(qs, 'packed laps');
      const rnd = (n: number) => r.int(0, n - 1);
      const held: number[] = [];
      const expectLen = new Map<number, number>();
      const bufsOf = new Map<number, { addr: number; len: number }[]>();
      let token = 0;
      let reclaimed = 0;
      let laps = 0;
      for (let step = 0; step < 5000; step++) {
        const op = rnd(4);
        if (op === 0 && v.driver.s.numFree > 0) {
          const n = 1 + rnd(Math.min(3, v.driver.s.numFree));
          const nIn = rnd(n + 1);
          const list = Array.from({ length: n }, () => buf(v, 16 + rnd(48)));
          const added = v.driver.add(list.slice(0, n - nIn), list.slice(n - nIn), token);
          bufsOf.set(token++, list.slice(n - nIn));
          if (added.availWrap.from !== added.availWrap.to) laps++;
        } else if (op === 1) {
          const p = v.device.pop();
          if (p) held.push(p.chain.id);
        } else if (op === 2 && held.length > 0) {
          const [id] = held.splice(rnd(held.length), 1);
          const w = v.device.s.heldWritable[id];
          const len = rnd(w + 1);
          const p = new Uint8Array(len).fill(id + 1);
          let off = 0;
          for (const b of bufsOf.get(v.driver.s.token[id]) ?? []) {
            const k = Math.min(b.len, len - off);
            v.mem.writeBytes(b.addr, p.subarray(off, off + k));
            off += k;
          }
          v.device.fill(id, len);
          expectLen.set(id, len);
          if (rnd(2) === 0) v.device.flush();
        } else if (op === 3) {
          v.device.flush();
          for (let u = v.driver.getUsed(); u; u = v.driver.getUsed()) {
            expect(u.len).toBe(expectLen.get(u.id));
            const bufs = bufsOf.get(u.token) ?? [];
            let left = u.len;
            for (const b of bufs) {
              const k = Math.min(b.len, left);
              expect(v.mem.readBytes(b.addr, k).every((x) => x === u.id + 1)).toBe(true);
              left -= k;
              v.buffers.release(b.addr);
            }
            bufsOf.delete(u.token);
            reclaimed++;
          }
        }
        check(v);
      }
      expect(laps).toBeGreaterThan(100);
      expect(reclaimed).toBeGreaterThan(300);
    });
  }
});

/**
 * The kick and interrupt decisions, checked against a plain count: both sides' positions as free-running slot
 * numbers, and "is the asked-for descriptor among those just published / just used?".
 */
describe('event suppression', () => {
  it('ENABLE always notifies, DISABLE never, both ways', () => {
    const v = q(4);
    v.driver.add([buf(v, 8)], [], 1);
    expect(v.driver.kickPrepare()).toMatchObject({ kick: true, flags: VRING_PACKED_EVENT_FLAG_ENABLE });
    v.device.setNotification(false);
    expect(v.mem.readU16(packed.deviceFlags(v.layout))).toBe(VRING_PACKED_EVENT_FLAG_DISABLE);
    v.driver.add([buf(v, 8)], [], 2);
    expect(v.driver.kickPrepare()).toMatchObject({ kick: false, flags: VRING_PACKED_EVENT_FLAG_DISABLE });
    v.device.pop();
    v.device.fill(0, 0);
    v.device.flush();
    expect(v.device.shouldInterrupt()).toMatchObject({ interrupt: true, flags: VRING_PACKED_EVENT_FLAG_ENABLE });
    v.driver.disableCallbacks();
    expect(v.mem.readU16(packed.driverFlags(v.layout))).toBe(VRING_PACKED_EVENT_FLAG_DISABLE);
    v.device.pop();
    v.device.fill(1, 0);
    v.device.flush();
    expect(v.device.shouldInterrupt().interrupt).toBe(false);
    // without EVENT_IDX, turning callbacks on again means ENABLE, not DESC
    expect(v.driver.enableCallbacks()).toBe(false); // two used descriptors are waiting
    expect(v.mem.readU16(packed.driverFlags(v.layout))).toBe(VRING_PACKED_EVENT_FLAG_ENABLE);
  });

  it('DESC: the device asks for a kick at the slot it reads next, across the wrap', () => {
    const v = q(3, true);
    for (let t = 0; t < 2; t++) roundTrip(v, t);
    v.driver.kickPrepare();
    expect(v.device.setNotification(true)).toEqual({
      flags: VRING_PACKED_EVENT_FLAG_DESC,
      offWrap: encodeOffWrap(2, 1),
    });
    v.driver.add([buf(v, 8)], [], 2); // slot 2, then next_avail wraps to 0 with counter 0
    const k = v.driver.kickPrepare();
    // old = next_avail − num_added in u16: 0 − 1 = 65535, the slot before 0
    expect(k).toMatchObject({ kick: true, oldIdx: 65535, newIdx: 0, availWrap: 0, offWrap: 0x8002 });
    expect(k.eventIdx).toBe((2 - 3) & 0xffff); // moved back a lap: the driver is in lap 0 now
    v.driver.add([buf(v, 8)], [], 3);
    expect(v.driver.kickPrepare().kick).toBe(false); // the device has not read slot 2 yet, no new kick
  });

  it('DESC: the driver asks for an interrupt at last_used; QEMU interrupts anyway the first time after a wrap', () => {
    const v = q(3, true);
    v.driver.disableCallbacks();
    expect(v.driver.enableCallbacks()).toBe(true);
    expect(v.mem.readU16(packed.driverFlags(v.layout))).toBe(VRING_PACKED_EVENT_FLAG_DESC);
    expect(v.mem.readU16(packed.driverOffWrap(v.layout))).toBe(encodeOffWrap(0, 1));
    v.driver.add([buf(v, 8)], [], 0);
    v.driver.add([buf(v, 8)], [], 1);
    v.device.pop();
    v.device.pop();
    v.device.fill(0, 0);
    v.device.flush();
    // the very first decision: signalled_used is not valid yet
    expect(v.device.shouldInterrupt()).toMatchObject({ interrupt: true, signalledValid: false });
    v.device.fill(1, 0);
    v.device.flush();
    // the driver still asks for slot 0, which is not among the slots just used (1)
    expect(v.device.shouldInterrupt()).toMatchObject({ interrupt: false, oldIdx: 1, newIdx: 2 });
    // reclaiming in DESC mode moves the request along: the driver wants the next one, slot 2
    v.driver.getUsed();
    expect(v.driver.getUsed()?.offWrap).toBe(encodeOffWrap(2, 1));
    v.driver.add([buf(v, 8)], [], 2);
    v.device.pop();
    v.device.fill(v.device.heldIds()[0], 0);
    v.device.flush(); // slot 2, and the used position wraps
    expect(v.device.shouldInterrupt()).toMatchObject({ interrupt: true, signalledValid: false });
  });

  it('enableCallbacksDelayed asks for an interrupt about 3/4 of the way through what is in flight, across the wrap', () => {
    const v = q(5, true);
    for (let t = 0; t < 3; t++) roundTrip(v, t);
    for (let t = 0; t < 4; t++) v.driver.add([buf(v, 8)], [], 10 + t); // slots 3, 4, 0, 1
    v.driver.disableCallbacks();
    expect(v.driver.enableCallbacksDelayed()).toBe(true);
    // 4 in flight → bufs 3 → slot 3 + 3 = 6 → slot 1 of the next lap (counter 0)
    expect(v.mem.readU16(packed.driverOffWrap(v.layout))).toBe(encodeOffWrap(1, 0));
  });

  for (const qs of [1, 2, 3, 4, 5, 7, 8]) {
    it(`QS=${qs}: every kick and interrupt decision matches the free-running count (random workload, EVENT_IDX)`, () => {
      const v = q(qs, true);
      const r = Prng.stream(qs, 'packed event suppression');
      const rnd = (n: number) => r.int(0, n - 1);
      const lapWrap = (t: number): Wrap => (Math.floor(t / qs) % 2 === 0 ? 1 : 0);
      /** Some slot t in [from, to) is slot `off` of a lap with counter `w`. */
      const asked = (offWrap: number, from: number, to: number) => {
        const off = offWrap & 0x7fff;
        const w = offWrap >> 15;
        for (let t = from; t < to; t++) if (t % qs === off && lapWrap(t) === w) return true;
        return false;
      };
      let published = 0; // slots the driver has made available, ever
      let publishedAtKick = 0;
      let usedWritten = 0; // slots the device has marked used (skipped), ever
      let usedAtDecision = 0;
      let decisions = 0;
      const held: number[] = [];
      const seen = { kick: [0, 0], interrupt: [0, 0] };
      for (let step = 0; step < 4000; step++) {
        const op = rnd(8);
        if (op === 0 && v.driver.s.numFree > 0 && published - publishedAtKick < qs) {
          const n = 1 + rnd(Math.min(2, v.driver.s.numFree, qs - (published - publishedAtKick)));
          const added = v.driver.add(
            Array.from({ length: n }, () => buf(v, 8)),
            [],
            step,
          );
          published += added.slots.length;
        } else if (op === 1) {
          const k = v.driver.kickPrepare();
          const flags = v.mem.readU16(packed.deviceFlags(v.layout));
          const expected =
            flags === VRING_PACKED_EVENT_FLAG_DESC
              ? asked(v.mem.readU16(packed.deviceOffWrap(v.layout)), publishedAtKick, published)
              : flags !== VRING_PACKED_EVENT_FLAG_DISABLE;
          expect(k.kick, `step ${step}: kick for [${publishedAtKick}, ${published})`).toBe(expected);
          seen.kick[k.kick ? 1 : 0]++;
          publishedAtKick = published;
        } else if (op === 2) {
          const p = v.device.pop();
          if (p) held.push(p.chain.id);
        } else if (op === 3 && held.length > 0) {
          const [id] = held.splice(rnd(held.length), 1);
          v.device.fill(id, 0);
        } else if (op === 4) {
          for (const n of v.device.s.pendingNdescs) usedWritten += n;
          v.device.flush();
          const flags = v.mem.readU16(packed.driverFlags(v.layout));
          const offWrap = v.mem.readU16(packed.driverOffWrap(v.layout));
          const d = v.device.shouldInterrupt();
          // QEMU: the first decision, and the first after the used position wrapped, interrupts in DESC mode
          const valid = decisions > 0 && Math.floor(usedAtDecision / qs) === Math.floor(usedWritten / qs);
          const expected =
            flags === VRING_PACKED_EVENT_FLAG_DESC
              ? !valid || asked(offWrap, usedAtDecision, usedWritten)
              : flags !== VRING_PACKED_EVENT_FLAG_DISABLE;
          expect(d.interrupt, `step ${step}: interrupt for [${usedAtDecision}, ${usedWritten})`).toBe(expected);
          seen.interrupt[d.interrupt ? 1 : 0]++;
          usedAtDecision = usedWritten;
          decisions++;
        } else if (op === 5) {
          v.driver.getUsed();
        } else if (op === 6) {
          // either side changes its mind about notifications, or asks for a slot of its own choosing
          const which = rnd(6);
          if (which === 0) v.driver.disableCallbacks();
          else if (which === 1) v.driver.enableCallbacks();
          else if (which === 2) v.driver.enableCallbacksDelayed();
          else if (which === 3) v.device.setNotification(rnd(2) === 0);
          else {
            const at = which === 4 ? packed.driverOffWrap(v.layout) : packed.deviceOffWrap(v.layout);
            v.mem.writeU16(at, encodeOffWrap(rnd(qs), rnd(2) as Wrap));
          }
        } else if (op === 7) {
          v.mem.writeU16(packed.deviceFlags(v.layout), VRING_PACKED_EVENT_FLAG_DESC);
        }
        check(v);
      }
      // both outcomes happened, so the comparison means something
      expect(Math.min(...seen.kick, ...seen.interrupt)).toBeGreaterThan(10);
    });
  }
});

// ---- hostile rings ----

/** Write a descriptor straight into the ring, as a hostile or buggy driver would. */
function raw(v: PackedQueue, slot: number, addr: number, len: number, id: number, flags: number): void {
  writePackedDesc(v.mem, v.layout.desc, slot, { addr, len, id, flags });
}
/** A buffer already through the ring and flushed, but not yet reclaimed: what must survive the error. */
function completedOne(v: PackedQueue): void {
  v.driver.add([], [buf(v, 8)], 1234);
  const p = v.device.pop();
  v.device.fill(p!.chain.id, 5);
  v.device.flush();
}
function caught(f: () => unknown): PackedRingError {
  try {
    f();
  } catch (e) {
    if (e instanceof PackedRingError) return e;
    throw e;
  }
  throw new Error('expected a PackedRingError');
}
function expectDeviceError(v: PackedQueue, kind: string, message: string | RegExp): void {
  const e = caught(() => v.device.pop());
  expect(e.kind).toBe(kind);
  expect(e.side).toBe('device');
  expect(e.fatal).toBe(true);
  if (typeof message === 'string') expect(e.message).toBe(message);
  else expect(e.message).toMatch(message);
  // the queue is broken (QEMU NEEDS_RESET) …
  expect(v.device.s.broken?.kind).toBe(kind);
  expect(() => v.device.pop()).toThrow(/virtqueue is broken/);
  expect(() => v.device.flush()).toThrow(/virtqueue is broken/);
  expect(v.device.isEmpty()).toBe(true);
  // … the driver's own state still adds up, and what was completed before is still there to reclaim
  check(v, false);
  const u = v.driver.getUsed();
  expect(u).toMatchObject({ token: 1234, len: 5 });
  check(v, false);
}

describe('device: hostile available descriptors', () => {
  const B = 0x10000; // inside the buffer area of every queue below

  it('a slot that is already marked used for the device’s own lap', () => {
    const v = q(8);
    completedOne(v);
    raw(v, 1, B, 8, 1, usedBits(1));
    expectDeviceError(
      v,
      'UsedInCurrentLap',
      'slot 1 is already marked used for wrap counter 1 before the device read it (flags 0x8080)',
    );
  });

  it('bits made available for the other lap are simply not available (no error, the device waits)', () => {
    const v = q(8);
    raw(v, 0, B, 8, 0, availBits(0));
    expect(v.device.pop()).toBeNull();
    expect(v.device.s.broken).toBeNull();
  });

  it('a NEXT into a slot whose bits do not match the lap, within a lap and across the wrap', () => {
    const v = q(8);
    completedOne(v);
    raw(v, 1, B, 8, 1, availBits(1) | VRING_DESC_F_NEXT);
    raw(v, 2, B, 8, 1, 0);
    expectDeviceError(
      v,
      'ChainNotAvailable',
      'descriptor at slot 1 has NEXT but slot 2 is not available (flags 0x0, wrap counter 1)',
    );

    const w = q(4);
    for (let t = 0; t < 2; t++) roundTrip(w, t);
    completedOne(w); // slot 2
    // slots 3 → 0: after the wrap slot 0 needs the counter-0 bits; it keeps lap 1's AVAIL instead
    raw(w, 3, B, 8, 3, availBits(1) | VRING_DESC_F_NEXT);
    raw(w, 0, B, 8, 3, availBits(1));
    expectDeviceError(
      w,
      'ChainNotAvailable',
      'descriptor at slot 3 has NEXT but slot 0 is not available (flags 0x80, wrap counter 0)',
    );
  });

  it('a buffer id out of range', () => {
    const v = q(8);
    completedOne(v);
    raw(v, 1, B, 8, 9, availBits(1));
    expectDeviceError(v, 'BufferIdOutOfRange', 'Guest says index 9 is available');
  });

  it('a buffer id the device already holds', () => {
    const v = q(8);
    completedOne(v);
    raw(v, 1, B, 8, 3, availBits(1));
    raw(v, 2, B, 8, 3, availBits(1));
    expect(v.device.pop()?.chain.id).toBe(3);
    expectDeviceError(v, 'BufferIdInUse', 'buffer id 3 at slot 2 is already held by the device');
  });

  it('a list longer than the queue: NEXT on every slot of the ring', () => {
    const v = q(4);
    completedOne(v);
    expect(v.driver.getUsed()?.token).toBe(1234); // slot 0 free again
    // slots 1, 2, 3 in lap 1 and slot 0 in lap 0, every one with NEXT: the list would go on at slot 1 again
    for (const s of [1, 2, 3]) raw(v, s, B, 8, 1, availBits(1) | VRING_DESC_F_NEXT);
    raw(v, 0, B, 8, 1, availBits(0) | VRING_DESC_F_NEXT);
    const e = caught(() => v.device.pop());
    expect([e.kind, e.message]).toEqual(['DescriptorLoop', 'Looped descriptor']);
    expect(e.details).toMatchObject({ slot: 1, count: 5, queueSize: 4 });
    expect(() => v.device.pop()).toThrow(/virtqueue is broken/);
    check(v, false);
  });

  it('a zero-sized buffer, a readable after a writable, an address outside guest memory', () => {
    const v = q(8);
    completedOne(v);
    raw(v, 1, B, 0, 1, availBits(1));
    expectDeviceError(v, 'ZeroSizedBuffer', 'virtio: zero sized buffers are not allowed');

    const w = q(8);
    completedOne(w);
    raw(w, 1, B, 8, 1, availBits(1) | VRING_DESC_F_NEXT | VRING_DESC_F_WRITE);
    raw(w, 2, B, 8, 1, availBits(1));
    expectDeviceError(w, 'ReadableAfterWritable', 'Incorrect order for descriptors');

    const x = q(8);
    completedOne(x);
    raw(x, 1, x.mem.buffer.byteLength - 4, 8, 1, availBits(1));
    expectDeviceError(x, 'AddressOutOfRange', 'virtio: bogus descriptor or out of resources');
    const y = q(8);
    completedOne(y);
    raw(y, 1, 2 ** 52, 8, 1, availBits(1));
    expectDeviceError(y, 'AddressOutOfRange', 'virtio: bogus descriptor or out of resources');
  });

  it('the device already holding a whole ring, or offered a list over slots it still holds', () => {
    const v = q(2);
    v.driver.add([buf(v, 8)], [], 0);
    v.driver.add([buf(v, 8)], [], 1);
    v.device.pop();
    v.device.pop();
    raw(v, 0, B, 8, 0, availBits(0)); // the driver has no free slot; a liar writes one anyway
    const e = caught(() => v.device.pop());
    expect([e.kind, e.message]).toEqual(['QueueSizeExceeded', 'Virtqueue size exceeded']);
    expect(() => v.device.pop()).toThrow(/virtqueue is broken/);

    const w = q(3);
    w.driver.add([buf(w, 8)], [], 0);
    w.device.pop(); // holds slot 0
    raw(w, 1, B, 8, 1, availBits(1) | VRING_DESC_F_NEXT);
    raw(w, 2, B, 8, 1, availBits(1) | VRING_DESC_F_NEXT);
    raw(w, 0, B, 8, 1, availBits(0)); // slot 0 of the next lap, still held by the device
    const f = caught(() => w.device.pop());
    expect([f.kind, f.message]).toEqual(['QueueSizeExceeded', 'Virtqueue size exceeded']);
    expect(w.device.s.inUse).toBe(1);
  });
});

describe('device: hostile indirect tables', () => {
  const B = 0x10000;
  function withTable(): { v: PackedQueue; t: number } {
    const v = q(8, false, true);
    completedOne(v);
    return { v, t: v.map.tables.base };
  }
  it('INDIRECT together with NEXT', () => {
    const { v, t } = withTable();
    writePackedDesc(v.mem, t, 0, { addr: B, len: 8, id: 0, flags: 0 });
    raw(v, 1, t, 16, 1, availBits(1) | VRING_DESC_F_INDIRECT | VRING_DESC_F_NEXT);
    expectDeviceError(v, 'IndirectWithNext', 'descriptor at slot 1 has both INDIRECT and NEXT');
  });
  it('a nested indirect table', () => {
    const { v, t } = withTable();
    writePackedDesc(v.mem, t, 0, { addr: B, len: 8, id: 0, flags: 0 });
    writePackedDesc(v.mem, t, 1, { addr: t, len: 16, id: 0, flags: VRING_DESC_F_INDIRECT });
    raw(v, 1, t, 32, 1, availBits(1) | VRING_DESC_F_INDIRECT);
    expectDeviceError(v, 'NestedIndirect', 'indirect table entry 1 has the INDIRECT flag');
  });
  it('INDIRECT on a descriptor reached through NEXT', () => {
    const { v, t } = withTable();
    raw(v, 1, B, 8, 1, availBits(1) | VRING_DESC_F_NEXT);
    raw(v, 2, t, 16, 1, availBits(1) | VRING_DESC_F_INDIRECT);
    expectDeviceError(v, 'IndirectInChain', 'slot 2 has INDIRECT inside a list linked by NEXT');
  });
  it('a table length of 0 or not a multiple of 16', () => {
    for (const len of [0, 24]) {
      const { v, t } = withTable();
      raw(v, 1, t, len, 1, availBits(1) | VRING_DESC_F_INDIRECT);
      expectDeviceError(v, 'InvalidIndirectSize', 'Invalid size for indirect buffer table');
    }
  });
  it('a table longer than the queue', () => {
    const { v, t } = withTable();
    raw(v, 1, t, 16 * 9, 1, availBits(1) | VRING_DESC_F_INDIRECT);
    expectDeviceError(v, 'IndirectTableTooLarge', 'virtio: too many write descriptors in indirect table');
  });
  it('a table, or an entry of it, outside guest memory', () => {
    const { v } = withTable();
    raw(v, 1, v.mem.buffer.byteLength - 16, 32, 1, availBits(1) | VRING_DESC_F_INDIRECT);
    expectDeviceError(v, 'AddressOutOfRange', 'Cannot map indirect buffer');
    const w = withTable();
    writePackedDesc(w.v.mem, w.t, 0, { addr: 2 ** 40, len: 8, id: 0, flags: 0 });
    raw(w.v, 1, w.t, 16, 1, availBits(1) | VRING_DESC_F_INDIRECT);
    expectDeviceError(w.v, 'AddressOutOfRange', 'virtio: bogus descriptor or out of resources');
  });
  it('INDIRECT when VIRTIO_RING_F_INDIRECT_DESC was not negotiated', () => {
    const v = q(8);
    completedOne(v);
    raw(v, 1, v.map.buffers.base, 16, 1, availBits(1) | VRING_DESC_F_INDIRECT);
    expectDeviceError(
      v,
      'FeatureNotNegotiated',
      'descriptor at slot 1 has INDIRECT but VIRTIO_RING_F_INDIRECT_DESC was not negotiated',
    );
  });
});

describe('driver: hostile used descriptors', () => {
  /** Buffer 0 (token 10) completed properly at slot 0; buffer 1 (a two-slot list, token 11) held by the device. */
  function withTwo(): PackedQueue {
    const v = q(8);
    v.driver.add([], [buf(v, 4)], 10);
    v.driver.add([buf(v, 8)], [buf(v, 4)], 11); // slots 1-2, ids 1 and 2
    v.device.pop();
    v.device.pop();
    v.device.fill(0, 3);
    v.device.flush();
    return v;
  }
  function usedAt(v: PackedQueue, slot: number, id: number, len: number, wrap: Wrap = 1): void {
    v.mem.writeU16(packed.descId(v.layout, slot), id);
    v.mem.writeU32(packed.descLen(v.layout, slot), len);
    v.mem.writeU16(packed.descFlags(v.layout, slot), usedBits(wrap));
  }
  function expectDriverError(v: PackedQueue, kind: string, message: string): void {
    // what the device completed before the bad descriptor comes back first
    expect(v.driver.getUsed()).toMatchObject({ token: 10, len: 3 });
    const e = caught(() => v.driver.getUsed());
    expect([e.kind, e.message, e.side, e.fatal]).toEqual([kind, message, 'driver', true]);
    expect(() => v.driver.getUsed()).toThrow(/virtqueue is broken/);
    expect(() => v.driver.add([buf(v, 8)], [], 2)).toThrow(/virtqueue is broken/);
    expect(() => v.driver.kickPrepare()).toThrow(/virtqueue is broken/);
    expect(v.driver.moreUsed()).toBe(false);
    // its private state is untouched by the bad descriptor: buffer 1 still in flight, ids 1 and 2 with it
    expect(v.driver.inFlightIds()).toEqual([1]);
    expect(v.driver.idsOf(1)).toEqual([1, 2]);
    check(v, false);
  }
  it('a used id out of range', () => {
    const v = withTwo();
    usedAt(v, 1, 8, 0);
    expectDriverError(v, 'UsedIdOutOfRange', 'id 8 out of range');
  });
  it('a used id the driver never made available', () => {
    const v = withTwo();
    usedAt(v, 1, 5, 0);
    expectDriverError(v, 'UsedIdNotHead', 'id 5 is not a head!');
  });
  it('a used id that is the second id of a list, not its buffer id', () => {
    const v = withTwo();
    usedAt(v, 1, 2, 0);
    expectDriverError(v, 'UsedIdNotHead', 'id 2 is not a head!');
  });
  it('a used id already reclaimed', () => {
    const v = withTwo();
    usedAt(v, 1, 0, 0);
    expectDriverError(v, 'UsedIdNotHead', 'id 0 is not a head!');
  });
  it('a used length larger than the buffer’s writable bytes', () => {
    const v = withTwo();
    usedAt(v, 1, 1, 5);
    expectDriverError(v, 'UsedLenTooLarge', 'used len 5 is larger than in buflen 4');
  });
  it('a device that completes an id it does not hold (the unchecked path a hostile device scenario uses)', () => {
    const v = withTwo();
    v.device.fill(6, 0, true);
    v.device.flush();
    expectDriverError(v, 'UsedIdNotHead', 'id 6 is not a head!');
  });
  it('a used descriptor for the other lap is not used yet, whatever its id says', () => {
    const v = withTwo();
    usedAt(v, 1, 1, 0, 0);
    expect(v.driver.getUsed()?.token).toBe(10);
    expect(v.driver.getUsed()).toBeNull();
    expect(v.driver.s.broken).toBeNull();
  });
  it('a stale descriptor from the previous lap at last_used is "not used yet", not an error (regression)', () => {
    // Out-of-order completion of a two-slot list makes the device's used descriptors skip slot 1 in lap 1, so
    // in lap 0 slot 1 still holds the driver's lap-1 write: AVAIL=1 USED=0, which for used wrap counter 0 reads
    // AVAIL ≠ counter, USED = counter. An earlier version called that a device error and broke the queue.
    const v = q(3);
    v.driver.add([], [buf(v, 4)], 0); // slot 0, id 0
    v.driver.add([buf(v, 4)], [buf(v, 4)], 1); // slots 1-2, id 1
    v.device.pop();
    v.device.pop();
    v.device.fill(1, 0); // the list first: used at slot 0, skipping slots 0-1
    v.device.fill(0, 0); // then the single: used at slot 2
    v.device.flush();
    expect([v.driver.getUsed()?.token, v.driver.getUsed()?.token]).toEqual([1, 0]);
    expect(flagsAt(v, 1)).toBe(A | VRING_DESC_F_NEXT); // the list's first descriptor, written in lap 1
    roundTrip(v, 2); // slot 0 of lap 0
    expect(v.driver.s).toMatchObject({ lastUsed: 1, usedWrap: 0, nextAvail: 1, availWrap: 0 });
    expect(v.driver.getUsed()).toBeNull();
    expect(v.driver.s.broken).toBeNull();
    check(v);
    roundTrip(v, 3);
    check(v);
  });
});

describe('driver and device: requests they refuse without breaking', () => {
  it('a list longer than the queue, an empty request, a buffer outside memory, no room: refused, the queue goes on', () => {
    const v = q(4);
    const nine = Array.from({ length: 5 }, () => buf(v, 8));
    const e = caught(() => v.driver.add(nine, [], 1));
    expect([e.kind, e.message, e.fatal]).toEqual([
      'ChainTooLong',
      'a list of 5 descriptors is longer than the queue (4)',
      false,
    ]);
    expect(caught(() => v.driver.add([], [], 1)).kind).toBe('InvalidBuffer');
    const out = caught(() => v.driver.add([{ addr: v.mem.buffer.byteLength - 2, len: 8 }], [], 1));
    expect([out.kind, out.fatal]).toEqual(['InvalidBuffer', false]);
    expect(caught(() => v.driver.add([{ addr: 0x2000, len: 0 }], [], 1)).kind).toBe('InvalidBuffer');
    v.driver.add([buf(v, 8), buf(v, 8), buf(v, 8)], [], 2);
    const full = caught(() => v.driver.add([buf(v, 8), buf(v, 8)], [], 3));
    expect([full.kind, full.message]).toEqual(['NotEnoughFreeDescriptors', "Can't add buf len 2 - avail = 1"]);
    expect(v.driver.s.broken).toBeNull();
    check(v);
    // the device refuses to complete what it does not hold, or more bytes than the buffer has, and goes on
    const p = v.device.pop();
    expect(caught(() => v.device.fill(3, 0)).kind).toBe('NotInUse');
    expect(caught(() => v.device.fill(p!.chain.id, 1)).message).toBe(
      "used length 1 exceeds buffer 0's 0 writable bytes",
    );
    v.device.fill(p!.chain.id, 0);
    v.device.flush();
    expect(v.driver.getUsed()?.token).toBe(2);
    check(v);
  });

  it('a queue created on memory too small for it is refused', () => {
    const small = GuestMemory.create(4096);
    expect(() => createPackedQueue({ queueSize: 4, features: { eventIdx: false, indirect: false } }, small)).toThrow(
      'guest memory of 4096 bytes is smaller than the',
    );
  });
});
