/**
 * What the packed driver keeps privately (Linux: the vring_virtqueue fields of the packed path, desc_extra and
 * desc_state), how a fresh queue starts, and the per-id bookkeeping when a buffer is made available. The
 * driver (./driver) trusts only this state, never the ring.
 */
import type { BufferRef } from '../virtio/chain';
import { VRING_PACKED_EVENT_FLAG_ENABLE } from './constants';
import type { PackedErrorInfo } from './errors';
import { availBits, type Wrap } from './wrap';

/** What a buffer id is to the driver. */
export const IdState = { Free: 0, InFlight: 1 } as const;

export interface PackedDriverOptions {
  /** Use an indirect table when negotiated ('auto' = Linux's rule: more than one buffer and a free slot). */
  indirect: 'auto' | 'never';
  /**
   * Reproduce Linux before the 2023 fix "virtio_ring: fix avail_wrap_counter in virtqueue_add_packed": the wrap
   * counter flipped only when the list ended before its own start (`i < head`), so a list that fills the whole
   * ring and lands back on its start left it stale. The AVAIL/USED bits written into descriptors come from
   * `avail_used_flags`, which flips inside the loop and stays right; what goes wrong is everything that reads
   * `avail_wrap_counter`: the kick decision against the device's off_wrap. Off by default; a pitfall scenario
   * turns it on (the invariants then report the stale counter).
   */
  wholeRingWrapBug: boolean;
}

export const DEFAULT_DRIVER_OPTIONS: PackedDriverOptions = { indirect: 'auto', wholeRingWrapBug: false };

export interface PackedDriverState {
  nextAvail: number;
  availWrap: Wrap;
  /**
   * Linux avail_used_flags: the AVAIL/USED bits the next descriptor gets. Kept apart from `availWrap` as Linux
   * keeps it; both flip together unless `wholeRingWrapBug` is on.
   */
  availUsedFlags: number;
  freeHead: number;
  /** Free ring slots, which is also the number of free buffer ids. */
  numFree: number;
  /** Ring descriptors made available since the last kick decision. */
  numAdded: number;
  lastUsed: number;
  usedWrap: Wrap;
  /** Driver event flags last written (ENABLE / DISABLE / DESC). */
  eventFlagsShadow: number;
  /** Buffers made available and not yet reclaimed. */
  inFlight: number;
  broken: PackedErrorInfo | null;
  /** desc_extra[].next: the free id list. */
  extraNext: Uint16Array;
  // desc_state, per buffer id
  idState: Uint8Array;
  /** Ring slots the buffer took (1 for an indirect one). */
  num: Uint16Array;
  /** The last id the buffer took off the free list (the splice point when it is freed). */
  last: Uint16Array;
  token: Float64Array;
  indirectAddr: Float64Array;
  indirectCount: Uint32Array;
  readableBytes: Float64Array;
  writableBytes: Float64Array;
  /** Where the buffer's first descriptor went, for views and invariants. */
  headSlot: Uint16Array;
  headWrap: Uint8Array;
}

/** A fresh queue of `qs` slots: every id free, lap 1 on both sides, callbacks enabled. */
export function freshDriverState(qs: number): PackedDriverState {
  const extraNext = new Uint16Array(qs);
  // vring_alloc_desc_extra: 0 → 1 → … → QS-1 (the last link stays 0, never followed while num_free is right)
  for (let i = 0; i + 1 < qs; i++) extraNext[i] = i + 1;
  return {
    nextAvail: 0,
    availWrap: 1,
    availUsedFlags: availBits(1),
    freeHead: 0,
    numFree: qs,
    numAdded: 0,
    lastUsed: 0,
    usedWrap: 1,
    eventFlagsShadow: VRING_PACKED_EVENT_FLAG_ENABLE,
    inFlight: 0,
    broken: null,
    extraNext,
    idState: new Uint8Array(qs),
    num: new Uint16Array(qs),
    last: new Uint16Array(qs),
    token: new Float64Array(qs),
    indirectAddr: new Float64Array(qs),
    indirectCount: new Uint32Array(qs),
    readableBytes: new Float64Array(qs),
    writableBytes: new Float64Array(qs),
    headSlot: new Uint16Array(qs),
    headWrap: new Uint8Array(qs),
  };
}

/** desc_state for a buffer just made available under `id` (direct: `table` 0; indirect: its table). */
export function trackBuffer(
  s: PackedDriverState,
  id: number,
  num: number,
  last: number,
  token: number,
  table: number,
  tableCount: number,
  out: readonly BufferRef[],
  inb: readonly BufferRef[],
  slot: number,
  wrap: Wrap,
): void {
  let readable = 0;
  let writable = 0;
  for (const b of out) readable += b.len;
  for (const b of inb) writable += b.len;
  s.idState[id] = IdState.InFlight;
  s.num[id] = num;
  s.last[id] = last;
  s.token[id] = token;
  s.indirectAddr[id] = table;
  s.indirectCount[id] = tableCount;
  s.readableBytes[id] = readable;
  s.writableBytes[id] = writable;
  s.headSlot[id] = slot;
  s.headWrap[id] = wrap;
  s.inFlight++;
}
