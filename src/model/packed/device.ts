/**
 * The device side of a packed virtqueue, after QEMU's hw/virtio/virtio.c: virtqueue_packed_pop (its own avail
 * position and wrap counter, flags read first), virtqueue_packed_fill / virtqueue_packed_flush (used descriptors
 * written at its own used position and wrap counter, one per buffer, the batch's first flags last, then the
 * position skips the buffer's slot count), virtio_packed_should_notify / vring_packed_need_event (the interrupt
 * decision from the driver event area) and virtio_queue_packed_set_notification (the device event area).
 * Completion may be in any order. Once an error breaks the queue it refuses all further work (QEMU: NEEDS_RESET).
 *
 * One departure from QEMU, on purpose: QEMU's virtqueue_packed_fill_desc places batch element k at
 * used_idx + k, which agrees with the spec only while every buffer in a multi-element flush took one slot. The
 * spec says the device skips each buffer's slot count, so element k goes at used_idx + (slots of elements 0..k-1).
 */
import type { GuestMemory } from '../memory/guest-memory';
import {
  PACKED_DESC_FLAGS,
  PACKED_DESC_SIZE,
  VRING_PACKED_EVENT_FLAG_DESC,
  VRING_PACKED_EVENT_FLAG_DISABLE,
  VRING_PACKED_EVENT_FLAG_ENABLE,
  type PackedFeatures,
} from './constants';
import { breakWith, refuseIfBroken } from './broken';
import { walkPackedChain, type PackedChain } from './chain';
import {
  bufferIdInUse,
  bufferIdOutOfRange,
  lenExceedsWritable,
  notHeld,
  queueSizeExceeded,
  usedInCurrentLap,
} from './device-errors';
import type {
  PackedFillResult,
  PackedFlushResult,
  PackedInterruptDecision,
  PackedPopResult,
  PackedUsedWrite,
} from './device-results';
import { HeldState, freshDeviceState, type PackedDeviceState } from './device-state';
import type { PackedErrorInfo } from './errors';
import { checkLayoutInMemory, packed, readEventArea, type PackedLayout } from './layout';
import { advance, advanceAny, encodeOffWrap, isAvail, isUsed, packedNeedEvent, usedBits, type Wrap } from './wrap';

export type {
  PackedFillResult,
  PackedFlushResult,
  PackedInterruptDecision,
  PackedPopResult,
  PackedUsedWrite,
} from './device-results';
export { HeldState, type PackedDeviceState } from './device-state';

export class PackedDevice {
  readonly qs: number;
  s: PackedDeviceState;

  constructor(
    readonly mem: GuestMemory,
    readonly layout: PackedLayout,
    readonly features: PackedFeatures,
  ) {
    checkLayoutInMemory(mem, layout);
    const qs = layout.queueSize;
    this.qs = qs;
    this.s = freshDeviceState(qs);
  }

  /** The device's part of a fresh ring: its event area zeroed (ENABLE: kick me for everything). */
  init(): void {
    this.mem.writeU16(packed.deviceOffWrap(this.layout), 0);
    this.mem.writeU16(packed.deviceFlags(this.layout), VRING_PACKED_EVENT_FLAG_ENABLE);
  }

  private flagsAt(slot: number): number {
    return this.mem.readU16(this.layout.desc + PACKED_DESC_SIZE * slot + PACKED_DESC_FLAGS);
  }

  /** virtio_queue_packed_empty: is the slot at the avail position not available for the avail wrap counter? */
  isEmpty(): boolean {
    if (this.s.broken) return true;
    return !isAvail(this.flagsAt(this.s.lastAvail), this.s.lastAvailWrap);
  }

  /**
   * Take the next available buffer (virtqueue_packed_pop), or null when the slot at the avail position is not
   * available for the current lap. The position then moves on by the buffer's slot count.
   */
  pop(): PackedPopResult | null {
    refuseIfBroken(this.s, 'device');
    const s = this.s;
    try {
      const slot = s.lastAvail;
      const wrap = s.lastAvailWrap;
      const flags = this.flagsAt(slot);
      if (!isAvail(flags, wrap)) {
        // Used descriptors of this lap are written only behind the avail position, never at it
        if (isUsed(flags, wrap)) throw usedInCurrentLap(slot, flags, wrap);
        return null;
      }
      if (s.inUse >= this.qs) throw queueSizeExceeded({ inUse: s.inUse });
      const chain = walkPackedChain(this.mem, this.layout, slot, wrap, this.features.indirect);
      const id = chain.id;
      if (id >= this.qs) throw bufferIdOutOfRange(id, slot, this.qs);
      if (s.held[id] !== HeldState.Free) throw bufferIdInUse(id, slot);
      if (s.inUse + chain.ndescs > this.qs) {
        // a rewritten ring can offer a list over slots the device still holds; QEMU checks only before the walk
        throw queueSizeExceeded({ inUse: s.inUse, ndescs: chain.ndescs });
      }
      const next = advance(slot, wrap, chain.ndescs, this.qs);
      s.lastAvail = next.pos;
      s.lastAvailWrap = next.wrap;
      s.shadowAvail = next.pos;
      s.shadowAvailWrap = next.wrap;
      s.inUse += chain.ndescs;
      s.held[id] = HeldState.Held;
      s.heldWritable[id] = chain.writableBytes;
      s.heldNdescs[id] = chain.ndescs;
      return {
        chain,
        slot,
        wrap,
        lastAvail: { from: slot, to: next.pos },
        availWrap: { from: wrap, to: next.wrap },
      };
    } catch (e) {
      throw breakWith(s, e, 'device');
    }
  }

  /** Where the next filled buffer's used descriptor goes: past the slots of those already pending. */
  private pendingEnd(): { pos: number; wrap: Wrap } {
    let n = 0;
    for (const d of this.s.pendingNdescs) n += d;
    return advanceAny(this.s.usedIdx, this.s.usedWrap, n, this.qs);
  }

  /**
   * Record a completed buffer (virtqueue_packed_fill): nothing is written until flush(). `unchecked` lets a
   * hostile-device scenario complete an id it does not hold or report a length the buffer cannot take.
   */
  fill(id: number, len: number, unchecked = false): PackedFillResult {
    refuseIfBroken(this.s, 'device');
    const s = this.s;
    const known = Number.isInteger(id) && id >= 0 && id < this.qs && s.held[id] === HeldState.Held;
    if (!unchecked) {
      if (!known) throw notHeld(id);
      if (!(len >= 0) || len > s.heldWritable[id]) throw lenExceedsWritable(id, len, s.heldWritable[id]);
    }
    const at = this.pendingEnd();
    s.pendingId.push(id & 0xffff);
    s.pendingLen.push(len >>> 0);
    s.pendingNdescs.push(known ? s.heldNdescs[id] : 1);
    if (known) s.held[id] = HeldState.Filled;
    return { id, len, slot: at.pos, wrap: at.wrap };
  }

  /** Buffer ids filled and not yet flushed, in fill order. */
  pendingIds(): number[] {
    return [...this.s.pendingId];
  }

  /**
   * Write the filled buffers' used descriptors (virtqueue_packed_flush): id and len, then flags = AVAIL = USED =
   * the used wrap counter of that slot; every element after the first without ordering, the first one last with
   * a write barrier before its flags, so the driver sees the whole batch at once. The used position then moves on
   * by the slots of all of them.
   */
  flush(): PackedFlushResult {
    refuseIfBroken(this.s, 'device');
    const s = this.s;
    const count = s.pendingId.length;
    const fromIdx = s.usedIdx;
    const fromWrap = s.usedWrap;
    const places: { pos: number; wrap: Wrap }[] = [];
    let pos = s.usedIdx;
    let wrap = s.usedWrap;
    let total = 0;
    for (let k = 0; k < count; k++) {
      places.push({ pos, wrap });
      const n = s.pendingNdescs[k];
      total += n;
      ({ pos, wrap } = advanceAny(pos, wrap, n, this.qs));
    }
    const written: PackedUsedWrite[] = [];
    const order = count > 0 ? [...Array.from({ length: count - 1 }, (_, k) => k + 1), 0] : [];
    for (const k of order) {
      const at = places[k];
      const flags = usedBits(at.wrap);
      this.mem.writeU16(packed.descId(this.layout, at.pos), s.pendingId[k]);
      this.mem.writeU32(packed.descLen(this.layout, at.pos), s.pendingLen[k]);
      this.mem.writeU16(packed.descFlags(this.layout, at.pos), flags);
      written.push({
        id: s.pendingId[k],
        len: s.pendingLen[k],
        slot: at.pos,
        wrap: at.wrap,
        ndescs: s.pendingNdescs[k],
        flags,
      });
    }
    for (let k = 0; k < count; k++) {
      const id = s.pendingId[k];
      if (id < this.qs && s.held[id] === HeldState.Filled) {
        s.held[id] = HeldState.Free;
        s.heldWritable[id] = 0;
        s.inUse -= s.heldNdescs[id];
        s.heldNdescs[id] = 0;
      }
    }
    s.pendingId = [];
    s.pendingLen = [];
    s.pendingNdescs = [];
    const next = advanceAny(s.usedIdx, s.usedWrap, total, this.qs);
    if (s.usedIdx + total >= this.qs) {
      // QEMU 8.0 virtqueue_packed_flush: after a wrap the last signalled index belongs to the other lap
      s.signalledUsedValid = false;
    }
    s.usedIdx = next.pos;
    s.usedWrap = next.wrap;
    return { written, usedIdx: { from: fromIdx, to: s.usedIdx }, usedWrap: { from: fromWrap, to: s.usedWrap } };
  }

  /**
   * Should the driver be interrupted for what was flushed since the last decision (virtio_packed_should_notify)?
   * DISABLE: no; ENABLE: yes; DESC: when the driver's event offset lies in the used slots just written, moved
   * back a lap first when its wrap counter is not the device's; and always the first time after a wrap.
   */
  shouldInterrupt(): PackedInterruptDecision {
    refuseIfBroken(this.s, 'device');
    const s = this.s;
    const { flags, offWrap } = readEventArea(this.mem, this.layout.driverEvent);
    const oldIdx = s.signalledUsed;
    const newIdx = s.usedIdx;
    s.signalledUsed = newIdx;
    const valid = s.signalledUsedValid;
    s.signalledUsedValid = true;
    let interrupt: boolean;
    if (flags === VRING_PACKED_EVENT_FLAG_DISABLE) interrupt = false;
    else if (flags === VRING_PACKED_EVENT_FLAG_ENABLE) interrupt = true;
    else interrupt = !valid || packedNeedEvent(offWrap, s.usedWrap, newIdx, oldIdx, this.qs);
    return { interrupt, flags, offWrap, oldIdx, newIdx, usedWrap: s.usedWrap, signalledValid: valid };
  }

  /**
   * Ask for kicks or not (virtio_queue_packed_set_notification): off → DISABLE; on with EVENT_IDX → off_wrap =
   * the position the device reads next, then (write barrier) DESC; on without it → ENABLE.
   */
  setNotification(enable: boolean): { flags: number; offWrap: number | null } {
    refuseIfBroken(this.s, 'device');
    const s = this.s;
    s.notification = enable;
    let flags: number;
    let offWrap: number | null = null;
    if (!enable) flags = VRING_PACKED_EVENT_FLAG_DISABLE;
    else if (this.features.eventIdx) {
      offWrap = encodeOffWrap(s.shadowAvail, s.shadowAvailWrap);
      this.mem.writeU16(packed.deviceOffWrap(this.layout), offWrap);
      flags = VRING_PACKED_EVENT_FLAG_DESC;
    } else flags = VRING_PACKED_EVENT_FLAG_ENABLE;
    this.mem.writeU16(packed.deviceFlags(this.layout), flags);
    return { flags, offWrap };
  }

  /** Ids the device holds (popped, not yet flushed), ascending. */
  heldIds(): number[] {
    const out: number[] = [];
    for (let id = 0; id < this.qs; id++) if (this.s.held[id] === HeldState.Held) out.push(id);
    return out;
  }

  /** Write `data` into the buffer's device-writable elements, in order; returns bytes written. */
  writeToChain(chain: PackedChain, data: Uint8Array): number {
    let off = 0;
    for (const b of chain.writable) {
      if (off >= data.length) break;
      const n = Math.min(b.len, data.length - off);
      this.mem.writeBytes(b.addr, data.subarray(off, off + n));
      off += n;
    }
    return off;
  }

  /** Everything the buffer's device-readable elements hold, concatenated. */
  readFromChain(chain: PackedChain): Uint8Array {
    const out = new Uint8Array(chain.readableBytes);
    let off = 0;
    for (const b of chain.readable) {
      out.set(this.mem.readBytes(b.addr, b.len), off);
      off += b.len;
    }
    return out;
  }

  markBroken(info: PackedErrorInfo): void {
    if (!this.s.broken) this.s.broken = info;
  }

  save(): PackedDeviceState {
    return structuredClone(this.s);
  }
  restore(state: PackedDeviceState): void {
    this.s = structuredClone(state);
  }
}
