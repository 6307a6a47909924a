/**
 * The device side of a split virtqueue, after QEMU's hw/virtio/virtio.c and
 * libvhost-user: pop available heads (validating everything a hostile driver could put
 * there), hold chains while working on them, fill used entries in any order, flush them
 * with one used.idx update, and decide whether to interrupt (used_event / NO_INTERRUPT).
 * Once an error breaks the queue it refuses all further work (QEMU: NEEDS_RESET).
 */
import type { GuestMemory } from '../memory/guest-memory';
import { ChainWalk, walkChainInto, type DescriptorChain } from './chain';
import { VRING_AVAIL_F_NO_INTERRUPT, VRING_USED_F_NO_NOTIFY, needEvent, type RingFeatures } from './constants';
import { RingError, type RingErrorInfo } from './errors';
import { breakWith, refuseIfBroken } from './broken';
import { ringAddresses, type RingAddresses, type SplitLayout } from './layout';

export interface DeviceState {
  lastAvail: number;
  /** used.idx as last published. */
  usedIdx: number;
  /** Used entries filled but not yet flushed: how many, and their heads in fill order. */
  pendingCount: number;
  pendingHeads: Float64Array;
  /** used.idx at the last interrupt decision (QEMU signalled_used). */
  signalledUsed: number;
  signalledUsedValid: boolean;
  /** Chains popped and not yet flushed. */
  inUse: number;
  /** Per head: how many times it is held (more than 1 only with a buggy driver). */
  held: Uint8Array;
  /** Per head: device-writable bytes of the held chain. */
  heldWritable: Float64Array;
  notificationsEnabled: boolean;
  broken: RingErrorInfo | null;
}

export interface PopResult {
  chain: DescriptorChain;
  availSlot: number;
  lastAvail: { from: number; to: number };
  /** avail_event written after the pop (EVENT_IDX). */
  availEvent: number | null;
}

export interface InterruptDecision {
  interrupt: boolean;
  oldIdx: number;
  newIdx: number;
  /** used_event read from the available ring (EVENT_IDX). */
  usedEvent: number | null;
  /** avail.flags NO_INTERRUPT (no EVENT_IDX). */
  noInterrupt: boolean | null;
}

/**
 * Each operation comes twice: a lean one that returns a number or a boolean and allocates
 * nothing (popHead, fillUsed, flushUsed, needsInterrupt: what a device loop and the
 * benchmarks call), and one that also explains itself as an object (pop, fill, flush,
 * shouldInterrupt: what the simulator logs). The explaining ones call the lean ones, so
 * both do exactly the same work on the ring.
 */
export class VirtqueueDevice {
  readonly qs: number;
  s: DeviceState;
  /** The chain the last popHead() walked; valid until the next pop. */
  readonly walk: ChainWalk;
  /** Inputs of the last interrupt decision (for shouldInterrupt's explanation). */
  private decidedOld = 0;
  private decidedEvent = 0;
  private decidedNoInterrupt = false;
  /** Ring field addresses (the hot paths use them on every call). */
  private readonly ringAt: RingAddresses;

  constructor(
    readonly mem: GuestMemory,
    readonly layout: SplitLayout,
    readonly features: RingFeatures,
  ) {
    this.qs = layout.queueSize;
    this.walk = new ChainWalk(this.qs + 1);
    this.ringAt = ringAddresses(layout);
    this.s = {
      lastAvail: 0,
      usedIdx: 0,
      pendingCount: 0,
      pendingHeads: new Float64Array(this.qs),
      signalledUsed: 0,
      signalledUsedValid: false,
      inUse: 0,
      held: new Uint8Array(this.qs),
      heldWritable: new Float64Array(this.qs),
      notificationsEnabled: true,
      broken: null,
    };
  }

  /** The device's part of a fresh ring: used flags and idx (= base), avail_event. */
  init(base = 0): void {
    this.s.lastAvail = base & 0xffff;
    this.s.usedIdx = base & 0xffff;
    // Nothing has been signalled yet: the first interrupt decision compares against the start,
    // not against 0 (which a ring started near the wrap reaches again after a few entries).
    this.s.signalledUsed = base & 0xffff;
    this.mem.writeU16(this.ringAt.usedFlags, 0);
    this.mem.publishU16(this.ringAt.usedIdx, this.s.usedIdx);
    if (this.features.eventIdx) this.mem.writeU16(this.ringAt.availEvent, this.s.lastAvail);
  }

  /** avail.idx as the driver published it. */
  availIdx(): number {
    return this.mem.acquireU16(this.ringAt.availIdx);
  }

  /** How many heads wait in the available ring (QEMU virtqueue_num_heads, with its check). */
  available(): number {
    refuseIfBroken(this.s, 'device');
    try {
      return this.waiting();
    } catch (e) {
      throw breakWith(this.s, e);
    }
  }

  /** avail.idx − last_avail, refused when the driver claims more than a queue's worth. The callers break the queue. */
  private waiting(): number {
    const idx = this.availIdx();
    const n = (idx - this.s.lastAvail) & 0xffff;
    if (n > this.qs) throw availIndexTooFar(this.s.lastAvail, idx, this.qs);
    return n;
  }

  /**
   * Take the next available chain into `this.walk` and return its head, or -1 when the
   * ring is empty (QEMU virtqueue_pop).
   */
  popHead(): number {
    const s = this.s;
    refuseIfBroken(s, 'device');
    try {
      // one try for the count and the pop (popHead runs once more than there are chains)
      if (this.waiting() === 0) return -1;
      if (s.inUse >= this.qs) throw new RingError('QueueSizeExceeded', 'Virtqueue size exceeded', { inUse: s.inUse });
      const head = this.mem.readU16(this.ringAt.availRing + 2 * (s.lastAvail & (this.qs - 1)));
      if (head >= this.qs)
        throw new RingError('HeadOutOfRange', `Guest says index ${head} is available`, { head, queueSize: this.qs });
      walkChainInto(this.mem, this.layout, head, this.features.indirect, this.walk);
      s.lastAvail = (s.lastAvail + 1) & 0xffff;
      s.inUse++;
      s.held[head]++;
      s.heldWritable[head] = this.walk.writableBytes;
      // QEMU publishes avail_event = last_avail after each pop while notifications are on:
      // "kick me when you add the entry after the ones I have taken".
      if (this.features.eventIdx && s.notificationsEnabled) this.mem.writeU16(this.ringAt.availEvent, s.lastAvail);
      return head;
    } catch (e) {
      throw breakWith(s, e);
    }
  }

  /** Take the next available chain, or null when the ring is empty; explained. */
  pop(): PopResult | null {
    if (this.popHead() < 0) return null;
    const s = this.s;
    const from = (s.lastAvail - 1) & 0xffff;
    const availEvent = this.features.eventIdx && s.notificationsEnabled ? s.lastAvail : null;
    return {
      chain: this.walk.toChain(),
      availSlot: from & (this.qs - 1),
      lastAvail: { from, to: s.lastAvail },
      availEvent,
    };
  }

  /**
   * Record a completed chain (QEMU virtqueue_fill): its used entry is written at
   * used.idx + (entries already pending), but not visible until flush(). Returns the
   * used-ring slot. `unchecked` lets a hostile-device scenario report a length the chain
   * cannot hold.
   */
  fillUsed(head: number, len: number, unchecked = false): number {
    refuseIfBroken(this.s, 'device');
    const s = this.s;
    if (!unchecked) {
      if (!(head >= 0 && head < this.qs) || s.held[head] === 0) {
        throw new RingError('NotInUse', `chain ${head} is not held by the device`, { head });
      }
      if (len > s.heldWritable[head]) {
        throw new RingError(
          'NotInUse',
          `used length ${len} exceeds the chain's ${s.heldWritable[head]} writable bytes`,
          { head, len },
        );
      }
    }
    const usedSlot = (s.usedIdx + s.pendingCount) & (this.qs - 1);
    this.mem.writeUsedElem(this.ringAt.usedElem + 8 * usedSlot, head, len);
    if (s.pendingCount === s.pendingHeads.length) {
      // only a hostile (unchecked) device fills more entries than the queue holds
      const grown = new Float64Array(s.pendingHeads.length * 2);
      grown.set(s.pendingHeads);
      s.pendingHeads = grown;
    }
    s.pendingHeads[s.pendingCount++] = head;
    if (head >= 0 && head < this.qs && s.held[head] > 0) s.held[head]--;
    return usedSlot;
  }

  fill(head: number, len: number, unchecked = false): { usedSlot: number } {
    return { usedSlot: this.fillUsed(head, len, unchecked) };
  }

  /** Heads filled but not yet flushed, in fill order. */
  pendingHeads(): number[] {
    return Array.from(this.s.pendingHeads.subarray(0, this.s.pendingCount));
  }

  /** Publish every filled entry with one used.idx store (QEMU virtqueue_flush); returns how many. */
  flushUsed(): number {
    refuseIfBroken(this.s, 'device');
    const s = this.s;
    const count = s.pendingCount;
    s.usedIdx = (s.usedIdx + count) & 0xffff;
    s.inUse -= count;
    s.pendingCount = 0;
    if (count > 0) this.mem.publishU16(this.ringAt.usedIdx, s.usedIdx);
    return count;
  }

  flush(): { count: number; usedIdx: { from: number; to: number } } {
    const from = this.s.usedIdx;
    const count = this.flushUsed();
    return { count, usedIdx: { from, to: this.s.usedIdx } };
  }

  /**
   * Should the driver be interrupted for what was flushed since the last decision?
   * (QEMU virtio_split_should_notify.)
   */
  needsInterrupt(): boolean {
    refuseIfBroken(this.s, 'device');
    const s = this.s;
    const newIdx = s.usedIdx;
    const oldIdx = s.signalledUsed;
    this.decidedOld = oldIdx;
    s.signalledUsed = newIdx;
    if (!this.features.eventIdx) {
      const noInterrupt = (this.mem.readU16(this.ringAt.availFlags) & VRING_AVAIL_F_NO_INTERRUPT) !== 0;
      this.decidedNoInterrupt = noInterrupt;
      return !noInterrupt && oldIdx !== newIdx;
    }
    const valid = s.signalledUsedValid;
    s.signalledUsedValid = true;
    const usedEvent = this.mem.readU16(this.ringAt.usedEvent);
    this.decidedEvent = usedEvent;
    return !valid || needEvent(usedEvent, newIdx, oldIdx);
  }

  shouldInterrupt(): InterruptDecision {
    const interrupt = this.needsInterrupt();
    const newIdx = this.s.usedIdx;
    if (!this.features.eventIdx)
      return { interrupt, oldIdx: this.decidedOld, newIdx, usedEvent: null, noInterrupt: this.decidedNoInterrupt };
    return { interrupt, oldIdx: this.decidedOld, newIdx, usedEvent: this.decidedEvent, noInterrupt: null };
  }

  /**
   * Turn kick notifications on or off (QEMU virtio_queue_set_notification): with EVENT_IDX
   * "on" means avail_event = the current avail.idx, "off" leaves avail_event where it is;
   * without it, the NO_NOTIFY flag in used.flags.
   */
  setNotification(enable: boolean): { availEvent: number | null; usedFlags: number | null } {
    refuseIfBroken(this.s, 'device');
    const s = this.s;
    s.notificationsEnabled = enable;
    if (this.features.eventIdx) {
      if (!enable) return { availEvent: null, usedFlags: null };
      const ev = this.availIdx();
      this.mem.writeU16(this.ringAt.availEvent, ev);
      return { availEvent: ev, usedFlags: null };
    }
    const at = this.ringAt.usedFlags;
    const flags = enable
      ? this.mem.readU16(at) & ~VRING_USED_F_NO_NOTIFY
      : this.mem.readU16(at) | VRING_USED_F_NO_NOTIFY;
    this.mem.writeU16(at, flags);
    return { availEvent: null, usedFlags: flags };
  }

  /** Write `data` into the chain's device-writable buffers, in order; returns bytes written. */
  writeToChain(chain: DescriptorChain, data: Uint8Array): number {
    let off = 0;
    for (const b of chain.writable) {
      if (off >= data.length) break;
      const n = Math.min(b.len, data.length - off);
      this.mem.writeBytes(b.addr, data.subarray(off, off + n));
      off += n;
    }
    return off;
  }

  /** Everything the chain's device-readable buffers hold, concatenated. */
  readFromChain(chain: DescriptorChain): Uint8Array {
    const out = new Uint8Array(chain.readableBytes);
    let off = 0;
    for (const b of chain.readable) {
      out.set(this.mem.readBytes(b.addr, b.len), off);
      off += b.len;
    }
    return out;
  }

  markBroken(info: RingErrorInfo): void {
    if (!this.s.broken) this.s.broken = info;
  }

  save(): DeviceState {
    return structuredClone(this.s);
  }
  restore(state: DeviceState): void {
    this.s = structuredClone(state);
  }
}

/** QEMU's words (virtqueue_num_heads) for an avail.idx more than a queue ahead of last_avail. */
function availIndexTooFar(lastAvail: number, availIdx: number, queueSize: number): RingError {
  return new RingError('AvailIndexTooFar', `Guest moved used index from ${lastAvail} to ${availIdx}`, {
    lastAvail,
    availIdx,
    queueSize,
  });
}
