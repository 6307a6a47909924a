/** Bits and sizes from the virtio 1.2 spec and Linux's <linux/virtio_ring.h>. */

export const VRING_DESC_F_NEXT = 1;
export const VRING_DESC_F_WRITE = 2;
export const VRING_DESC_F_INDIRECT = 4;

/** used.flags: the device asks not to be kicked. */
export const VRING_USED_F_NO_NOTIFY = 1;
/** avail.flags: the driver asks not to be interrupted. */
export const VRING_AVAIL_F_NO_INTERRUPT = 1;

export const VIRTIO_F_NOTIFY_ON_EMPTY = 24;
export const VIRTIO_F_ANY_LAYOUT = 27;
export const VIRTIO_RING_F_INDIRECT_DESC = 28;
export const VIRTIO_RING_F_EVENT_IDX = 29;
export const VIRTIO_F_VERSION_1 = 32;

export const DESC_SIZE = 16;
export const MAX_QUEUE_SIZE = 32768;
/** A chain may not carry more than 2^32 bytes (spec 2.7.5.3.1). */
export const MAX_CHAIN_BYTES = 2 ** 32;

/** The ring features the model negotiates; each on or off. */
export interface RingFeatures {
  eventIdx: boolean;
  indirect: boolean;
}

export const NO_FEATURES: RingFeatures = { eventIdx: false, indirect: false };

export function featureBits(f: RingFeatures): bigint {
  let bits = 1n << BigInt(VIRTIO_F_VERSION_1);
  if (f.eventIdx) bits |= 1n << BigInt(VIRTIO_RING_F_EVENT_IDX);
  if (f.indirect) bits |= 1n << BigInt(VIRTIO_RING_F_INDIRECT_DESC);
  return bits;
}

export function descFlagNames(flags: number): string[] {
  const names: string[] = [];
  if (flags & VRING_DESC_F_NEXT) names.push('NEXT');
  if (flags & VRING_DESC_F_WRITE) names.push('WRITE');
  if (flags & VRING_DESC_F_INDIRECT) names.push('INDIRECT');
  const rest = flags & ~7;
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names;
}

/**
 * The event-index test used in both directions (kick and interrupt), Linux's
 * `vring_need_event`: notify when the other side's event index is one of the entries just
 * published, indices old … new−1, i.e. [old, new). All arithmetic is on free-running u16
 * indices, so the window may straddle the wrap from 65535 to 0.
 */
export function needEvent(eventIdx: number, newIdx: number, oldIdx: number): boolean {
  return ((newIdx - eventIdx - 1) & 0xffff) < ((newIdx - oldIdx) & 0xffff);
}

/** The need-event test written out for a reader: the window, and the two u16 differences compared. */
export function needEventWorking(eventIdx: number, newIdx: number, oldIdx: number): string {
  const lhs = (newIdx - eventIdx - 1) & 0xffff;
  const rhs = (newIdx - oldIdx) & 0xffff;
  const last = (newIdx - 1) & 0xffff;
  const entries = rhs === 0 ? 'no entries' : rhs === 1 ? `entry ${oldIdx}` : `entries ${oldIdx}…${last}`;
  const verdict = lhs < rhs ? 'is one of them' : 'is not one of them';
  return `${eventIdx} ${verdict}: just published ${entries} = [${oldIdx}, ${newIdx}); (new − event − 1) mod 65536 = ${lhs} ${lhs < rhs ? '<' : '≥'} new − old = ${rhs}`;
}
