/**
 * The driver side of a packed virtqueue, after the packed path of Linux's drivers/virtio/virtio_ring.c
 * (virtqueue_add_packed, virtqueue_add_indirect_packed, virtqueue_kick_prepare_packed,
 * virtqueue_get_buf_ctx_packed, detach_buf_packed and the callback functions).
 *
 * What the driver keeps privately, as Linux does:
 * - the next slot to fill and its wrap counter (`next_avail_idx`, `avail_wrap_counter`);
 * - the free buffer ids, a list threaded through `desc_extra[].next` from `free_head`. A list of n descriptors
 *   takes n ids off that list (the first is the buffer id written into the ring; Linux keeps one id per ring
 *   slot so that `num_free` counts both), and gives them back in one splice when the buffer is reclaimed;
 * - per buffer id (`desc_state`): how many ring slots it took, its last id, its token, its indirect table;
 * - the next slot to reclaim and the used wrap counter (`last_used_idx`; Linux 6.x packs the counter into its
 *   bit 15, `lastUsedWord()` gives that form);
 * - the driver event flags last written (`event_flags_shadow`).
 * It trusts only these copies, so a device that scribbles on the ring cannot make it free the wrong ids.
 */
import type { GuestAllocator } from '../memory/allocator';
import type { GuestMemory } from '../memory/guest-memory';
import type { BufferRef } from '../virtio/chain';
import {
  PACKED_DESC_SIZE,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
  VRING_PACKED_DESC_F_AVAIL,
  VRING_PACKED_DESC_F_USED,
  VRING_PACKED_EVENT_FLAG_DESC,
  VRING_PACKED_EVENT_FLAG_DISABLE,
  VRING_PACKED_EVENT_FLAG_ENABLE,
  needEvent,
  type PackedFeatures,
} from './constants';
import { breakWith, refuseIfBroken } from './broken';
import {
  chainTooLong,
  emptyBufferList,
  invalidBuffer,
  notEnoughFreeDescriptors,
  usedIdNotHead,
  usedIdOutOfRange,
  usedLenTooLarge,
} from './driver-errors';
import { addIndirect } from './driver-indirect';
import type { PackedAddResult, PackedKickDecision, PackedUsedBuffer } from './driver-results';
import {
  DEFAULT_DRIVER_OPTIONS,
  IdState,
  freshDriverState,
  trackBuffer,
  type PackedDriverOptions,
  type PackedDriverState,
} from './driver-state';
import type { PackedErrorInfo } from './errors';
import { checkLayoutInMemory, packed, writePackedDescBody, writePackedDescFlags, type PackedLayout } from './layout';
import { decodeOffWrap, encodeOffWrap, isUsed, type Wrap } from './wrap';

export type { BufferRef } from '../virtio/chain';
export type { PackedAddResult, PackedKickDecision, PackedUsedBuffer } from './driver-results';
export { DEFAULT_DRIVER_OPTIONS, IdState, type PackedDriverOptions, type PackedDriverState } from './driver-state';

export class PackedDriver {
  readonly qs: number;
  s: PackedDriverState;
  readonly options: PackedDriverOptions;

  constructor(
    readonly mem: GuestMemory,
    readonly layout: PackedLayout,
    readonly features: PackedFeatures,
    /** Where indirect tables are allocated (guest memory); null means never indirect. */
    readonly tables: GuestAllocator | null,
    options: Partial<PackedDriverOptions> = {},
  ) {
    checkLayoutInMemory(mem, layout);
    this.options = { ...DEFAULT_DRIVER_OPTIONS, ...options };
    const qs = layout.queueSize;
    this.qs = qs;
    this.s = freshDriverState(qs);
  }

  /**
   * The driver's part of a fresh ring: the descriptor ring is zero-initialised (spec: "The descriptor ring is
   * zero-initialized"), and so is the driver event area (ENABLE). Linux allocates both with __GFP_ZERO.
   */
  init(): void {
    this.mem.fill(this.layout.desc, PACKED_DESC_SIZE * this.qs, 0);
    this.mem.writeU16(packed.driverOffWrap(this.layout), 0);
    this.mem.writeU16(packed.driverFlags(this.layout), this.s.eventFlagsShadow);
  }

  private guard(): void {
    refuseIfBroken(this.s, 'driver');
  }

  private checkBuffer(b: BufferRef): void {
    if (!(b.len > 0) || !Number.isInteger(b.len) || b.len > 0xffffffff || !this.mem.contains(b.addr, b.len)) {
      throw invalidBuffer(b);
    }
  }

  /**
   * Make a buffer available (virtqueue_add_packed): `out` elements are device-readable, `inb` device-writable
   * after them. Throws NotEnoughFreeDescriptors (not fatal: the caller waits) when the ring is too full.
   */
  add(out: readonly BufferRef[], inb: readonly BufferRef[], token: number): PackedAddResult {
    this.guard();
    for (const b of out) this.checkBuffer(b);
    for (const b of inb) this.checkBuffer(b);
    const total = out.length + inb.length;
    if (total === 0) throw emptyBufferList();
    const s = this.s;
    if (this.features.indirect && this.options.indirect === 'auto' && total > 1 && s.numFree > 0 && this.tables) {
      // Linux falls back to direct descriptors when the table cannot be allocated (-ENOMEM)
      const table = total <= this.qs ? this.tables.alloc(total * PACKED_DESC_SIZE, PACKED_DESC_SIZE) : null;
      if (table !== null) return addIndirect(this, out, inb, token, table);
    }
    if (total > this.qs) throw chainTooLong(total, this.qs);
    if (s.numFree < total) throw notEnoughFreeDescriptors(total, s.numFree);
    const head = s.nextAvail;
    const fromWrap = s.availWrap;
    const id = s.freeHead;
    const slots: number[] = [];
    const ids: number[] = [];
    const flagsWritten: number[] = [];
    const ring = this.layout.desc;
    // avail_used_flags: Linux flips it the moment the loop passes the end of the ring, so descriptors after the
    // wrap already carry the next lap's bits
    let headFlags = 0;
    let i = head;
    let curr = id;
    let prev = id;
    for (let k = 0; k < total; k++) {
      const isOut = k < out.length;
      const buf = isOut ? out[k] : inb[k - out.length];
      const flags = s.availUsedFlags | (k + 1 === total ? 0 : VRING_DESC_F_NEXT) | (isOut ? 0 : VRING_DESC_F_WRITE);
      if (i === head) headFlags = flags;
      else writePackedDescFlags(this.mem, ring, i, flags);
      // Linux writes the buffer id into every descriptor of the list (the spec needs it only in the last)
      writePackedDescBody(this.mem, ring, i, buf.addr, buf.len, id);
      slots.push(i);
      ids.push(curr);
      flagsWritten.push(flags);
      prev = curr;
      curr = s.extraNext[curr];
      if (++i >= this.qs) {
        i = 0;
        s.availUsedFlags ^= VRING_PACKED_DESC_F_AVAIL | VRING_PACKED_DESC_F_USED;
      }
    }
    // The list wrapped if it ended at or before its own start: `<=` covers a list that fills the whole ring and
    // lands back on its first slot (the 2023 fix; `<` was the bug)
    const wrapped = this.options.wholeRingWrapBug ? i < head : i <= head;
    if (wrapped) s.availWrap = (s.availWrap ^ 1) as Wrap;
    s.numFree -= total;
    s.nextAvail = i;
    s.freeHead = curr;
    trackBuffer(s, id, total, prev, token, 0, 0, out, inb, head, fromWrap);
    // The first descriptor's flags last: until this store the device sees none of the list
    writePackedDescFlags(this.mem, ring, head, headFlags);
    s.numAdded += total;
    return {
      id,
      slot: head,
      wrap: fromWrap,
      slots,
      ids,
      flags: flagsWritten,
      indirect: null,
      outCount: out.length,
      inCount: inb.length,
      nextAvail: { from: head, to: s.nextAvail },
      availWrap: { from: fromWrap, to: s.availWrap },
    };
  }

  /**
   * virtqueue_kick_prepare_packed: should the device be told about what was added since the last decision?
   * DISABLE: no; ENABLE: yes; DESC: only if the device's event offset lies in the slots just made available,
   * with the offset first moved back a lap when its wrap counter is not the driver's.
   */
  kickPrepare(): PackedKickDecision {
    this.guard();
    const s = this.s;
    const newIdx = s.nextAvail;
    const oldIdx = (s.nextAvail - s.numAdded) & 0xffff;
    s.numAdded = 0;
    // Linux reads off_wrap and flags as one 32-bit snapshot
    const offWrap = this.mem.readU16(packed.deviceOffWrap(this.layout));
    const flags = this.mem.readU16(packed.deviceFlags(this.layout));
    if (flags !== VRING_PACKED_EVENT_FLAG_DESC) {
      return {
        kick: flags !== VRING_PACKED_EVENT_FLAG_DISABLE,
        oldIdx,
        newIdx,
        flags,
        offWrap: null,
        eventIdx: null,
        availWrap: s.availWrap,
      };
    }
    const { off, wrap } = decodeOffWrap(offWrap);
    const eventIdx = wrap !== s.availWrap ? (off - this.qs) & 0xffff : off;
    return {
      kick: needEvent(eventIdx, newIdx, oldIdx),
      oldIdx,
      newIdx,
      flags,
      offWrap,
      eventIdx,
      availWrap: s.availWrap,
    };
  }

  /** Linux's last_used_idx with the used wrap counter in bit 15 (what enable_cb_prepare returns). */
  lastUsedWord(): number {
    return encodeOffWrap(this.s.lastUsed, this.s.usedWrap);
  }

  /** more_used_packed: is the slot at last_used marked used for the current used wrap counter? */
  moreUsed(): boolean {
    if (this.s.broken) return false;
    return isUsed(this.mem.readU16(packed.descFlags(this.layout, this.s.lastUsed)), this.s.usedWrap);
  }

  /**
   * Take the next used buffer (virtqueue_get_buf_ctx_packed) with Linux's checks and the ones it lacks, or null
   * when the slot at last_used is not used yet. Its ids go back on the free list and last_used skips as many
   * slots as the buffer took.
   */
  getUsed(): PackedUsedBuffer | null {
    this.guard();
    const s = this.s;
    try {
      const slot = s.lastUsed;
      const flags = this.mem.readU16(packed.descFlags(this.layout, slot));
      // Not used yet. Any other bits are legitimate here, including AVAIL = inverse of the used wrap counter and
      // USED = the counter (available for the other lap): with out-of-order completion of lists the device's used
      // descriptors skip slots, so the slot at last_used can still hold what the driver wrote there a lap ago.
      if (!isUsed(flags, s.usedWrap)) return null;
      // read barrier: id and len only after the flags said the descriptor is used
      const id = this.mem.readU16(packed.descId(this.layout, slot));
      const len = this.mem.readU32(packed.descLen(this.layout, slot));
      if (id >= this.qs) throw usedIdOutOfRange(id, slot, this.qs);
      if (s.idState[id] !== IdState.InFlight) throw usedIdNotHead(id, slot);
      if (len > s.writableBytes[id]) throw usedLenTooLarge(id, len, s.writableBytes[id]);
      const token = s.token[id];
      const count = s.num[id];
      const indirect = s.indirectAddr[id] !== 0;
      const ids = this.idsOf(id);
      this.detach(id);
      const fromWrap = s.usedWrap;
      let last = s.lastUsed + count;
      if (last >= this.qs) {
        last -= this.qs;
        s.usedWrap = (s.usedWrap ^ 1) as Wrap;
      }
      s.lastUsed = last;
      let offWrap: number | null = null;
      // Expecting an interrupt for the next entry: say where (virtio_store_mb, a full barrier)
      if (s.eventFlagsShadow === VRING_PACKED_EVENT_FLAG_DESC) {
        offWrap = this.lastUsedWord();
        this.mem.writeU16(packed.driverOffWrap(this.layout), offWrap);
      }
      return {
        id,
        len,
        token,
        slot,
        wrap: fromWrap,
        count,
        ids,
        indirect,
        lastUsed: { from: slot, to: s.lastUsed },
        usedWrap: { from: fromWrap, to: s.usedWrap },
        offWrap,
      };
    } catch (e) {
      throw breakWith(s, e, 'driver');
    }
  }

  /** The ids a buffer took, from its id along desc_extra[].next (private state only). */
  idsOf(id: number): number[] {
    const s = this.s;
    const out: number[] = [];
    let i = id;
    for (let k = 0; k < s.num[id]; k++) {
      out.push(i);
      i = s.extraNext[i];
    }
    return out;
  }

  /** detach_buf_packed: splice the buffer's ids back in front of the free list and free its table. */
  private detach(id: number): void {
    const s = this.s;
    s.extraNext[s.last[id]] = s.freeHead;
    s.freeHead = id;
    s.numFree += s.num[id];
    s.idState[id] = IdState.Free;
    s.inFlight--;
    s.token[id] = 0;
    if (s.indirectAddr[id] !== 0) {
      this.tables?.release(s.indirectAddr[id]);
      s.indirectAddr[id] = 0;
      s.indirectCount[id] = 0;
    }
    s.readableBytes[id] = 0;
    s.writableBytes[id] = 0;
  }

  /** virtqueue_disable_cb_packed: flags DISABLE, written only when they change. */
  disableCallbacks(): void {
    const s = this.s;
    if (s.eventFlagsShadow !== VRING_PACKED_EVENT_FLAG_DISABLE) {
      s.eventFlagsShadow = VRING_PACKED_EVENT_FLAG_DISABLE;
      this.mem.writeU16(packed.driverFlags(this.layout), s.eventFlagsShadow);
    }
  }

  /**
   * virtqueue_enable_cb_prepare_packed + virtqueue_poll_packed: with EVENT_IDX first off_wrap = last_used (so the
   * next used descriptor interrupts), then the flags (DESC, or ENABLE without EVENT_IDX). Returns false when a used
   * descriptor is already waiting: the caller must poll again or it would sleep through it.
   */
  enableCallbacks(): boolean {
    if (this.features.eventIdx) this.mem.writeU16(packed.driverOffWrap(this.layout), this.lastUsedWord());
    this.raiseFlagsFromDisable();
    return !this.moreUsed();
  }

  /**
   * virtqueue_enable_cb_delayed_packed: interrupt only after about 3/4 of the slots in flight are used (with
   * EVENT_IDX). Returns false if a used descriptor is already waiting.
   */
  enableCallbacksDelayed(): boolean {
    const s = this.s;
    if (this.features.eventIdx) {
      const bufs = Math.floor(((this.qs - s.numFree) * 3) / 4) & 0xffff;
      let at = s.lastUsed + bufs;
      let wrap = s.usedWrap;
      if (at >= this.qs) {
        at -= this.qs;
        wrap = (wrap ^ 1) as Wrap;
      }
      this.mem.writeU16(packed.driverOffWrap(this.layout), encodeOffWrap(at, wrap));
    }
    this.raiseFlagsFromDisable();
    return !this.moreUsed();
  }

  private raiseFlagsFromDisable(): void {
    const s = this.s;
    if (s.eventFlagsShadow === VRING_PACKED_EVENT_FLAG_DISABLE) {
      s.eventFlagsShadow = this.features.eventIdx ? VRING_PACKED_EVENT_FLAG_DESC : VRING_PACKED_EVENT_FLAG_ENABLE;
      this.mem.writeU16(packed.driverFlags(this.layout), s.eventFlagsShadow);
    }
  }

  get callbacksEnabled(): boolean {
    return this.s.eventFlagsShadow !== VRING_PACKED_EVENT_FLAG_DISABLE;
  }

  /** Free ids in list order from free_head (for views and invariants). */
  freeIds(): number[] {
    const s = this.s;
    const out: number[] = [];
    let i = s.freeHead;
    for (let k = 0; k < s.numFree; k++) {
      out.push(i);
      i = s.extraNext[i];
    }
    return out;
  }

  /** Buffer ids in flight, ascending. */
  inFlightIds(): number[] {
    const out: number[] = [];
    for (let id = 0; id < this.qs; id++) if (this.s.idState[id] === IdState.InFlight) out.push(id);
    return out;
  }

  markBroken(info: PackedErrorInfo): void {
    if (!this.s.broken) this.s.broken = info;
  }

  save(): PackedDriverState {
    return structuredClone(this.s);
  }
  restore(state: PackedDriverState): void {
    this.s = structuredClone(state);
  }
}
