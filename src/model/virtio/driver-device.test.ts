import { describe, expect, it } from 'vitest';
import {
  VRING_AVAIL_F_NO_INTERRUPT,
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
  VRING_USED_F_NO_NOTIFY,
} from './constants';
import { readDescriptor } from './chain';
import { RingError } from './errors';
import { ring } from './layout';
import { createQueue, type Virtqueue } from './queue';

function q(
  qs = 8,
  eventIdx = false,
  indirect = false,
  extra: Partial<Parameters<typeof createQueue>[0]> = {},
): Virtqueue {
  return createQueue({ queueSize: qs, features: { eventIdx, indirect }, ...extra });
}
function buf(v: Virtqueue, len: number): { addr: number; len: number } {
  const addr = v.buffers.alloc(len)!;
  return { addr, len };
}

describe('driver add / device pop / push / driver reclaim', () => {
  it('round-trips a chain of 2 out + 1 in buffers with Linux-style free list and indices', () => {
    const v = q(8);
    const out1 = buf(v, 16);
    const out2 = buf(v, 512);
    const inb = buf(v, 1);
    const r = v.driver.add([out1, out2], [inb], 41);
    expect(r.head).toBe(0);
    expect(r.descriptors).toEqual([0, 1, 2]);
    expect(r.availIdx).toEqual({ from: 0, to: 1 });
    expect(v.driver.s.numFree).toBe(5);
    expect(v.driver.s.freeHead).toBe(3);
    // the bytes are the spec's layout
    expect(readDescriptor(v.mem, v.layout.desc, 0)).toEqual({
      addr: out1.addr,
      len: 16,
      flags: VRING_DESC_F_NEXT,
      next: 1,
    });
    expect(readDescriptor(v.mem, v.layout.desc, 2)).toEqual({
      addr: inb.addr,
      len: 1,
      flags: VRING_DESC_F_WRITE,
      next: 3,
    });
    expect(v.mem.readU16(ring.availIdx(v.layout))).toBe(1);
    expect(v.mem.readU16(ring.availRing(v.layout, 0))).toBe(0);

    const p = v.device.pop()!;
    expect(p.chain.head).toBe(0);
    expect(p.chain.readableBytes).toBe(528);
    expect(p.chain.writableBytes).toBe(1);
    expect(v.device.pop()).toBeNull();
    v.device.writeToChain(p.chain, new Uint8Array([0]));
    v.device.fill(0, 1);
    expect(v.driver.getUsed()).toBeNull(); // not visible before flush
    v.device.flush();
    const u = v.driver.getUsed()!;
    expect(u).toMatchObject({ head: 0, len: 1, token: 41, descriptors: [0, 1, 2] });
    expect(v.driver.s.numFree).toBe(8);
    // detach: the chain's tail links to the old free head, the head becomes free_head
    expect(v.driver.s.freeHead).toBe(0);
    expect(v.driver.freeList()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('reuses descriptors in LIFO order after out-of-order completion', () => {
    const v = q(4);
    const heads = [0, 1, 2, 3].map((t) => v.driver.add([buf(v, 8)], [], t).head);
    expect(heads).toEqual([0, 1, 2, 3]);
    expect(() => v.driver.add([buf(v, 8)], [], 9)).toThrow('need 1 free descriptors, have 0');
    const popped = [0, 1, 2, 3].map(() => v.device.pop()!.chain.head);
    for (const h of [2, 0, 3, 1]) v.device.fill(h, 0);
    v.device.flush();
    const got = [0, 1, 2, 3].map(() => v.driver.getUsed()!.head);
    expect(popped).toEqual([0, 1, 2, 3]);
    expect(got).toEqual([2, 0, 3, 1]);
    expect(v.driver.freeList()).toEqual([1, 3, 0, 2]);
  });

  it('splits large buffers at the segment size (nebula splits at the page size)', () => {
    const v = q(16, false, false, { driver: { segmentSize: 4096 } });
    const b = buf(v, 10000);
    const r = v.driver.add([b], [], 1);
    expect(r.descriptors.length).toBe(3);
    const c = v.device.pop()!.chain;
    expect(c.readable.map((x) => x.len)).toEqual([4096, 4096, 1808]);
    expect(c.readable[1].addr).toBe(b.addr + 4096);
  });

  it('uses an indirect table when negotiated and the chain has more than one buffer', () => {
    const v = q(8, false, true);
    const r = v.driver.add([buf(v, 16)], [buf(v, 512), buf(v, 1)], 5);
    expect(r.indirect).not.toBeNull();
    expect(r.descriptors).toEqual([0]);
    expect(v.driver.s.numFree).toBe(7);
    const d = readDescriptor(v.mem, v.layout.desc, 0);
    expect(d.flags).toBe(VRING_DESC_F_INDIRECT);
    expect(d.len).toBe(48);
    const c = v.device.pop()!.chain;
    expect(c.indirect?.count).toBe(3);
    expect(c.writableBytes).toBe(513);
    v.device.fill(0, 513);
    v.device.flush();
    expect(v.driver.getUsed()).toMatchObject({ head: 0, len: 513, indirect: true });
    expect(v.tables.inUse).toBe(0);
    // single-buffer chains stay direct (Linux: total_sg > 1)
    expect(v.driver.add([buf(v, 8)], [], 6).indirect).toBeNull();
  });

  it('wraps the free-running u16 indices past 65535', () => {
    const v = q(4, true, false, { baseIndex: 65534 });
    for (let i = 0; i < 6; i++) {
      const b = buf(v, 8);
      const r = v.driver.add([b], [], i);
      const p = v.device.pop()!;
      v.device.fill(p.chain.head, 0);
      v.device.flush();
      const u = v.driver.getUsed()!;
      expect(u.token).toBe(i);
      expect(r.availIdx.to).toBe((65534 + i + 1) & 0xffff);
      v.buffers.release(b.addr);
    }
    expect(v.mem.readU16(ring.availIdx(v.layout))).toBe(4);
    expect(v.mem.readU16(ring.usedIdx(v.layout))).toBe(4);
  });
});

describe('notification suppression', () => {
  it('kicks only when avail_event lies in the window just published (EVENT_IDX)', () => {
    const v = q(8, true);
    v.driver.add([buf(v, 8)], [], 0);
    const k1 = v.driver.kickPrepare();
    expect(k1).toMatchObject({ kick: true, oldIdx: 0, newIdx: 1, availEvent: 0 });
    // device takes it and, still busy, keeps avail_event at 1 — the next add crosses it
    v.device.pop();
    v.driver.add([buf(v, 8)], [], 1);
    v.driver.add([buf(v, 8)], [], 2);
    expect(v.driver.kickPrepare()).toMatchObject({ kick: true, oldIdx: 1, newIdx: 3, availEvent: 1 });
    // nobody popped since: avail_event still 1, window (3,4] does not contain it
    v.driver.add([buf(v, 8)], [], 3);
    expect(v.driver.kickPrepare()).toMatchObject({ kick: false, availEvent: 1 });
  });

  it('honours NO_NOTIFY without EVENT_IDX', () => {
    const v = q(8);
    v.device.setNotification(false);
    expect(v.mem.readU16(ring.usedFlags(v.layout)) & VRING_USED_F_NO_NOTIFY).toBe(1);
    v.driver.add([buf(v, 8)], [], 0);
    expect(v.driver.kickPrepare()).toMatchObject({ kick: false, noNotify: true });
    v.device.setNotification(true);
    v.driver.add([buf(v, 8)], [], 1);
    expect(v.driver.kickPrepare()).toMatchObject({ kick: true, noNotify: false });
  });

  it('interrupts per used_event (EVENT_IDX) and per NO_INTERRUPT otherwise', () => {
    const v = q(8, true);
    for (let i = 0; i < 3; i++) v.driver.add([], [buf(v, 8)], i);
    for (let i = 0; i < 3; i++) v.device.pop();
    v.device.fill(0, 8);
    v.device.flush();
    expect(v.device.shouldInterrupt()).toMatchObject({ interrupt: true, usedEvent: 0 }); // first decision always signals
    v.device.fill(1, 8);
    v.device.flush();
    // driver has not reclaimed: used_event still 0, window (1,2] does not contain 0
    expect(v.device.shouldInterrupt()).toMatchObject({ interrupt: false, usedEvent: 0 });
    v.driver.getUsed();
    v.driver.getUsed(); // publishes used_event = 2
    v.device.fill(2, 8);
    v.device.flush();
    expect(v.device.shouldInterrupt()).toMatchObject({ interrupt: true, usedEvent: 2, oldIdx: 2, newIdx: 3 });

    const w = q(8);
    w.driver.disableCallbacks();
    expect(w.mem.readU16(ring.availFlags(w.layout)) & VRING_AVAIL_F_NO_INTERRUPT).toBe(1);
    w.driver.add([buf(w, 8)], [], 0);
    w.device.pop();
    w.device.fill(0, 0);
    w.device.flush();
    expect(w.device.shouldInterrupt()).toMatchObject({ interrupt: false, noInterrupt: true });
    expect(w.driver.enableCallbacks()).toBe(false); // a used entry is already waiting: poll again
  });

  it('delays callbacks to 3/4 of the outstanding chains (enable_cb_delayed)', () => {
    const v = q(8, true);
    for (let i = 0; i < 8; i++) v.driver.add([buf(v, 8)], [], i);
    v.driver.disableCallbacks();
    expect(v.mem.readU16(ring.usedEvent(v.layout))).toBe(0);
    expect(v.driver.enableCallbacksDelayed()).toBe(true);
    expect(v.mem.readU16(ring.usedEvent(v.layout))).toBe(6);
  });

  it('coalesces eventfd writes into one wake-up', () => {
    const v = q(8);
    expect(v.kick.write()).toBe(true);
    expect(v.kick.write()).toBe(false);
    expect(v.kick.write()).toBe(false);
    expect(v.kick.read()).toBe(3);
    expect(v.kick.read()).toBe(0);
    expect(v.kick.s).toMatchObject({ writes: 3, wakeups: 1, coalesced: 2 });
  });

  it('recycles held chains without touching the free list (nebula RX)', () => {
    const v = q(4);
    const r = v.driver.add([], [buf(v, 64)], 7);
    v.device.fill(v.device.pop()!.chain.head, 10);
    v.device.flush();
    const u = v.driver.getUsed(true)!;
    expect(u.head).toBe(r.head);
    expect(v.driver.s.numFree).toBe(3);
    v.driver.recycle(r.head);
    expect(v.device.pop()!.chain.head).toBe(r.head);
    expect(() => v.driver.recycle(r.head)).toThrow('not held');
  });
});

/** Write a raw descriptor into the shared table, as a hostile driver would. */
function rawDesc(v: Virtqueue, table: number, i: number, addr: number, len: number, flags: number, next: number): void {
  const at = table + 16 * i;
  v.mem.writeU64(at, addr);
  v.mem.writeU32(at + 8, len);
  v.mem.writeU16(at + 12, flags);
  v.mem.writeU16(at + 14, next);
}
function offer(v: Virtqueue, ...heads: number[]): void {
  let idx = v.mem.readU16(ring.availIdx(v.layout));
  for (const h of heads) {
    v.mem.writeU16(ring.availRing(v.layout, idx & (v.layout.queueSize - 1)), h);
    idx = (idx + 1) & 0xffff;
  }
  v.mem.writeU16(ring.availIdx(v.layout), idx);
}
function expectDeviceError(v: Virtqueue, kind: string, message: string | RegExp): void {
  let err: unknown;
  try {
    v.device.pop();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(RingError);
  expect((err as RingError).kind).toBe(kind);
  expect((err as RingError).message).toMatch(message);
  // the queue is now broken and refuses further work
  expect(() => v.device.pop()).toThrow(/virtqueue is broken/);
  expect(v.device.s.broken?.kind).toBe(kind);
}

describe('device: every hostile-ring row of bad-input.md', () => {
  const B = 0x8000; // inside the buffers area for QS 8
  it('avail.idx − last_avail > QS', () => {
    const v = q(8);
    v.mem.writeU16(ring.availIdx(v.layout), 9);
    expectDeviceError(v, 'AvailIndexTooFar', 'Guest moved used index from 0 to 9');
  });
  it('head ≥ QS', () => {
    const v = q(8);
    offer(v, 8);
    expectDeviceError(v, 'HeadOutOfRange', 'Guest says index 8 is available');
  });
  it('next ≥ QS', () => {
    const v = q(8);
    rawDesc(v, 0, 0, B, 8, VRING_DESC_F_NEXT, 8);
    offer(v, 0);
    expectDeviceError(v, 'NextOutOfRange', 'Desc next is 8');
  });
  it('chain loop', () => {
    const v = q(8);
    rawDesc(v, 0, 0, B, 8, VRING_DESC_F_NEXT, 1);
    rawDesc(v, 0, 1, B, 8, VRING_DESC_F_NEXT, 0);
    offer(v, 0);
    expectDeviceError(v, 'DescriptorLoop', 'Looped descriptor');
  });
  it('readable after writable', () => {
    const v = q(8);
    rawDesc(v, 0, 0, B, 8, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 1);
    rawDesc(v, 0, 1, B, 8, 0, 0);
    offer(v, 0);
    expectDeviceError(v, 'ReadableAfterWritable', 'Incorrect order for descriptors');
  });
  it('zero-length buffer', () => {
    const v = q(8);
    rawDesc(v, 0, 0, B, 0, 0, 0);
    offer(v, 0);
    expectDeviceError(v, 'ZeroSizedBuffer', 'virtio: zero sized buffers are not allowed');
  });
  it('address outside guest memory (and a u64 address beyond 2^53)', () => {
    const v = q(8);
    rawDesc(v, 0, 0, v.map.total - 4, 8, 0, 0);
    offer(v, 0);
    expectDeviceError(v, 'AddressOutOfRange', 'virtio: bogus descriptor or out of resources');
    const w = q(8);
    w.mem.writeU64(0, 0xffff_ffff_ffff_f000n);
    w.mem.writeU32(8, 16);
    offer(w, 0);
    expectDeviceError(w, 'AddressOutOfRange', 'bogus descriptor');
  });
  it('too many descriptors in an indirect table', () => {
    const v = q(8, false, true);
    rawDesc(v, 0, 0, v.map.tables.base, 16 * 9, VRING_DESC_F_INDIRECT, 0);
    offer(v, 0);
    expectDeviceError(v, 'IndirectTableTooLarge', 'virtio: too many write descriptors in indirect table');
  });
  it('indirect len % 16 ≠ 0, or 0', () => {
    for (const len of [0, 24]) {
      const v = q(8, false, true);
      rawDesc(v, 0, 0, v.map.tables.base, len, VRING_DESC_F_INDIRECT, 0);
      offer(v, 0);
      expectDeviceError(v, 'InvalidIndirectSize', 'Invalid size for indirect buffer table');
    }
  });
  it('nested INDIRECT, and INDIRECT|NEXT', () => {
    const v = q(8, false, true);
    const t = v.map.tables.base;
    rawDesc(v, 0, 0, t, 32, VRING_DESC_F_INDIRECT, 0);
    rawDesc(v, t, 0, B, 8, VRING_DESC_F_NEXT, 1);
    rawDesc(v, t, 1, t, 16, VRING_DESC_F_INDIRECT, 0);
    offer(v, 0);
    expectDeviceError(v, 'NestedIndirect', 'indirect table entry 1 has the INDIRECT flag');
    const w = q(8, false, true);
    rawDesc(w, 0, 0, w.map.tables.base, 32, VRING_DESC_F_INDIRECT | VRING_DESC_F_NEXT, 1);
    offer(w, 0);
    expectDeviceError(w, 'IndirectWithNext', 'both INDIRECT and NEXT');
  });
  it('INDIRECT without the feature', () => {
    const v = q(8, false, false);
    rawDesc(v, 0, 0, B, 32, VRING_DESC_F_INDIRECT, 0);
    offer(v, 0);
    expect(() => v.device.pop()).toThrow('VIRTIO_RING_F_INDIRECT_DESC was not negotiated');
  });
  it('in-use ≥ QS', () => {
    const v = q(2);
    rawDesc(v, 0, 0, B, 8, 0, 0);
    offer(v, 0, 0);
    v.device.pop();
    v.device.pop();
    offer(v, 0);
    // avail.idx − last_avail is 1 ≤ QS, but the device already holds 2 chains
    expectDeviceError(v, 'QueueSizeExceeded', 'Virtqueue size exceeded');
  });
  it('keeps what was completed before the error', () => {
    const v = q(8);
    v.driver.add([buf(v, 8)], [], 1);
    const p = v.device.pop()!;
    v.device.fill(p.chain.head, 0);
    v.device.flush();
    offer(v, 9);
    expect(() => v.device.pop()).toThrow(RingError);
    expect(v.driver.getUsed()?.token).toBe(1);
  });
});

describe('driver: hostile used ring', () => {
  function withOne(): Virtqueue {
    const v = q(8);
    v.driver.add([buf(v, 8)], [buf(v, 4)], 1);
    v.device.pop();
    return v;
  }
  function usedEntry(v: Virtqueue, slot: number, id: number, len: number, idx: number): void {
    v.mem.writeUsedElem(ring.usedElem(v.layout, slot), id, len);
    v.mem.writeU16(ring.usedIdx(v.layout), idx);
  }
  function expectDriverError(v: Virtqueue, kind: string, message: string): void {
    let err: unknown;
    try {
      v.driver.getUsed();
    } catch (e) {
      err = e;
    }
    expect((err as RingError).kind).toBe(kind);
    expect((err as RingError).message).toBe(message);
    expect(() => v.driver.getUsed()).toThrow(/virtqueue is broken/);
    expect(() => v.driver.add([{ addr: 0x8000, len: 1 }], [], 2)).toThrow(/virtqueue is broken/);
  }
  it('used id out of range', () => {
    const v = withOne();
    usedEntry(v, 0, 8, 0, 1);
    expectDriverError(v, 'UsedIdOutOfRange', 'id 8 out of range');
  });
  it('used id not an in-flight head', () => {
    const v = withOne();
    usedEntry(v, 0, 1, 0, 1);
    expectDriverError(v, 'UsedIdNotHead', 'id 1 is not a head!');
  });
  it('used.idx jumps by more than in flight', () => {
    const v = withOne();
    usedEntry(v, 0, 0, 0, 5);
    expectDriverError(v, 'UsedIndexJump', 'used index jumped from 0 to 5: 5 entries but only 1 chains in flight');
  });
  it('used.len larger than the writable bytes', () => {
    const v = withOne();
    usedEntry(v, 0, 0, 5, 1);
    expectDriverError(v, 'UsedLenTooLarge', 'used len 5 is larger than in buflen 4');
  });
});
