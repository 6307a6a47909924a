/**
 * The device's walk of one available buffer in a packed ring, after QEMU's virtqueue_packed_pop and
 * virtqueue_packed_read_next_desc, with every check a hardened device makes. Two shapes:
 * - a list in the ring: consecutive slots from the head, wrapping at the end (the wrap counter expected of each
 *   slot flips there), continued while NEXT is set;
 * - an indirect buffer: one ring slot with INDIRECT whose addr/len name a table of len/16 descriptors, read
 *   in order (NEXT inside a table means nothing; only WRITE is valid there).
 * Flags are read before the other fields of each descriptor, as the spec's ordering needs. Everything goes
 * through GuestMemory, so hostile values end in a typed error, never an out-of-bounds access.
 */
import { hex, type GuestMemory } from '../memory/guest-memory';
import type { BufferRef } from '../virtio/chain';
import {
  PACKED_DESC_ADDR,
  PACKED_DESC_FLAGS,
  PACKED_DESC_ID,
  PACKED_DESC_LEN,
  PACKED_DESC_SIZE,
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
} from './constants';
import { PackedRingError } from './errors';
import type { PackedLayout } from './layout';
import { isAvail, type Wrap } from './wrap';

export interface PackedChainDescriptor {
  /** Ring slot, or entry number in the indirect table. */
  index: number;
  table: 'ring' | 'indirect';
  addr: number;
  len: number;
  id: number;
  flags: number;
}

export interface PackedChain {
  /** Buffer id, from the first descriptor (QEMU reads it there; Linux writes it into every one). */
  id: number;
  /** Ring slots the buffer occupies: the list length, or 1 for an indirect buffer. */
  ndescs: number;
  descriptors: PackedChainDescriptor[];
  readable: BufferRef[];
  writable: BufferRef[];
  readableBytes: number;
  writableBytes: number;
  indirect: { addr: number; len: number; count: number } | null;
}

function readAt(mem: GuestMemory, at: number, index: number, table: 'ring' | 'indirect'): PackedChainDescriptor {
  const flags = mem.readU16(at + PACKED_DESC_FLAGS);
  // QEMU: addr, then id, then len, all after the flags
  const addr = mem.readU64(at + PACKED_DESC_ADDR);
  const id = mem.readU16(at + PACKED_DESC_ID);
  const len = mem.readU32(at + PACKED_DESC_LEN);
  return { index, table, addr, len, id, flags };
}

/** The per-element checks of QEMU's virtqueue_map_desc and the ordering rule, shared by both shapes. */
function takeElement(mem: GuestMemory, d: PackedChainDescriptor, chain: PackedChain, slot: number): void {
  if (d.len === 0) {
    throw new PackedRingError('ZeroSizedBuffer', 'virtio: zero sized buffers are not allowed', {
      slot,
      index: d.index,
    });
  }
  if (!mem.contains(d.addr, d.len)) {
    throw new PackedRingError('AddressOutOfRange', 'virtio: bogus descriptor or out of resources', {
      slot,
      index: d.index,
      addr: d.addr,
      addrHex: hex(d.addr),
      len: d.len,
    });
  }
  if (d.flags & VRING_DESC_F_WRITE) {
    chain.writable.push({ addr: d.addr, len: d.len });
    chain.writableBytes += d.len;
  } else {
    if (chain.writable.length > 0) {
      throw new PackedRingError('ReadableAfterWritable', 'Incorrect order for descriptors', {
        slot,
        index: d.index,
      });
    }
    chain.readable.push({ addr: d.addr, len: d.len });
    chain.readableBytes += d.len;
  }
  chain.descriptors.push(d);
}

/**
 * Walk the buffer whose first descriptor is at `slot`, already seen available for `wrap` with `headFlags`.
 * `indirectAllowed` is whether VIRTIO_RING_F_INDIRECT_DESC was negotiated.
 */
export function walkPackedChain(
  mem: GuestMemory,
  layout: PackedLayout,
  slot: number,
  wrap: Wrap,
  indirectAllowed: boolean,
): PackedChain {
  const qs = layout.queueSize;
  const head = readAt(mem, layout.desc + PACKED_DESC_SIZE * slot, slot, 'ring');
  const chain: PackedChain = {
    id: head.id,
    ndescs: 0,
    descriptors: [],
    readable: [],
    writable: [],
    readableBytes: 0,
    writableBytes: 0,
    indirect: null,
  };
  if (head.flags & VRING_DESC_F_INDIRECT) {
    if (!indirectAllowed) {
      throw new PackedRingError(
        'FeatureNotNegotiated',
        `descriptor at slot ${slot} has INDIRECT but VIRTIO_RING_F_INDIRECT_DESC was not negotiated`,
        { slot },
      );
    }
    if (head.flags & VRING_DESC_F_NEXT) {
      throw new PackedRingError('IndirectWithNext', `descriptor at slot ${slot} has both INDIRECT and NEXT`, {
        slot,
        flags: head.flags,
      });
    }
    if (head.len === 0 || head.len % PACKED_DESC_SIZE !== 0) {
      throw new PackedRingError('InvalidIndirectSize', 'Invalid size for indirect buffer table', {
        slot,
        len: head.len,
      });
    }
    const count = head.len / PACKED_DESC_SIZE;
    if (count > qs) {
      throw new PackedRingError('IndirectTableTooLarge', 'virtio: too many write descriptors in indirect table', {
        slot,
        count,
        queueSize: qs,
      });
    }
    if (!mem.contains(head.addr, head.len)) {
      throw new PackedRingError('AddressOutOfRange', 'Cannot map indirect buffer', {
        slot,
        addr: head.addr,
        addrHex: hex(head.addr),
        len: head.len,
      });
    }
    chain.indirect = { addr: head.addr, len: head.len, count };
    chain.ndescs = 1;
    for (let k = 0; k < count; k++) {
      const d = readAt(mem, head.addr + PACKED_DESC_SIZE * k, k, 'indirect');
      if (d.flags & VRING_DESC_F_INDIRECT) {
        throw new PackedRingError('NestedIndirect', `indirect table entry ${k} has the INDIRECT flag`, {
          slot,
          index: k,
        });
      }
      takeElement(mem, d, chain, slot);
    }
    return chain;
  }

  let d = head;
  let i = slot;
  let w = wrap;
  for (let n = 1; ; n++) {
    takeElement(mem, d, chain, slot);
    if (!(d.flags & VRING_DESC_F_NEXT)) {
      chain.ndescs = n;
      return chain;
    }
    // The QS-th descriptor still has NEXT: the list would go on at its own first slot, so it claims more
    // descriptors than the ring has. QEMU reads on and stops with ++elem_entries > max; the words are its.
    // (Checked before the next slot's bits, which would only say "not available" about the head.)
    if (n >= qs) {
      throw new PackedRingError('DescriptorLoop', 'Looped descriptor', { slot, count: n + 1, queueSize: qs });
    }
    if (++i === qs) {
      i = 0;
      w = (w ^ 1) as Wrap;
    }
    d = readAt(mem, layout.desc + PACKED_DESC_SIZE * i, i, 'ring');
    if (!isAvail(d.flags, w)) {
      throw new PackedRingError(
        'ChainNotAvailable',
        `descriptor at slot ${(i + qs - 1) % qs} has NEXT but slot ${i} is not available (flags 0x${d.flags.toString(16)}, wrap counter ${w})`,
        { slot, next: i, flags: d.flags, wrap: w },
      );
    }
    if (d.flags & VRING_DESC_F_INDIRECT) {
      throw new PackedRingError('IndirectInChain', `slot ${i} has INDIRECT inside a list linked by NEXT`, {
        slot,
        index: i,
      });
    }
  }
}
