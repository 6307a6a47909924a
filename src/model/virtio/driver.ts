/**
 * The driver side of a split virtqueue, after Linux's drivers/virtio/virtio_ring.c:
 * a free list threaded through private `next` links (desc_extra), chains of
 * device-readable then device-writable buffers, indirect tables, free-running u16
 * indices, the kick decision with EVENT_IDX or NO_NOTIFY, reclaim of used chains with
 * the checks Linux makes (and the ones it should), and callback control.
 *
 * The driver trusts only its private copies (like Linux's desc_extra), so a device that
 * scribbles on the descriptor table cannot make it free the wrong descriptors.
 */
import type { GuestAllocator } from '../memory/allocator';
import type { GuestMemory } from '../memory/guest-memory';
import { writeDesc, type BufferRef } from './chain';
import {
  DESC_SIZE,
  MAX_CHAIN_BYTES,
  VRING_AVAIL_F_NO_INTERRUPT,
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
  VRING_USED_F_NO_NOTIFY,
  needEvent,
  type RingFeatures,
} from './constants';
import { RingError, type RingErrorInfo } from './errors';
import { breakWith, refuseIfBroken } from './broken';
import { ringAddresses, type RingAddresses, type SplitLayout } from './layout';

/** What a head is to the driver. */
export const HeadState = { Free: 0, InFlight: 1, Held: 2 } as const;

export interface DriverOptions {
  /** Split buffers larger than this across descriptors (nebula splits at the page size). 0 = never. */
  segmentSize: number;
  /** Use an indirect table when negotiated ('auto' = Linux's rule: more than one buffer and a table allocates). */
  indirect: 'auto' | 'never';
}

export interface DriverState {
  freeHead: number;
  numFree: number;
  availIdxShadow: number;
  /** Chains published since the last kick decision. */
  numAdded: number;
  lastUsed: number;
  availFlagsShadow: number;
  /** Chains published and not yet reclaimed. */
  inFlight: number;
  /** Reclaimed chains kept for recycling (nebula RX), not on the free list. */
  held: number;
  broken: RingErrorInfo | null;
  // desc_extra: the driver's private copy of each descriptor
  extraAddr: Float64Array;
  extraLen: Uint32Array;
  extraFlags: Uint16Array;
  extraNext: Uint16Array;
  // per head
  headState: Uint8Array;
  token: Float64Array;
  chainLen: Uint16Array;
  indirectAddr: Float64Array;
  indirectCount: Uint32Array;
  writableBytes: Float64Array;
  readableBytes: Float64Array;
}

export interface AddResult {
  head: number;
  /** Descriptor indices used in the queue's table, in chain order. */
  descriptors: number[];
  /** Set when the chain went into an indirect table. */
  indirect: { addr: number; count: number } | null;
  outCount: number;
  inCount: number;
  availIdx: { from: number; to: number };
  slot: number;
  /** Linux kicks unconditionally after 65535 adds without one. */
  mustKick: boolean;
}

export interface KickDecision {
  kick: boolean;
  oldIdx: number;
  newIdx: number;
  /** avail_event read from the used ring (EVENT_IDX) — the device's "kick me when you pass this". */
  availEvent: number | null;
  /** used.flags NO_NOTIFY, when EVENT_IDX is off. */
  noNotify: boolean | null;
}

export interface UsedChain {
  head: number;
  len: number;
  token: number;
  descriptors: number[];
  indirect: boolean;
  usedSlot: number;
  lastUsed: { from: number; to: number };
}

export class VirtqueueDriver {
  readonly qs: number;
  s: DriverState;
  /** Ring field addresses (the hot paths use them on every call). */
  private readonly ringAt: RingAddresses;

  constructor(
    readonly mem: GuestMemory,
    readonly layout: SplitLayout,
    readonly features: RingFeatures,
    /** Where indirect tables are allocated (guest memory). */
    readonly tables: GuestAllocator | null,
    readonly options: DriverOptions = { segmentSize: 0, indirect: 'auto' },
  ) {
    const qs = layout.queueSize;
    this.qs = qs;
    this.ringAt = ringAddresses(layout);
    const extraNext = new Uint16Array(qs);
    for (let i = 0; i < qs; i++) extraNext[i] = (i + 1) & 0xffff;
    this.s = {
      freeHead: 0,
      numFree: qs,
      availIdxShadow: 0,
      numAdded: 0,
      lastUsed: 0,
      availFlagsShadow: 0,
      inFlight: 0,
      held: 0,
      broken: null,
      extraAddr: new Float64Array(qs),
      extraLen: new Uint32Array(qs),
      extraFlags: new Uint16Array(qs),
      extraNext,
      headState: new Uint8Array(qs),
      token: new Float64Array(qs),
      chainLen: new Uint16Array(qs),
      indirectAddr: new Float64Array(qs),
      indirectCount: new Uint32Array(qs),
      writableBytes: new Float64Array(qs),
      readableBytes: new Float64Array(qs),
    };
  }

  /**
   * Write the driver's part of a fresh ring: avail flags and idx (= `base`, normally 0;
   * a non-zero base is what a vhost-user SET_VRING_BASE after migration produces), and
   * used_event. The device initialises its own part.
   */
  init(base = 0): void {
    this.s.availIdxShadow = base & 0xffff;
    this.s.lastUsed = base & 0xffff;
    this.mem.writeU16(this.ringAt.availFlags, 0);
    this.mem.publishU16(this.ringAt.availIdx, this.s.availIdxShadow);
    if (this.features.eventIdx) this.mem.writeU16(this.ringAt.usedEvent, this.s.lastUsed);
  }

  private guard(): void {
    refuseIfBroken(this.s, 'driver');
  }

  private checkBuffer(b: BufferRef): void {
    if (!(b.len > 0) || !Number.isInteger(b.len) || !this.mem.contains(b.addr, b.len)) throw invalidBuffer(b);
  }

  /** Descriptors a buffer takes once split into segments. */
  private segmentCount(len: number): number {
    const seg = this.options.segmentSize;
    return seg > 0 ? Math.ceil(len / seg) : 1;
  }

  /**
   * Write the buffers' descriptors, segment by segment, either into the queue's table
   * along the free list from `head` (table = null) or into an indirect table at entries
   * 0..total-1. Returns the free-list index after the chain (queue's table only).
   */
  private writeChain(
    out: readonly BufferRef[],
    inb: readonly BufferRef[],
    head: number,
    total: number,
    table: number | null,
  ): number {
    const seg = this.options.segmentSize;
    if (seg === 0 && table === null) {
      // the common case (one descriptor per buffer, in the queue's own table), kept small enough to inline
      return this.writeDirect(inb, VRING_DESC_F_WRITE, this.writeDirect(out, 0, head, 0, total), out.length, total);
    }
    let i = head;
    let k = 0;
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? out : inb;
      const write = pass === 0 ? 0 : VRING_DESC_F_WRITE;
      for (let b = 0; b < list.length; b++) {
        const buf = list[b];
        const step = seg > 0 ? seg : buf.len;
        for (let off = 0; off < buf.len; off += step) {
          const len = Math.min(step, buf.len - off);
          const last = k + 1 === total;
          const flags = (last ? 0 : VRING_DESC_F_NEXT) | write;
          if (table !== null) writeDesc(this.mem, table, k, buf.addr + off, len, flags, last ? 0 : k + 1);
          else {
            i = this.putDesc(i, buf.addr + off, len, flags);
          }
          k++;
        }
      }
    }
    return i;
  }

  /**
   * One descriptor per buffer of `list` along the free list from `i` (chain positions
   * k0, k0+1, …, of `total`). Returns the free-list index after them.
   */
  private writeDirect(list: readonly BufferRef[], write: number, i: number, k0: number, total: number): number {
    for (let b = 0, k = k0 + 1; b < list.length; b++, k++) {
      const buf = list[b];
      i = this.putDesc(i, buf.addr, buf.len, (k === total ? 0 : VRING_DESC_F_NEXT) | write);
    }
    return i;
  }

  /**
   * Descriptor `i` of the queue's own table: the private copy first, then the shared table,
   * as Linux writes both (the `next` written is the free-list link). Returns that link.
   */
  private putDesc(i: number, addr: number, len: number, flags: number): number {
    const s = this.s;
    const next = s.extraNext[i];
    s.extraAddr[i] = addr;
    s.extraLen[i] = len;
    s.extraFlags[i] = flags;
    writeDesc(this.mem, this.ringAt.desc, i, addr, len, flags, next);
    return next;
  }

  /**
   * Add a chain: `out` buffers are device-readable, `inb` device-writable (after them, as
   * the spec requires), and publish it in the available ring; returns its head. Throws
   * NotEnoughFreeDescriptors (not fatal: the caller waits) when the free list is too short.
   * Allocates nothing; add() is the same with an explanation.
   */
  addBuffers(out: readonly BufferRef[], inb: readonly BufferRef[], token: number): number {
    this.guard();
    let total = 0;
    let readable = 0;
    let writable = 0;
    for (let k = 0; k < out.length; k++) {
      this.checkBuffer(out[k]);
      total += this.segmentCount(out[k].len);
      readable += out[k].len;
    }
    const outCount = total;
    for (let k = 0; k < inb.length; k++) {
      this.checkBuffer(inb[k]);
      total += this.segmentCount(inb[k].len);
      writable += inb[k].len;
    }
    if (total === 0) throw new RingError('InvalidBuffer', 'a chain needs at least one buffer', {});
    const bytes = readable + writable;
    if (bytes > MAX_CHAIN_BYTES)
      throw new RingError('ChainTooLong', `chain of ${bytes} bytes exceeds 4 GiB`, { bytes });

    const s = this.s;
    let table: number | null = null;
    if (
      this.features.indirect &&
      this.options.indirect === 'auto' &&
      total > 1 &&
      s.numFree > 0 &&
      this.tables &&
      total <= this.qs
    ) {
      table = this.tables.alloc(total * DESC_SIZE, DESC_SIZE);
    }
    if (table === null && total > this.qs) {
      throw new RingError('ChainTooLong', `chain of ${total} descriptors is longer than the queue (${this.qs})`, {
        total,
        queueSize: this.qs,
      });
    }
    const needed = table !== null ? 1 : total;
    if (s.numFree < needed) {
      throw new RingError('NotEnoughFreeDescriptors', `need ${needed} free descriptors, have ${s.numFree}`, {
        needed,
        numFree: s.numFree,
      });
    }

    const head = s.freeHead;
    if (table !== null) {
      // The chain lives in the indirect table (entries linked 0→1→…); the queue's own
      // table spends one descriptor pointing at it.
      this.writeChain(out, inb, head, total, table);
      s.extraAddr[head] = table;
      s.extraLen[head] = total * DESC_SIZE;
      s.extraFlags[head] = VRING_DESC_F_INDIRECT;
      writeDesc(this.mem, this.ringAt.desc, head, table, total * DESC_SIZE, VRING_DESC_F_INDIRECT, s.extraNext[head]);
      s.freeHead = s.extraNext[head];
      s.numFree -= 1;
      s.chainLen[head] = 1;
      s.indirectAddr[head] = table;
      s.indirectCount[head] = total;
    } else {
      s.freeHead = this.writeChain(out, inb, head, total, null);
      s.numFree -= total;
      s.chainLen[head] = total;
      s.indirectAddr[head] = 0;
      s.indirectCount[head] = 0;
    }
    s.headState[head] = HeadState.InFlight;
    s.token[head] = token;
    s.writableBytes[head] = writable;
    s.readableBytes[head] = readable;
    s.inFlight++;
    this.lastOutCount = outCount;
    this.publishHead(head);
    return head;
  }

  /** Segments of the device-readable part of the last chain added. */
  private lastOutCount = 0;

  /** addBuffers, explained. */
  add(out: readonly BufferRef[], inb: readonly BufferRef[], token: number): AddResult {
    const head = this.addBuffers(out, inb, token);
    const s = this.s;
    const indirect = s.indirectAddr[head] !== 0 ? { addr: s.indirectAddr[head], count: s.indirectCount[head] } : null;
    const total = indirect ? indirect.count : s.chainLen[head];
    const to = s.availIdxShadow;
    const from = (to - 1) & 0xffff;
    return {
      head,
      descriptors: this.chainDescriptors(head),
      indirect,
      outCount: this.lastOutCount,
      inCount: total - this.lastOutCount,
      availIdx: { from, to },
      slot: from & (this.qs - 1),
      mustKick: s.numAdded === 0xffff,
    };
  }

  /** Put `head` in the next available slot and move avail.idx on (ring entry first, then the index). */
  private publishHead(head: number): void {
    const s = this.s;
    this.mem.writeU16(this.ringAt.availRing + 2 * (s.availIdxShadow & (this.qs - 1)), head);
    s.availIdxShadow = (s.availIdxShadow + 1) & 0xffff;
    this.mem.publishU16(this.ringAt.availIdx, s.availIdxShadow);
    s.numAdded++;
  }

  private publish(head: number): { availIdx: { from: number; to: number }; slot: number; mustKick: boolean } {
    const from = this.s.availIdxShadow;
    this.publishHead(head);
    return {
      availIdx: { from, to: this.s.availIdxShadow },
      slot: from & (this.qs - 1),
      mustKick: this.s.numAdded === 0xffff,
    };
  }

  /**
   * Re-offer a chain the driver reclaimed with `keep` (nebula's RX recycling: the same
   * page-sized buffers go straight back to the device without touching the free list).
   */
  recycle(head: number): { availIdx: { from: number; to: number }; slot: number; mustKick: boolean } {
    this.guard();
    if (head < 0 || head >= this.qs || this.s.headState[head] !== HeadState.Held) {
      throw new RingError('InvalidBuffer', `chain ${head} is not held by the driver, so it cannot be recycled`, {
        head,
      });
    }
    this.s.headState[head] = HeadState.InFlight;
    this.s.held--;
    this.s.inFlight++;
    return this.publish(head);
  }

  /** Inputs of the last kick decision (for kickPrepare's explanation). */
  private decidedOld = 0;
  private decidedEvent = 0;
  private decidedNoNotify = false;

  /** Linux's virtqueue_kick_prepare: should the device be notified of what was added? */
  needsKick(): boolean {
    this.guard();
    const s = this.s;
    const newIdx = s.availIdxShadow;
    const oldIdx = (newIdx - s.numAdded) & 0xffff;
    this.decidedOld = oldIdx;
    s.numAdded = 0;
    if (this.features.eventIdx) {
      const availEvent = this.mem.readU16(this.ringAt.availEvent);
      this.decidedEvent = availEvent;
      return needEvent(availEvent, newIdx, oldIdx);
    }
    const noNotify = (this.mem.readU16(this.ringAt.usedFlags) & VRING_USED_F_NO_NOTIFY) !== 0;
    this.decidedNoNotify = noNotify;
    return !noNotify;
  }

  kickPrepare(): KickDecision {
    const kick = this.needsKick();
    const newIdx = this.s.availIdxShadow;
    if (this.features.eventIdx)
      return { kick, oldIdx: this.decidedOld, newIdx, availEvent: this.decidedEvent, noNotify: null };
    return { kick, oldIdx: this.decidedOld, newIdx, availEvent: null, noNotify: this.decidedNoNotify };
  }

  /** used.idx as the device published it. */
  usedIdx(): number {
    return this.mem.acquireU16(this.ringAt.usedIdx);
  }

  /** Are there used entries the driver has not reclaimed? */
  moreUsed(): boolean {
    return this.s.lastUsed !== this.usedIdx();
  }

  /** What the last reclaim() took (for getUsed's explanation and callers that want the length). */
  lastUsedLen = 0;
  lastUsedToken = 0;
  lastUsedSlot = 0;

  /**
   * Take the next used chain (Linux virtqueue_get_buf), with Linux's checks plus the ones
   * it lacks, and return its head, or -1 when there is none; its length and token are in
   * lastUsedLen / lastUsedToken. The chain goes back on the free list, or with `keep` is
   * held for recycle(). Allocates nothing; getUsed() is the same with an explanation.
   */
  reclaim(keep = false): number {
    this.guard();
    const s = this.s;
    try {
      const usedIdx = this.usedIdx();
      if (s.lastUsed === usedIdx) return -1;
      const pending = (usedIdx - s.lastUsed) & 0xffff;
      if (pending > s.inFlight) {
        throw new RingError(
          'UsedIndexJump',
          `used index jumped from ${s.lastUsed} to ${usedIdx}: ${pending} entries but only ${s.inFlight} chains in flight`,
          { lastUsed: s.lastUsed, usedIdx, inFlight: s.inFlight },
        );
      }
      const usedSlot = s.lastUsed & (this.qs - 1);
      const at = this.ringAt.usedElem + 8 * usedSlot;
      const id = this.mem.readU32(at);
      const len = this.mem.readU32(at + 4);
      if (id >= this.qs) throw new RingError('UsedIdOutOfRange', `id ${id} out of range`, { id, queueSize: this.qs });
      if (s.headState[id] !== HeadState.InFlight)
        throw new RingError('UsedIdNotHead', `id ${id} is not a head!`, { id });
      if (len > s.writableBytes[id]) {
        throw new RingError('UsedLenTooLarge', `used len ${len} is larger than in buflen ${s.writableBytes[id]}`, {
          id,
          len,
          buflen: s.writableBytes[id],
        });
      }
      this.lastUsedLen = len;
      this.lastUsedToken = s.token[id];
      this.lastUsedSlot = usedSlot;
      s.inFlight--;
      if (keep) {
        s.headState[id] = HeadState.Held;
        s.held++;
      } else this.detach(id);
      s.lastUsed = (s.lastUsed + 1) & 0xffff;
      // Tell the device where the next interrupt is wanted, unless callbacks are off.
      if (this.features.eventIdx && !(s.availFlagsShadow & VRING_AVAIL_F_NO_INTERRUPT)) {
        this.mem.writeU16(this.ringAt.usedEvent, s.lastUsed);
      }
      return id;
    } catch (e) {
      throw breakWith(s, e);
    }
  }

  /** reclaim, explained. */
  getUsed(keep = false): UsedChain | null {
    const s = this.s;
    const from = s.lastUsed;
    // the chain's descriptors must be read before detach relinks the free list
    const peekHead = this.peekUsedHead();
    const descriptors = peekHead >= 0 ? this.chainDescriptors(peekHead) : [];
    const indirect = peekHead >= 0 && s.indirectAddr[peekHead] !== 0;
    const head = this.reclaim(keep);
    if (head < 0) return null;
    return {
      head,
      len: this.lastUsedLen,
      token: this.lastUsedToken,
      descriptors,
      indirect,
      usedSlot: this.lastUsedSlot,
      lastUsed: { from, to: s.lastUsed },
    };
  }

  /** The id in the next used entry if it names a chain in flight, else -1 (no checks, no effects). */
  private peekUsedHead(): number {
    const s = this.s;
    if (s.broken || s.lastUsed === this.usedIdx()) return -1;
    const id = this.mem.readU32(this.ringAt.usedElem + 8 * (s.lastUsed & (this.qs - 1)));
    return id < this.qs && s.headState[id] === HeadState.InFlight ? id : -1;
  }

  /** Return a held chain to the free list (nebula FreeDescriptorChain). */
  free(head: number): void {
    if (head < 0 || head >= this.qs || this.s.headState[head] !== HeadState.Held) {
      throw new RingError('InvalidBuffer', `chain ${head} is not held by the driver`, { head });
    }
    this.s.held--;
    this.detach(head);
  }

  /** Descriptor indices of the chain at `head`, from private state. */
  chainDescriptors(head: number): number[] {
    const s = this.s;
    const out: number[] = [];
    let i = head;
    for (let k = 0; k < s.chainLen[head]; k++) {
      out.push(i);
      i = s.extraNext[i];
    }
    return out;
  }

  /** Linux detach_buf_split: the chain's tail links to the old free head; the head becomes the free head. */
  private detach(head: number): void {
    const s = this.s;
    const n = s.chainLen[head];
    let tail = head;
    for (let k = 1; k < n; k++) tail = s.extraNext[tail];
    s.extraNext[tail] = s.freeHead;
    s.freeHead = head;
    s.numFree += n;
    s.headState[head] = HeadState.Free;
    s.token[head] = 0;
    if (s.indirectAddr[head] !== 0) {
      this.tables?.release(s.indirectAddr[head]);
      s.indirectAddr[head] = 0;
      s.indirectCount[head] = 0;
    }
    s.chainLen[head] = 0;
    s.writableBytes[head] = 0;
    s.readableBytes[head] = 0;
  }

  /** Linux virtqueue_disable_cb: with EVENT_IDX it parks used_event at 0, else sets NO_INTERRUPT. */
  disableCallbacks(): void {
    const s = this.s;
    if (s.availFlagsShadow & VRING_AVAIL_F_NO_INTERRUPT) return;
    s.availFlagsShadow |= VRING_AVAIL_F_NO_INTERRUPT;
    if (this.features.eventIdx) this.mem.writeU16(this.ringAt.usedEvent, 0);
    else this.mem.writeU16(this.ringAt.availFlags, s.availFlagsShadow);
  }

  /**
   * Linux virtqueue_enable_cb: ask for interrupts again from `last_used`; returns false
   * when used entries arrived meanwhile (the caller must poll again, or it would sleep
   * through them).
   */
  enableCallbacks(): boolean {
    const s = this.s;
    if (s.availFlagsShadow & VRING_AVAIL_F_NO_INTERRUPT) {
      s.availFlagsShadow &= ~VRING_AVAIL_F_NO_INTERRUPT;
      if (!this.features.eventIdx) this.mem.writeU16(this.ringAt.availFlags, s.availFlagsShadow);
    }
    if (this.features.eventIdx) this.mem.writeU16(this.ringAt.usedEvent, s.lastUsed);
    return !this.moreUsed();
  }

  /**
   * Linux virtqueue_enable_cb_delayed: interrupt only after about 3/4 of the chains in
   * flight have been used (TX completion batching). Returns false if that many already are.
   */
  enableCallbacksDelayed(): boolean {
    const s = this.s;
    if (s.availFlagsShadow & VRING_AVAIL_F_NO_INTERRUPT) {
      s.availFlagsShadow &= ~VRING_AVAIL_F_NO_INTERRUPT;
      if (!this.features.eventIdx) this.mem.writeU16(this.ringAt.availFlags, s.availFlagsShadow);
    }
    const bufs = Math.floor((((s.availIdxShadow - s.lastUsed) & 0xffff) * 3) / 4);
    if (this.features.eventIdx) this.mem.writeU16(this.ringAt.usedEvent, (s.lastUsed + bufs) & 0xffff);
    return ((this.usedIdx() - s.lastUsed) & 0xffff) <= bufs;
  }

  get callbacksEnabled(): boolean {
    return (this.s.availFlagsShadow & VRING_AVAIL_F_NO_INTERRUPT) === 0;
  }

  /** Free-list order from free_head (for views and invariants). */
  freeList(): number[] {
    const s = this.s;
    const out: number[] = [];
    let i = s.freeHead;
    for (let k = 0; k < s.numFree; k++) {
      out.push(i);
      i = s.extraNext[i];
    }
    return out;
  }

  markBroken(info: RingErrorInfo): void {
    if (!this.s.broken) this.s.broken = info;
  }

  save(): DriverState {
    return structuredClone(this.s);
  }
  restore(state: DriverState): void {
    this.s = structuredClone(state);
  }
}

function invalidBuffer(b: BufferRef): RingError {
  return new RingError('InvalidBuffer', `buffer 0x${b.addr.toString(16)}+${b.len} is empty or outside guest memory`, {
    addr: b.addr,
    len: b.len,
  });
}
