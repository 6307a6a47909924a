import { describe, expect, it } from 'vitest';
import { checkPackedInvariants, PackedInvariantError } from './invariants';
import { packed } from './layout';
import { createPackedQueue, type PackedQueue } from './queue';
import { availBits } from './wrap';

/** A queue with two buffers in flight (one held by the device, one not yet read) and one completed. */
function busy(): PackedQueue {
  const q = createPackedQueue({ queueSize: 6, features: { eventIdx: true, indirect: true } });
  const b = (len: number) => ({ addr: q.buffers.alloc(len) as number, len });
  q.driver.add([b(8)], [b(8)], 1); // indirect, slot 0
  q.driver.add([b(8)], [], 2); // slot 1
  q.driver.add([], [b(8)], 3); // slot 2
  q.device.pop();
  q.device.pop();
  q.device.fill(0, 4);
  q.device.flush();
  return q;
}
function violated(q: PackedQueue): string {
  try {
    checkPackedInvariants(q.driver, q.device, q.driver.tables, true);
  } catch (e) {
    if (e instanceof PackedInvariantError) return e.invariant;
    throw e;
  }
  return 'none';
}

describe('packed invariants notice a broken model', () => {
  it('hold for a busy queue', () => {
    expect(violated(busy())).toBe('none');
  });
  it('a free count that does not add up', () => {
    const q = busy();
    q.driver.s.numFree--;
    expect(violated(q)).toBe('free ids + in flight = QS');
  });
  it('an id both free and in flight', () => {
    const q = busy();
    q.driver.s.extraNext[q.driver.s.freeHead] = 1;
    expect(violated(q)).toBe('free ids are not in flight');
  });
  it('a wrap counter out of step with the positions', () => {
    const q = busy();
    q.driver.s.availWrap = 0;
    expect(violated(q)).toBe('avail_used_flags match the avail wrap counter');
    q.driver.s.availUsedFlags = availBits(0);
    expect(violated(q)).toBe('driver wrap counters match positions');
  });
  it('the device holding more or fewer slots than it popped', () => {
    const q = busy();
    q.device.s.inUse++;
    expect(violated(q)).toBe('device in-use');
  });
  it('an indirect table leaked', () => {
    const q = busy();
    q.tables.alloc(16);
    expect(violated(q)).toBe('indirect tables');
  });
  it('ring bytes that disagree with the positions', () => {
    const q = busy();
    q.mem.writeU16(packed.descFlags(q.layout, 2), 0); // the unread buffer vanishes from the ring
    expect(violated(q)).toBe('published descriptors are available');
    const r = busy();
    r.mem.writeU16(packed.descFlags(r.layout, 3), availBits(1)); // a free slot that reads available
    expect(violated(r)).toBe('no descriptor available to the wrong lap');
    const s = busy();
    s.mem.writeU16(packed.descFlags(s.layout, 0), availBits(1)); // the flushed used descriptor undone
    expect(violated(s)).toBe('flushed descriptors are used');
  });
});
