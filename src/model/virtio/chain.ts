/**
 * The device's walk of one descriptor chain, direct or indirect, with every check a
 * hardened device makes (bad-input.md). It reads only through GuestMemory, so hostile
 * values can at worst produce a typed error.
 */
import type { GuestMemory } from '../memory/guest-memory';
import { hex } from '../memory/guest-memory';
import { DESC_SIZE, MAX_CHAIN_BYTES, VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from './constants';
import { RingError } from './errors';
import { ring, type SplitLayout } from './layout';

export interface RawDescriptor {
  addr: number;
  len: number;
  flags: number;
  next: number;
}

export interface ChainDescriptor extends RawDescriptor {
  /** Index in its table. */
  index: number;
  /** Which table: the queue's own, or the indirect table the head points to. */
  table: 'main' | 'indirect';
}

export interface BufferRef {
  addr: number;
  len: number;
}

export interface DescriptorChain {
  head: number;
  descriptors: ChainDescriptor[];
  readable: BufferRef[];
  writable: BufferRef[];
  readableBytes: number;
  writableBytes: number;
  /** Present when the head descriptor points to an indirect table. */
  indirect: { addr: number; len: number; count: number } | null;
}

export function readDescriptor(mem: GuestMemory, tableAddr: number, i: number): RawDescriptor {
  const at = tableAddr + DESC_SIZE * i;
  return { addr: mem.readU64(at), len: mem.readU32(at + 8), flags: mem.readU16(at + 12), next: mem.readU16(at + 14) };
}

export function writeDescriptor(mem: GuestMemory, tableAddr: number, i: number, d: RawDescriptor): void {
  const at = tableAddr + DESC_SIZE * i;
  mem.writeU64(at, d.addr);
  mem.writeU32(at + 8, d.len);
  mem.writeU16(at + 12, d.flags);
  mem.writeU16(at + 14, d.next);
}

/**
 * Walk the chain starting at `head` (already checked < QS by the caller).
 * `indirectAllowed` is whether INDIRECT_DESC was negotiated.
 */
export function walkChain(mem: GuestMemory, layout: SplitLayout, head: number, indirectAllowed: boolean): DescriptorChain {
  const qs = layout.queueSize;
  const chain: DescriptorChain = { head, descriptors: [], readable: [], writable: [], readableBytes: 0, writableBytes: 0, indirect: null };
  let table = layout.desc;
  let tableName: 'main' | 'indirect' = 'main';
  let max = qs;
  let i = head;
  let d = readDescriptor(mem, table, i);

  if (d.flags & VRING_DESC_F_INDIRECT) {
    if (!indirectAllowed) {
      throw new RingError('FeatureNotNegotiated', `descriptor ${head} has INDIRECT but VIRTIO_RING_F_INDIRECT_DESC was not negotiated`, { head }, 'device');
    }
    if (d.flags & VRING_DESC_F_NEXT) {
      throw new RingError('IndirectWithNext', `descriptor ${head} has both INDIRECT and NEXT`, { head, flags: d.flags });
    }
    if (d.len === 0 || d.len % DESC_SIZE !== 0) {
      throw new RingError('InvalidIndirectSize', 'Invalid size for indirect buffer table', { head, len: d.len });
    }
    const count = d.len / DESC_SIZE;
    if (count > qs) {
      throw new RingError('IndirectTableTooLarge', 'virtio: too many write descriptors in indirect table', { head, count, queueSize: qs });
    }
    if (!mem.contains(d.addr, d.len)) {
      throw new RingError('AddressOutOfRange', 'virtio: bogus descriptor or out of resources', { head, addr: d.addr, len: d.len });
    }
    chain.descriptors.push({ addr: d.addr, len: d.len, flags: d.flags, next: d.next, index: head, table: 'main' });
    chain.indirect = { addr: d.addr, len: d.len, count };
    table = d.addr;
    tableName = 'indirect';
    max = count;
    i = 0;
    d = readDescriptor(mem, table, 0);
  }

  // ttl: a chain that visits more descriptors than its table holds must loop.
  for (let visited = 1; ; visited++) {
    if (tableName === 'indirect' && d.flags & VRING_DESC_F_INDIRECT) {
      throw new RingError('NestedIndirect', `indirect table entry ${i} has the INDIRECT flag`, { head, index: i });
    }
    if (d.len === 0) {
      throw new RingError('ZeroSizedBuffer', 'virtio: zero sized buffers are not allowed', { head, index: i });
    }
    if (!mem.contains(d.addr, d.len)) {
      throw new RingError('AddressOutOfRange', 'virtio: bogus descriptor or out of resources', { head, index: i, addr: d.addr, len: d.len, addrHex: hex(d.addr) });
    }
    const isWrite = (d.flags & VRING_DESC_F_WRITE) !== 0;
    if (!isWrite && chain.writable.length > 0) {
      throw new RingError('ReadableAfterWritable', 'Incorrect order for descriptors', { head, index: i });
    }
    // explicit literal, not a spread: V8 turns spread-then-extend into slow objects on this hot path
    chain.descriptors.push({ addr: d.addr, len: d.len, flags: d.flags, next: d.next, index: i, table: tableName });
    if (isWrite) {
      chain.writable.push({ addr: d.addr, len: d.len });
      chain.writableBytes += d.len;
    } else {
      chain.readable.push({ addr: d.addr, len: d.len });
      chain.readableBytes += d.len;
    }
    if (chain.readableBytes + chain.writableBytes > MAX_CHAIN_BYTES) {
      throw new RingError('ChainTooLong', `chain ${head} carries more than 4 GiB`, { head }, 'device');
    }
    if (!(d.flags & VRING_DESC_F_NEXT)) break;
    if (d.next >= max) {
      throw new RingError('NextOutOfRange', `Desc next is ${d.next}`, { head, index: i, next: d.next, max });
    }
    if (visited >= max) {
      throw new RingError('DescriptorLoop', 'Looped descriptor', { head, index: i });
    }
    i = d.next;
    d = readDescriptor(mem, table, i);
  }
  return chain;
}

/** The head the available ring holds at free-running index `idx`. */
export function availHeadAt(mem: GuestMemory, layout: SplitLayout, idx: number): number {
  return mem.readU16(ring.availRing(layout, idx & (layout.queueSize - 1)));
}
