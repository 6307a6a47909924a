import { describe, expect, it } from 'vitest';
import { GuestMemory } from '../memory/guest-memory';
import { PackedRingError } from './errors';
import {
  checkLayoutInMemory,
  checkPackedQueueSize,
  customPackedLayout,
  describePackedAddress,
  descRingSize,
  isValidPackedQueueSize,
  packed,
  packedLayout,
  readEventArea,
  readPackedDesc,
  writePackedDesc,
} from './layout';

/**
 * Expected offsets worked out by hand from the spec's "Structure Size and Alignment" table for packed rings
 * (descriptor ring 16·QS bytes at 16-byte alignment, each event suppression structure 4 bytes at 4-byte
 * alignment), with the two event areas placed right after the ring as packedLayout does.
 */
const expected: Record<number, { driverEvent: number; deviceEvent: number; total: number }> = {
  1: { driverEvent: 16, deviceEvent: 20, total: 24 },
  2: { driverEvent: 32, deviceEvent: 36, total: 40 },
  3: { driverEvent: 48, deviceEvent: 52, total: 56 },
  5: { driverEvent: 80, deviceEvent: 84, total: 88 },
  7: { driverEvent: 112, deviceEvent: 116, total: 120 },
  100: { driverEvent: 1600, deviceEvent: 1604, total: 1608 },
  255: { driverEvent: 4080, deviceEvent: 4084, total: 4088 },
  256: { driverEvent: 4096, deviceEvent: 4100, total: 4104 },
  1000: { driverEvent: 16000, deviceEvent: 16004, total: 16008 },
  32767: { driverEvent: 524272, deviceEvent: 524276, total: 524280 },
  32768: { driverEvent: 524288, deviceEvent: 524292, total: 524296 },
};

describe('packed ring layout', () => {
  for (const [qsText, e] of Object.entries(expected)) {
    const qs = Number(qsText);
    it(`QS=${qs}${qs & (qs - 1) ? ' (not a power of two)' : ''}: ring, driver area and device area where the spec puts them`, () => {
      const l = packedLayout(qs);
      expect(l.queueSize).toBe(qs);
      expect(l.desc).toBe(0);
      expect(descRingSize(qs)).toBe(16 * qs);
      expect(l.driverEvent).toBe(e.driverEvent);
      expect(l.deviceEvent).toBe(e.deviceEvent);
      expect(l.totalSize).toBe(e.total);
      expect(l.desc % 16).toBe(0);
      expect(l.driverEvent % 4).toBe(0);
      expect(l.deviceEvent % 4).toBe(0);
    });
  }

  it('aligns the ring up from an odd base and keeps the areas 4-byte aligned', () => {
    for (const [base, desc] of [
      [1, 16],
      [15, 16],
      [16, 16],
      [17, 32],
      [4097, 4112],
    ]) {
      const l = packedLayout(3, base);
      expect(l.desc).toBe(desc);
      expect(l.driverEvent).toBe(desc + 48);
      expect(l.deviceEvent).toBe(desc + 52);
      expect(l.totalSize).toBe(56);
    }
  });

  it('places every field of struct vring_packed_desc and vring_packed_desc_event (QS=5)', () => {
    const l = packedLayout(5, 32);
    expect(packed.desc(l, 3)).toBe(32 + 48);
    expect(packed.descAddr(l, 3)).toBe(32 + 48);
    expect(packed.descLen(l, 3)).toBe(32 + 48 + 8);
    expect(packed.descId(l, 3)).toBe(32 + 48 + 12);
    expect(packed.descFlags(l, 3)).toBe(32 + 48 + 14);
    expect(packed.driverOffWrap(l)).toBe(32 + 80);
    expect(packed.driverFlags(l)).toBe(32 + 82);
    expect(packed.deviceOffWrap(l)).toBe(32 + 84);
    expect(packed.deviceFlags(l)).toBe(32 + 86);
  });

  it('accepts every size from 1 to 32768, powers of two or not, and refuses the rest in Linux words', () => {
    for (const ok of [1, 2, 3, 6, 7, 100, 255, 1023, 32767, 32768]) {
      expect(isValidPackedQueueSize(ok)).toBe(true);
      expect(() => checkPackedQueueSize(ok)).not.toThrow();
    }
    for (const bad of [0, -1, 32769, 65536, 1.5, Number.NaN]) {
      expect(isValidPackedQueueSize(bad)).toBe(false);
      expect(() => packedLayout(bad)).toThrow(PackedRingError);
      expect(() => packedLayout(bad)).toThrow(`Bad virtqueue length ${bad}`);
    }
  });

  it('checks alignment and overlap of transport-given addresses', () => {
    expect(() => customPackedLayout(4, 8, 256, 512)).toThrow('descriptor ring at 0x8 is not 16-byte aligned');
    expect(() => customPackedLayout(4, 0, 258, 512)).toThrow('driver event area at 0x102 is not 4-byte aligned');
    expect(() => customPackedLayout(4, 0, 256, 514)).toThrow('device event area at 0x202 is not 4-byte aligned');
    expect(() => customPackedLayout(4, 0, 60, 512)).toThrow('descriptor ring overlaps driver event area');
    expect(() => customPackedLayout(4, 0, 256, 256)).toThrow('driver event area overlaps device event area');
    const l = customPackedLayout(3, 4096, 0, 8192);
    expect(l).toEqual({ queueSize: 3, desc: 4096, driverEvent: 0, deviceEvent: 8192, totalSize: 8196 });
    // areas right after a 3-slot ring: 48 bytes, then 4 + 4
    expect(customPackedLayout(3, 0, 48, 52).totalSize).toBe(56);
  });

  it('refuses a layout that does not fit guest memory', () => {
    const mem = GuestMemory.create(4100);
    expect(() => checkLayoutInMemory(mem, packedLayout(256))).toThrow(
      'device event area at 0x1004+4 is outside guest memory',
    );
    expect(() => checkLayoutInMemory(GuestMemory.create(4096), packedLayout(256))).toThrow(
      'driver event area at 0x1000+4 is outside guest memory',
    );
    expect(() => checkLayoutInMemory(mem, packedLayout(300))).toThrow('descriptor ring at 0x0+4800 is outside');
    expect(() => checkLayoutInMemory(mem, packedLayout(255))).not.toThrow();
  });

  it('stores a descriptor little-endian: addr u64, len u32, id u16, flags u16', () => {
    const mem = GuestMemory.create(256);
    const l = packedLayout(4);
    writePackedDesc(mem, l.desc, 2, { addr: 0x1122334455, len: 0xa0b0c0d, id: 0x0302, flags: 0x8081 });
    expect([...mem.readBytes(32, 16)]).toEqual([
      0x55, 0x44, 0x33, 0x22, 0x11, 0, 0, 0, 0x0d, 0x0c, 0x0b, 0x0a, 0x02, 0x03, 0x81, 0x80,
    ]);
    expect(readPackedDesc(mem, l.desc, 2)).toEqual({ addr: 0x1122334455, len: 0xa0b0c0d, id: 0x0302, flags: 0x8081 });
    mem.writeU16(packed.driverOffWrap(l), 0x8003);
    mem.writeU16(packed.driverFlags(l), 2);
    expect(readEventArea(mem, l.driverEvent)).toEqual({ offWrap: 0x8003, flags: 2 });
  });

  it('writes flags after the other fields, and reads them first', () => {
    const mem = GuestMemory.create(256);
    const l = packedLayout(4);
    const writes: number[] = [];
    mem.observer = (gpa) => writes.push(gpa);
    writePackedDesc(mem, l.desc, 1, { addr: 1, len: 2, id: 3, flags: 4 });
    expect(writes).toEqual([16, 24, 28, 30]);
  });

  it('names ring fields by address', () => {
    const l = packedLayout(5);
    expect(describePackedAddress(l, 0)).toBe('desc[0].addr');
    expect(describePackedAddress(l, 16 * 3 + 7)).toBe('desc[3].addr');
    expect(describePackedAddress(l, 16 * 3 + 8)).toBe('desc[3].len');
    expect(describePackedAddress(l, 16 * 4 + 13)).toBe('desc[4].id');
    expect(describePackedAddress(l, 16 * 4 + 15)).toBe('desc[4].flags');
    expect(describePackedAddress(l, 80)).toBe('driver.off_wrap');
    expect(describePackedAddress(l, 83)).toBe('driver.flags');
    expect(describePackedAddress(l, 84)).toBe('device.off_wrap');
    expect(describePackedAddress(l, 87)).toBe('device.flags');
    expect(describePackedAddress(l, 88)).toBeNull();
  });
});
