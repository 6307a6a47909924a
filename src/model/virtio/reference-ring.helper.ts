/**
 * A second, deliberately plain implementation of both sides of a split virtqueue, for tests only:
 * straight-line code over a DataView of the same guest memory, written from the virtio spec
 * (2.7) with Linux's driver rules and QEMU's device rules, sharing nothing with the model but the
 * layout's field addresses. The model is checked against it (model-vs-reference.property.test.ts)
 * instead of against itself. No error handling: the tests drive it with clean input only.
 */
import { ring, type SplitLayout } from './layout';

const NEXT = 1;
const WRITE = 2;
const INDIRECT = 4;

export interface RefBuffer {
  addr: number;
  len: number;
  write: boolean;
}

/** vring_need_event: is `event` among the entries from old (inclusive) to new (exclusive)? */
export const refNeedEvent = (event: number, now: number, old: number): boolean =>
  ((now - event - 1) & 0xffff) < ((now - old) & 0xffff);

class Fields {
  constructor(
    protected readonly v: DataView,
    protected readonly l: SplitLayout,
  ) {}
  protected u16(at: number): number {
    return this.v.getUint16(at, true);
  }
  protected u32(at: number): number {
    return this.v.getUint32(at, true);
  }
  protected set16(at: number, x: number): void {
    this.v.setUint16(at, x & 0xffff, true);
  }
  protected set32(at: number, x: number): void {
    this.v.setUint32(at, x >>> 0, true);
  }
  protected desc(table: number, i: number): { addr: number; len: number; flags: number; next: number } {
    const at = table + 16 * i;
    const addr = this.u32(at) + this.u32(at + 4) * 2 ** 32;
    return { addr, len: this.u32(at + 8), flags: this.u16(at + 12), next: this.u16(at + 14) };
  }
  get qs(): number {
    return this.l.queueSize;
  }
}

/** The device side, as QEMU's virtqueue_pop / fill / flush / should_notify do it. */
export class RefDevice extends Fields {
  lastAvail: number;
  usedIdx: number;
  private filled = 0;
  private signalled = 0;
  private signalledValid = false;

  constructor(
    v: DataView,
    l: SplitLayout,
    private readonly eventIdx: boolean,
    base: number,
  ) {
    super(v, l);
    this.lastAvail = base;
    this.usedIdx = base;
    this.signalled = base;
  }

  /** The next chain's head and buffers, or null when avail.idx says nothing is waiting. */
  pop(): { head: number; buffers: RefBuffer[] } | null {
    if (this.u16(ring.availIdx(this.l)) === this.lastAvail) return null;
    const head = this.u16(ring.availRing(this.l, this.lastAvail % this.qs));
    this.lastAvail = (this.lastAvail + 1) & 0xffff;
    const buffers: RefBuffer[] = [];
    let table = this.l.desc;
    let d = this.desc(table, head);
    if (d.flags & INDIRECT) {
      table = d.addr;
      d = this.desc(table, 0);
    }
    for (;;) {
      buffers.push({ addr: d.addr, len: d.len, write: (d.flags & WRITE) !== 0 });
      if (!(d.flags & NEXT)) break;
      d = this.desc(table, d.next);
    }
    // Notifications on: tell the driver where the next kick is wanted.
    if (this.eventIdx && this.notifications) this.set16(ring.availEvent(this.l), this.lastAvail);
    return { head, buffers };
  }

  notifications = true;

  /** virtio_queue_set_notification. */
  setNotification(on: boolean): void {
    this.notifications = on;
    if (this.eventIdx) {
      if (on) this.set16(ring.availEvent(this.l), this.u16(ring.availIdx(this.l)));
    } else {
      const at = ring.usedFlags(this.l);
      this.set16(at, on ? this.u16(at) & ~1 : this.u16(at) | 1);
    }
  }

  /** virtqueue_fill: the entry goes after those filled since the last flush. */
  fill(head: number, len: number): void {
    const at = ring.usedElem(this.l, (this.usedIdx + this.filled) % this.qs);
    this.set32(at, head);
    this.set32(at + 4, len);
    this.filled++;
  }

  /** virtqueue_flush: publish the filled entries. */
  flush(): void {
    this.usedIdx = (this.usedIdx + this.filled) & 0xffff;
    this.filled = 0;
    this.set16(ring.usedIdx(this.l), this.usedIdx);
  }

  /** virtio_should_notify (the model also skips the interrupt when nothing was published). */
  needsInterrupt(): boolean {
    const old = this.signalled;
    this.signalled = this.usedIdx;
    if (!this.eventIdx) return !(this.u16(ring.availFlags(this.l)) & 1) && old !== this.usedIdx;
    const valid = this.signalledValid;
    this.signalledValid = true;
    return !valid || refNeedEvent(this.u16(ring.usedEvent(this.l)), this.usedIdx, old);
  }
}

/** The driver side, as Linux's virtqueue_add_split / kick_prepare / get_buf do it (direct chains only). */
export class RefDriver extends Fields {
  availIdx: number;
  lastUsed: number;
  private kickedAt: number;
  private readonly free: number[];
  private readonly chains = new Map<number, { descs: number[]; token: number; writable: number }>();
  private interrupts = true;

  constructor(
    v: DataView,
    l: SplitLayout,
    private readonly eventIdx: boolean,
    base: number,
  ) {
    super(v, l);
    this.availIdx = base;
    this.lastUsed = base;
    this.kickedAt = base;
    this.free = Array.from({ length: l.queueSize }, (_, i) => l.queueSize - 1 - i);
  }

  get numFree(): number {
    return this.free.length;
  }

  add(buffers: readonly RefBuffer[], token: number): number {
    const descs = buffers.map(() => this.free.pop()!);
    buffers.forEach((b, k) => {
      const at = this.l.desc + 16 * descs[k];
      this.set32(at, b.addr % 2 ** 32);
      this.set32(at + 4, Math.floor(b.addr / 2 ** 32));
      this.set32(at + 8, b.len);
      const last = k === buffers.length - 1;
      this.set16(at + 12, (b.write ? WRITE : 0) | (last ? 0 : NEXT));
      this.set16(at + 14, last ? 0 : descs[k + 1]);
    });
    const head = descs[0];
    const writable = buffers.reduce((s, b) => s + (b.write ? b.len : 0), 0);
    this.chains.set(head, { descs, token, writable });
    this.set16(ring.availRing(this.l, this.availIdx % this.qs), head);
    this.availIdx = (this.availIdx + 1) & 0xffff;
    this.set16(ring.availIdx(this.l), this.availIdx);
    return head;
  }

  /** virtqueue_kick_prepare: the device's wish, read from the used side. */
  needsKick(): boolean {
    const old = this.kickedAt;
    this.kickedAt = this.availIdx;
    if (this.eventIdx) return refNeedEvent(this.u16(ring.availEvent(this.l)), this.availIdx, old);
    return !(this.u16(ring.usedFlags(this.l)) & 1);
  }

  /** virtqueue_get_buf: the next used entry's token and length, or null. */
  reclaim(): { token: number; len: number; head: number } | null {
    if (this.u16(ring.usedIdx(this.l)) === this.lastUsed) return null;
    const at = ring.usedElem(this.l, this.lastUsed % this.qs);
    const head = this.u32(at);
    const len = this.u32(at + 4);
    const c = this.chains.get(head);
    if (!c) throw new Error(`reference driver: used id ${head} is not a head in flight`);
    if (len > c.writable) throw new Error(`reference driver: used len ${len} > ${c.writable}`);
    this.chains.delete(head);
    for (const d of c.descs) this.free.push(d);
    this.lastUsed = (this.lastUsed + 1) & 0xffff;
    if (this.eventIdx && this.interrupts) this.set16(ring.usedEvent(this.l), this.lastUsed);
    return { token: c.token, len, head };
  }

  /** virtqueue_disable_cb / enable_cb. */
  setInterrupts(on: boolean): void {
    this.interrupts = on;
    if (this.eventIdx) this.set16(ring.usedEvent(this.l), on ? this.lastUsed : 0);
    else {
      const at = ring.availFlags(this.l);
      this.set16(at, on ? this.u16(at) & ~1 : this.u16(at) | 1);
    }
  }
}
