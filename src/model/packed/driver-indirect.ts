/**
 * virtqueue_add_indirect_packed: the driver's path for a list placed in an indirect table, which takes one ring
 * slot and one id. Kept apart from ./driver's direct path, which is the one every buffer without
 * VIRTIO_RING_F_INDIRECT_DESC takes; ./driver calls this once it has allocated the table.
 */
import type { GuestMemory } from '../memory/guest-memory';
import type { BufferRef } from '../virtio/chain';
import {
  PACKED_DESC_SIZE,
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_WRITE,
  VRING_PACKED_DESC_F_AVAIL,
  VRING_PACKED_DESC_F_USED,
} from './constants';
import type { PackedAddResult } from './driver-results';
import { trackBuffer, type PackedDriverState } from './driver-state';
import { writePackedDescBody, writePackedDescFlags, type PackedLayout } from './layout';
import type { Wrap } from './wrap';

/** What the indirect path needs of the driver: its memory, ring, size and private state. */
export interface IndirectDriver {
  readonly mem: GuestMemory;
  readonly layout: PackedLayout;
  readonly qs: number;
  readonly s: PackedDriverState;
}

/** The list goes into `table` (already allocated, `out` + `inb` entries); one ring slot points at it. */
export function addIndirect(
  d: IndirectDriver,
  out: readonly BufferRef[],
  inb: readonly BufferRef[],
  token: number,
  table: number,
): PackedAddResult {
  const s = d.s;
  const total = out.length + inb.length;
  for (let k = 0; k < total; k++) {
    const isOut = k < out.length;
    const buf = isOut ? out[k] : inb[k - out.length];
    // Only WRITE is meaningful in a table entry; Linux leaves the (reserved) id unwritten
    const at = table + PACKED_DESC_SIZE * k;
    writePackedDescFlags(d.mem, table, k, isOut ? 0 : VRING_DESC_F_WRITE);
    d.mem.writeU64(at, buf.addr);
    d.mem.writeU32(at + 8, buf.len);
  }
  const head = s.nextAvail;
  const fromWrap = s.availWrap;
  const id = s.freeHead;
  const ring = d.layout.desc;
  writePackedDescBody(d.mem, ring, head, table, total * PACKED_DESC_SIZE, id);
  const flags = VRING_DESC_F_INDIRECT | s.availUsedFlags;
  writePackedDescFlags(d.mem, ring, head, flags);
  s.numFree -= 1;
  let n = head + 1;
  if (n >= d.qs) {
    n = 0;
    s.availWrap = (s.availWrap ^ 1) as Wrap;
    s.availUsedFlags ^= VRING_PACKED_DESC_F_AVAIL | VRING_PACKED_DESC_F_USED;
  }
  s.nextAvail = n;
  s.freeHead = s.extraNext[id];
  trackBuffer(s, id, 1, id, token, table, total, out, inb, head, fromWrap);
  s.numAdded += 1;
  return {
    id,
    slot: head,
    wrap: fromWrap,
    slots: [head],
    ids: [id],
    flags: [flags],
    indirect: { addr: table, count: total },
    outCount: out.length,
    inCount: inb.length,
    nextAvail: { from: head, to: s.nextAvail },
    availWrap: { from: fromWrap, to: s.availWrap },
  };
}
