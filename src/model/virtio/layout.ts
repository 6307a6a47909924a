/**
 * Where the three parts of a split virtqueue live in guest memory. Virtio 1.x lets each
 * part sit anywhere at its own alignment; legacy devices need the contiguous layout that
 * Linux's vring_init(vr, num, p, align) builds. Offsets are in virtio-rings.md.
 */
import { DESC_SIZE, MAX_QUEUE_SIZE } from './constants';
import { RingError } from './errors';

export interface SplitLayout {
  queueSize: number;
  /** GPA of the descriptor table (16-byte aligned). */
  desc: number;
  /** GPA of the available ring (2-byte aligned). */
  avail: number;
  /** GPA of the used ring (4-byte aligned). */
  used: number;
  /** 'modern': each part at its own alignment; 'legacy': vring_init's contiguous layout. */
  kind: 'modern' | 'legacy';
  /** Bytes from `desc` to the end of the used ring. */
  totalSize: number;
}

export const DESC_ALIGN = 16;
export const AVAIL_ALIGN = 2;
export const USED_ALIGN = 4;

export function descTableSize(qs: number): number {
  return DESC_SIZE * qs;
}
export function availRingSize(qs: number): number {
  return 6 + 2 * qs;
}
export function usedRingSize(qs: number): number {
  return 6 + 8 * qs;
}

export function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

export function isValidQueueSize(qs: number): boolean {
  return Number.isInteger(qs) && qs >= 1 && qs <= MAX_QUEUE_SIZE && (qs & (qs - 1)) === 0;
}

/** Linux refuses other sizes with this message (virtio_ring.c). */
export function checkQueueSize(qs: number): void {
  if (!isValidQueueSize(qs)) {
    throw new RingError('InvalidQueueSize', `Bad virtqueue length ${qs}`, { queueSize: qs });
  }
}

/** Virtio 1.x: the three parts one after another, each at its own alignment. */
export function modernLayout(qs: number, base = 0): SplitLayout {
  checkQueueSize(qs);
  const desc = alignUp(base, DESC_ALIGN);
  const avail = alignUp(desc + descTableSize(qs), AVAIL_ALIGN);
  const used = alignUp(avail + availRingSize(qs), USED_ALIGN);
  return { queueSize: qs, desc, avail, used, kind: 'modern', totalSize: used + usedRingSize(qs) - desc };
}

/** Legacy contiguous layout: used ring at ALIGN(16n + 2(3+n), align) from the base. */
export function legacyLayout(qs: number, base = 0, align = 4096): SplitLayout {
  checkQueueSize(qs);
  if (!(align > 0) || (align & (align - 1)) !== 0) {
    throw new RingError('InvalidLayout', `legacy vring alignment ${align} is not a power of two`, { align });
  }
  if (base % align !== 0) {
    throw new RingError('InvalidLayout', `legacy vring base 0x${base.toString(16)} is not ${align}-aligned`, {
      base,
      align,
    });
  }
  const usedOff = alignUp(DESC_SIZE * qs + 2 * (3 + qs), align);
  return {
    queueSize: qs,
    desc: base,
    avail: base + DESC_SIZE * qs,
    used: base + usedOff,
    kind: 'legacy',
    totalSize: usedOff + usedRingSize(qs),
  };
}

/** Linux's vring_size(num, align). */
export function vringSize(qs: number, align = 4096): number {
  return legacyLayout(qs, 0, align).totalSize;
}

/** Explicit addresses (as a vhost-user front-end or a VMM would give them), checked. */
export function customLayout(qs: number, desc: number, avail: number, used: number): SplitLayout {
  checkQueueSize(qs);
  const parts: [string, number, number, number][] = [
    ['descriptor table', desc, DESC_ALIGN, descTableSize(qs)],
    ['available ring', avail, AVAIL_ALIGN, availRingSize(qs)],
    ['used ring', used, USED_ALIGN, usedRingSize(qs)],
  ];
  for (const [name, at, align] of parts) {
    if (!Number.isInteger(at) || at < 0 || at % align !== 0) {
      throw new RingError('InvalidLayout', `${name} at 0x${at.toString(16)} is not ${align}-byte aligned`, {
        at,
        align,
      });
    }
  }
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      const [n1, a1, , s1] = parts[i];
      const [n2, a2, , s2] = parts[j];
      if (a1 < a2 + s2 && a2 < a1 + s1) {
        throw new RingError('InvalidLayout', `${n1} overlaps ${n2}`, { a1, a2 });
      }
    }
  }
  const lo = Math.min(desc, avail, used);
  const hi = Math.max(desc + descTableSize(qs), avail + availRingSize(qs), used + usedRingSize(qs));
  return { queueSize: qs, desc, avail, used, kind: 'modern', totalSize: hi - lo };
}

/** Field addresses, named as the spec names them. */
export const ring = {
  descAddr: (l: SplitLayout, i: number) => l.desc + DESC_SIZE * i,
  availFlags: (l: SplitLayout) => l.avail,
  availIdx: (l: SplitLayout) => l.avail + 2,
  availRing: (l: SplitLayout, slot: number) => l.avail + 4 + 2 * slot,
  usedEvent: (l: SplitLayout) => l.avail + 4 + 2 * l.queueSize,
  usedFlags: (l: SplitLayout) => l.used,
  usedIdx: (l: SplitLayout) => l.used + 2,
  usedElem: (l: SplitLayout, slot: number) => l.used + 4 + 8 * slot,
  availEvent: (l: SplitLayout) => l.used + 4 + 8 * l.queueSize,
};

/**
 * The fixed field addresses of one queue, computed once: the driver's and device's hot paths
 * read them on every call (the ring's slot addresses are `availRing + 2 * slot` and
 * `usedElem + 8 * slot`).
 */
export interface RingAddresses {
  readonly desc: number;
  readonly availFlags: number;
  readonly availIdx: number;
  readonly availRing: number;
  readonly usedEvent: number;
  readonly usedFlags: number;
  readonly usedIdx: number;
  readonly usedElem: number;
  readonly availEvent: number;
}

export function ringAddresses(l: SplitLayout): RingAddresses {
  return {
    desc: ring.descAddr(l, 0),
    availFlags: ring.availFlags(l),
    availIdx: ring.availIdx(l),
    availRing: ring.availRing(l, 0),
    usedEvent: ring.usedEvent(l),
    usedFlags: ring.usedFlags(l),
    usedIdx: ring.usedIdx(l),
    usedElem: ring.usedElem(l, 0),
    availEvent: ring.availEvent(l),
  };
}

/** Name of the ring field at `gpa`, for inspectors and memory diffs ("avail.ring[3]"). */
export function describeAddress(l: SplitLayout, gpa: number): string | null {
  const qs = l.queueSize;
  if (gpa >= l.desc && gpa < l.desc + descTableSize(qs)) {
    const i = Math.floor((gpa - l.desc) / DESC_SIZE);
    const off = (gpa - l.desc) % DESC_SIZE;
    const field = off < 8 ? 'addr' : off < 12 ? 'len' : off < 14 ? 'flags' : 'next';
    return `desc[${i}].${field}`;
  }
  if (gpa >= l.avail && gpa < l.avail + availRingSize(qs)) {
    const off = gpa - l.avail;
    if (off < 2) return 'avail.flags';
    if (off < 4) return 'avail.idx';
    if (off < 4 + 2 * qs) return `avail.ring[${(off - 4) >> 1}]`;
    return 'avail.used_event';
  }
  if (gpa >= l.used && gpa < l.used + usedRingSize(qs)) {
    const off = gpa - l.used;
    if (off < 2) return 'used.flags';
    if (off < 4) return 'used.idx';
    if (off < 4 + 8 * qs) {
      const i = (off - 4) >> 3;
      return `used.ring[${i}].${(off - 4) % 8 < 4 ? 'id' : 'len'}`;
    }
    return 'used.avail_event';
  }
  return null;
}
