/**
 * Where the three parts of a packed virtqueue live in guest memory (spec "Structure Size and Alignment"): the
 * descriptor ring (16-byte aligned, 16·QS bytes) in the Descriptor Area, the driver event suppression structure
 * (4-byte aligned, 4 bytes) in the Driver Area and the device's in the Device Area. The transport gives the three
 * addresses separately; `packedLayout` puts them one after another, as a VMM or a test would.
 *
 * Field access goes through these functions only, so offsets are written down once, next to the struct they mirror.
 */
import { alignUp } from '../virtio/layout';
import type { GuestMemory } from '../memory/guest-memory';
import {
  MAX_PACKED_QUEUE_SIZE,
  PACKED_DESC_ADDR,
  PACKED_DESC_FLAGS,
  PACKED_DESC_ID,
  PACKED_DESC_LEN,
  PACKED_DESC_SIZE,
  PACKED_EVENT_FLAGS,
  PACKED_EVENT_OFF_WRAP,
  PACKED_EVENT_SIZE,
} from './constants';
import { PackedRingError } from './errors';

export interface PackedLayout {
  queueSize: number;
  /** GPA of the descriptor ring (16-byte aligned). */
  desc: number;
  /** GPA of the driver event suppression structure: written by the driver, read by the device. */
  driverEvent: number;
  /** GPA of the device event suppression structure: written by the device, read by the driver. */
  deviceEvent: number;
  /** Bytes from the lowest to the end of the highest part. */
  totalSize: number;
}

export const PACKED_DESC_ALIGN = 16;
export const PACKED_EVENT_ALIGN = 4;

export function isValidPackedQueueSize(qs: number): boolean {
  return Number.isInteger(qs) && qs >= 1 && qs <= MAX_PACKED_QUEUE_SIZE;
}

export function checkPackedQueueSize(qs: number): void {
  if (!isValidPackedQueueSize(qs)) {
    // Linux's words for a size it cannot use (virtio_ring.c, "Bad virtqueue length")
    throw new PackedRingError('InvalidQueueSize', `Bad virtqueue length ${qs}`, { queueSize: qs });
  }
}

export function descRingSize(qs: number): number {
  return PACKED_DESC_SIZE * qs;
}

/** Ring, then driver area, then device area, each at its own alignment. */
export function packedLayout(qs: number, base = 0): PackedLayout {
  checkPackedQueueSize(qs);
  const desc = alignUp(base, PACKED_DESC_ALIGN);
  const driverEvent = alignUp(desc + descRingSize(qs), PACKED_EVENT_ALIGN);
  const deviceEvent = driverEvent + PACKED_EVENT_SIZE;
  return { queueSize: qs, desc, driverEvent, deviceEvent, totalSize: deviceEvent + PACKED_EVENT_SIZE - desc };
}

/** Explicit addresses (as a transport would give them), checked for alignment and overlap. */
export function customPackedLayout(qs: number, desc: number, driverEvent: number, deviceEvent: number): PackedLayout {
  checkPackedQueueSize(qs);
  const parts: [string, number, number, number][] = [
    ['descriptor ring', desc, PACKED_DESC_ALIGN, descRingSize(qs)],
    ['driver event area', driverEvent, PACKED_EVENT_ALIGN, PACKED_EVENT_SIZE],
    ['device event area', deviceEvent, PACKED_EVENT_ALIGN, PACKED_EVENT_SIZE],
  ];
  for (const [name, at, align] of parts) {
    if (!Number.isInteger(at) || at < 0 || at % align !== 0) {
      throw new PackedRingError('InvalidLayout', `${name} at 0x${at.toString(16)} is not ${align}-byte aligned`, {
        at,
        align,
      });
    }
  }
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      const [n1, a1, , s1] = parts[i];
      const [n2, a2, , s2] = parts[j];
      if (a1 < a2 + s2 && a2 < a1 + s1) throw new PackedRingError('InvalidLayout', `${n1} overlaps ${n2}`, { a1, a2 });
    }
  }
  const lo = Math.min(desc, driverEvent, deviceEvent);
  const hi = Math.max(desc + descRingSize(qs), driverEvent + PACKED_EVENT_SIZE, deviceEvent + PACKED_EVENT_SIZE);
  return { queueSize: qs, desc, driverEvent, deviceEvent, totalSize: hi - lo };
}

/** Refuse a layout that does not fit the memory it will be used on (checked once, so ring accesses cannot fail). */
export function checkLayoutInMemory(mem: GuestMemory, l: PackedLayout): void {
  const parts: [string, number, number][] = [
    ['descriptor ring', l.desc, descRingSize(l.queueSize)],
    ['driver event area', l.driverEvent, PACKED_EVENT_SIZE],
    ['device event area', l.deviceEvent, PACKED_EVENT_SIZE],
  ];
  for (const [name, at, size] of parts) {
    if (!mem.contains(at, size)) {
      throw new PackedRingError('InvalidLayout', `${name} at 0x${at.toString(16)}+${size} is outside guest memory`, {
        at,
        size,
      });
    }
  }
}

/** Field addresses, named as the kernel header names them. */
export const packed = {
  desc: (l: PackedLayout, slot: number) => l.desc + PACKED_DESC_SIZE * slot,
  descAddr: (l: PackedLayout, slot: number) => l.desc + PACKED_DESC_SIZE * slot + PACKED_DESC_ADDR,
  descLen: (l: PackedLayout, slot: number) => l.desc + PACKED_DESC_SIZE * slot + PACKED_DESC_LEN,
  descId: (l: PackedLayout, slot: number) => l.desc + PACKED_DESC_SIZE * slot + PACKED_DESC_ID,
  descFlags: (l: PackedLayout, slot: number) => l.desc + PACKED_DESC_SIZE * slot + PACKED_DESC_FLAGS,
  driverOffWrap: (l: PackedLayout) => l.driverEvent + PACKED_EVENT_OFF_WRAP,
  driverFlags: (l: PackedLayout) => l.driverEvent + PACKED_EVENT_FLAGS,
  deviceOffWrap: (l: PackedLayout) => l.deviceEvent + PACKED_EVENT_OFF_WRAP,
  deviceFlags: (l: PackedLayout) => l.deviceEvent + PACKED_EVENT_FLAGS,
};

export interface PackedDescriptor {
  addr: number;
  len: number;
  id: number;
  flags: number;
}

/** A whole descriptor (flags read first, as a device must; see the device for the ordered read). */
export function readPackedDesc(mem: GuestMemory, tableAddr: number, i: number): PackedDescriptor {
  const at = tableAddr + PACKED_DESC_SIZE * i;
  const flags = mem.readU16(at + PACKED_DESC_FLAGS);
  return {
    addr: mem.readU64(at + PACKED_DESC_ADDR),
    len: mem.readU32(at + PACKED_DESC_LEN),
    id: mem.readU16(at + PACKED_DESC_ID),
    flags,
  };
}

/**
 * Everything but `flags` of one descriptor: addr, len, id. The flags store is separate because it is the one that
 * publishes the descriptor, and it must come last (after a write barrier) for the head of a list.
 */
export function writePackedDescBody(
  mem: GuestMemory,
  tableAddr: number,
  i: number,
  addr: number,
  len: number,
  id: number,
): void {
  const at = tableAddr + PACKED_DESC_SIZE * i;
  mem.writeU64(at + PACKED_DESC_ADDR, addr);
  mem.writeU32(at + PACKED_DESC_LEN, len);
  mem.writeU16(at + PACKED_DESC_ID, id);
}

export function writePackedDescFlags(mem: GuestMemory, tableAddr: number, i: number, flags: number): void {
  mem.writeU16(tableAddr + PACKED_DESC_SIZE * i + PACKED_DESC_FLAGS, flags);
}

/** A whole descriptor, flags last (tests, indirect tables and hostile writers). */
export function writePackedDesc(mem: GuestMemory, tableAddr: number, i: number, d: PackedDescriptor): void {
  writePackedDescBody(mem, tableAddr, i, d.addr, d.len, d.id);
  writePackedDescFlags(mem, tableAddr, i, d.flags);
}

export interface EventSuppression {
  offWrap: number;
  flags: number;
}

/** QEMU vring_packed_event_read: flags first, then (after a read barrier) off_wrap. */
export function readEventArea(mem: GuestMemory, at: number): EventSuppression {
  const flags = mem.readU16(at + PACKED_EVENT_FLAGS);
  const offWrap = mem.readU16(at + PACKED_EVENT_OFF_WRAP);
  return { offWrap, flags };
}

/** Name of the ring field at `gpa`, for inspectors and memory diffs ("desc[3].flags", "driver.off_wrap"). */
export function describePackedAddress(l: PackedLayout, gpa: number): string | null {
  if (gpa >= l.desc && gpa < l.desc + descRingSize(l.queueSize)) {
    const i = Math.floor((gpa - l.desc) / PACKED_DESC_SIZE);
    const off = (gpa - l.desc) % PACKED_DESC_SIZE;
    const field =
      off < PACKED_DESC_LEN ? 'addr' : off < PACKED_DESC_ID ? 'len' : off < PACKED_DESC_FLAGS ? 'id' : 'flags';
    return `desc[${i}].${field}`;
  }
  for (const [name, base] of [
    ['driver', l.driverEvent],
    ['device', l.deviceEvent],
  ] as const) {
    if (gpa >= base && gpa < base + PACKED_EVENT_SIZE) {
      return `${name}.${gpa - base < PACKED_EVENT_FLAGS ? 'off_wrap' : 'flags'}`;
    }
  }
  return null;
}
