/**
 * Wrap-counter arithmetic, in one place because every off-by-one in packed rings lives here.
 *
 * A position is a slot (0..QS-1) plus a one-bit wrap counter that starts at 1 and flips each time a side passes
 * the end of the ring. The AVAIL and USED bits of a descriptor say, relative to a wrap counter, whether the
 * descriptor is available (AVAIL = counter, USED = inverse) or used (AVAIL = USED = counter).
 */
import {
  VRING_PACKED_DESC_F_AVAIL,
  VRING_PACKED_DESC_F_USED,
  VRING_PACKED_EVENT_F_WRAP_CTR,
  needEvent,
} from './constants';

export type Wrap = 0 | 1;

/** The AVAIL/USED bits a driver writes to make a descriptor available in a lap with this counter. */
export function availBits(wrap: Wrap): number {
  return wrap ? VRING_PACKED_DESC_F_AVAIL : VRING_PACKED_DESC_F_USED;
}

/** The AVAIL/USED bits a device writes to mark a descriptor used in a lap with this counter. */
export function usedBits(wrap: Wrap): number {
  return wrap ? VRING_PACKED_DESC_F_AVAIL | VRING_PACKED_DESC_F_USED : 0;
}

function bit(flags: number, mask: number): Wrap {
  return flags & mask ? 1 : 0;
}

/** QEMU is_desc_avail: AVAIL differs from USED and AVAIL matches the counter. */
export function isAvail(flags: number, wrap: Wrap): boolean {
  const a = bit(flags, VRING_PACKED_DESC_F_AVAIL);
  return a !== bit(flags, VRING_PACKED_DESC_F_USED) && a === wrap;
}

/** Linux is_used_desc_packed: AVAIL equals USED and both match the counter. */
export function isUsed(flags: number, wrap: Wrap): boolean {
  const u = bit(flags, VRING_PACKED_DESC_F_USED);
  return bit(flags, VRING_PACKED_DESC_F_AVAIL) === u && u === wrap;
}

/** What the two bits say, in words a view can print. */
export function describeBits(flags: number, wrap: Wrap): 'available' | 'used' | 'stale' {
  if (isAvail(flags, wrap)) return 'available';
  if (isUsed(flags, wrap)) return 'used';
  return 'stale';
}

/** Move a position `n` slots on (n ≤ QS, so it wraps at most once; landing exactly on the end wraps too). */
export function advance(pos: number, wrap: Wrap, n: number, qs: number): { pos: number; wrap: Wrap } {
  const p = pos + n;
  if (p >= qs) return { pos: p - qs, wrap: (wrap ^ 1) as Wrap };
  return { pos: p, wrap };
}

/** Move a position any number of slots on (a hostile device may report more than a lap); parity of laps flips. */
export function advanceAny(pos: number, wrap: Wrap, n: number, qs: number): { pos: number; wrap: Wrap } {
  const p = pos + n;
  const laps = Math.floor(p / qs);
  return { pos: p - laps * qs, wrap: (laps & 1 ? wrap ^ 1 : wrap) as Wrap };
}

export function encodeOffWrap(off: number, wrap: Wrap): number {
  return (off & 0x7fff) | (wrap << VRING_PACKED_EVENT_F_WRAP_CTR);
}

export function decodeOffWrap(offWrap: number): { off: number; wrap: Wrap } {
  return { off: offWrap & 0x7fff, wrap: ((offWrap >> VRING_PACKED_EVENT_F_WRAP_CTR) & 1) as Wrap };
}

/**
 * The event test of both Linux (virtqueue_kick_prepare_packed) and QEMU (vring_packed_need_event): an event
 * offset whose wrap counter differs from the side's current one lies in the previous lap, so it is moved back
 * by QS before the usual vring_need_event window test on u16 arithmetic.
 */
export function packedNeedEvent(offWrap: number, wrap: Wrap, newIdx: number, oldIdx: number, qs: number): boolean {
  const { off, wrap: eventWrap } = decodeOffWrap(offWrap);
  const event = eventWrap !== wrap ? (off - qs) & 0xffff : off;
  return needEvent(event, newIdx & 0xffff, oldIdx & 0xffff);
}

/**
 * A position as a number that grows without wrapping, modulo 2·QS: lap 0 (counter 1) is 0..QS-1, lap 1 (counter
 * 0) is QS..2QS-1. Differences of two such numbers (mod 2·QS) count the slots between two positions unambiguously
 * while they are at most QS apart, which is what the invariants use.
 */
export function extended(pos: number, wrap: Wrap, qs: number): number {
  return wrap ? pos : pos + qs;
}

/** Slots from position a to position b (b at or after a, at most QS on). */
export function distance(aPos: number, aWrap: Wrap, bPos: number, bWrap: Wrap, qs: number): number {
  const d = extended(bPos, bWrap, qs) - extended(aPos, aWrap, qs);
  return d < 0 ? d + 2 * qs : d;
}

/** The wrap counter of the lap that free-running count `total` lies in (straight-line, for references). */
export function wrapOfTotal(total: number, qs: number): Wrap {
  return (Math.floor(total / qs) & 1) === 0 ? 1 : 0;
}
