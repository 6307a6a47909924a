/**
 * The device's walk of one descriptor chain, direct or indirect, with every check a
 * hardened device makes (bad-input.md). It reads only through GuestMemory, so hostile
 * values can at worst produce a typed error.
 *
 * The walk writes into a reusable ChainWalk (columns in typed arrays) so that a device
 * popping millions of chains allocates nothing; `toChain()` turns it into the plain
 * objects that event logs and views want.
 */
import type { GuestMemory } from '../memory/guest-memory';
import { hex } from '../memory/guest-memory';
import { DESC_SIZE, MAX_CHAIN_BYTES, VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from './constants';
import { RingError } from './errors';
import type { SplitLayout } from './layout';

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

/** Write one descriptor (positional, so the driver's hot path builds no object). */
export function writeDesc(
  mem: GuestMemory,
  tableAddr: number,
  i: number,
  addr: number,
  len: number,
  flags: number,
  next: number,
): void {
  mem.writeDescriptor(tableAddr + DESC_SIZE * i, addr, len, flags, next);
}

export function writeDescriptor(mem: GuestMemory, tableAddr: number, i: number, d: RawDescriptor): void {
  writeDesc(mem, tableAddr, i, d.addr, d.len, d.flags, d.next);
}

/**
 * One walked chain as columns. Entry 0 is the head; when the head points to an indirect
 * table, entry 0 is that head descriptor and entries 1.. are the table's (`firstIndirect`
 * = 1). Valid until the next walk into it.
 */
export class ChainWalk {
  head = 0;
  count = 0;
  /** Index of the first entry read from an indirect table, or `count` when there is none. */
  firstIndirect = 0;
  readableBytes = 0;
  writableBytes = 0;
  readableCount = 0;
  writableCount = 0;
  indirectAddr = 0;
  indirectLen = 0;
  indirectCount = 0;
  readonly addr: Float64Array;
  readonly len: Uint32Array;
  readonly flags: Uint16Array;
  readonly next: Uint16Array;
  readonly index: Uint16Array;

  /** `capacity`: the queue size + 1 (an indirect head plus a full table) is always enough. */
  constructor(capacity: number) {
    this.addr = new Float64Array(capacity);
    this.len = new Uint32Array(capacity);
    this.flags = new Uint16Array(capacity);
    this.next = new Uint16Array(capacity);
    this.index = new Uint16Array(capacity);
  }

  get isIndirect(): boolean {
    return this.firstIndirect < this.count;
  }

  /** The chain as plain objects (for event logs, views and tests). */
  toChain(): DescriptorChain {
    const descriptors: ChainDescriptor[] = [];
    const readable: BufferRef[] = [];
    const writable: BufferRef[] = [];
    for (let k = 0; k < this.count; k++) {
      const table = k >= this.firstIndirect ? 'indirect' : 'main';
      const d: ChainDescriptor = {
        addr: this.addr[k],
        len: this.len[k],
        flags: this.flags[k],
        next: this.next[k],
        index: this.index[k],
        table,
      };
      descriptors.push(d);
      if (k === 0 && this.indirectCount > 0) continue; // the head that points at the table
      if (d.flags & VRING_DESC_F_WRITE) writable.push({ addr: d.addr, len: d.len });
      else readable.push({ addr: d.addr, len: d.len });
    }
    return {
      head: this.head,
      descriptors,
      readable,
      writable,
      readableBytes: this.readableBytes,
      writableBytes: this.writableBytes,
      indirect:
        this.indirectCount > 0 ? { addr: this.indirectAddr, len: this.indirectLen, count: this.indirectCount } : null,
    };
  }
}

/**
 * Walk the chain starting at `head` (already checked < QS by the caller) into `w`.
 * `indirectAllowed` is whether INDIRECT_DESC was negotiated.
 */
export function walkChainInto(
  mem: GuestMemory,
  layout: SplitLayout,
  head: number,
  indirectAllowed: boolean,
  w: ChainWalk,
): void {
  const qs = layout.queueSize;
  w.head = head;
  w.count = 0;
  w.readableBytes = 0;
  w.writableBytes = 0;
  w.readableCount = 0;
  w.writableCount = 0;
  w.indirectAddr = 0;
  w.indirectLen = 0;
  w.indirectCount = 0;
  let table = layout.desc;
  let inIndirect = false;
  let max = qs;
  let i = head;
  let at = mem.descriptorOffset(table + DESC_SIZE * i);
  let addr = mem.u64At(at);
  let len = mem.u32At(at + 8);
  let flags = mem.u16At(at + 12);
  let next = mem.u16At(at + 14);

  if (flags & VRING_DESC_F_INDIRECT) {
    if (!indirectAllowed) {
      throw new RingError(
        'FeatureNotNegotiated',
        `descriptor ${head} has INDIRECT but VIRTIO_RING_F_INDIRECT_DESC was not negotiated`,
        { head },
        'device',
      );
    }
    if (flags & VRING_DESC_F_NEXT) {
      throw new RingError('IndirectWithNext', `descriptor ${head} has both INDIRECT and NEXT`, { head, flags });
    }
    if (len === 0 || len % DESC_SIZE !== 0) {
      throw new RingError('InvalidIndirectSize', 'Invalid size for indirect buffer table', { head, len });
    }
    // Map the table before counting it, as QEMU (address_space_cache_init) and libvhost-user
    // (vu_gpa_to_va) do: a table both too long and outside memory is reported as outside memory.
    if (!mem.contains(addr, len)) {
      throw new RingError('AddressOutOfRange', 'virtio: bogus descriptor or out of resources', { head, addr, len });
    }
    const count = len / DESC_SIZE;
    if (count > qs) {
      throw new RingError('IndirectTableTooLarge', 'virtio: too many write descriptors in indirect table', {
        head,
        count,
        queueSize: qs,
      });
    }
    w.addr[0] = addr;
    w.len[0] = len;
    w.flags[0] = flags;
    w.next[0] = next;
    w.index[0] = head;
    w.count = 1;
    w.indirectAddr = addr;
    w.indirectLen = len;
    w.indirectCount = count;
    table = addr;
    inIndirect = true;
    max = count;
    i = 0;
    at = mem.descriptorOffset(table);
    addr = mem.u64At(at);
    len = mem.u32At(at + 8);
    flags = mem.u16At(at + 12);
    next = mem.u16At(at + 14);
  }
  w.firstIndirect = inIndirect ? 1 : qs + 1;

  // ttl: a chain that visits more descriptors than its table holds must loop. The running
  // totals live in locals and reach `w` at the end (a failed walk leaves `w` meaningless anyway).
  const wAddr = w.addr;
  const wLen = w.len;
  const wFlags = w.flags;
  const wNext = w.next;
  const wIndex = w.index;
  let k = w.count;
  let readableCount = 0;
  let writableCount = 0;
  let readableBytes = 0;
  let writableBytes = 0;
  for (let visited = 1; ; visited++) {
    if (inIndirect && flags & VRING_DESC_F_INDIRECT) {
      throw new RingError('NestedIndirect', `indirect table entry ${i} has the INDIRECT flag`, { head, index: i });
    }
    if (len === 0) {
      throw new RingError('ZeroSizedBuffer', 'virtio: zero sized buffers are not allowed', { head, index: i });
    }
    if (!mem.contains(addr, len)) {
      throw new RingError('AddressOutOfRange', 'virtio: bogus descriptor or out of resources', {
        head,
        index: i,
        addr,
        len,
        addrHex: hex(addr),
      });
    }
    const isWrite = (flags & VRING_DESC_F_WRITE) !== 0;
    if (isWrite) {
      writableCount++;
      writableBytes += len;
    } else {
      if (writableCount > 0)
        throw new RingError('ReadableAfterWritable', 'Incorrect order for descriptors', { head, index: i });
      readableCount++;
      readableBytes += len;
    }
    wAddr[k] = addr;
    wLen[k] = len;
    wFlags[k] = flags;
    wNext[k] = next;
    wIndex[k] = i;
    k++;
    if (readableBytes + writableBytes > MAX_CHAIN_BYTES) {
      throw new RingError('ChainTooLong', `chain ${head} carries more than 4 GiB`, { head }, 'device');
    }
    if (!(flags & VRING_DESC_F_NEXT)) break;
    if (next >= max) {
      throw new RingError('NextOutOfRange', `Desc next is ${next}`, { head, index: i, next, max });
    }
    if (visited >= max) {
      throw new RingError('DescriptorLoop', 'Looped descriptor', { head, index: i });
    }
    i = next;
    at = mem.descriptorOffset(table + DESC_SIZE * i);
    addr = mem.u64At(at);
    len = mem.u32At(at + 8);
    flags = mem.u16At(at + 12);
    next = mem.u16At(at + 14);
  }
  w.count = k;
  w.readableCount = readableCount;
  w.writableCount = writableCount;
  w.readableBytes = readableBytes;
  w.writableBytes = writableBytes;
  if (w.firstIndirect > w.count) w.firstIndirect = w.count;
}

/** Walk the chain at `head` and return it as plain objects (allocates; views and tests). */
export function walkChain(
  mem: GuestMemory,
  layout: SplitLayout,
  head: number,
  indirectAllowed: boolean,
): DescriptorChain {
  const w = new ChainWalk(layout.queueSize + 1);
  walkChainInto(mem, layout, head, indirectAllowed, w);
  return w.toChain();
}
