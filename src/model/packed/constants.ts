/**
 * Bits and sizes of the virtio 1.1+ packed ring, as <linux/virtio_ring.h> and the virtio 1.2 spec
 * ("Packed Virtqueues") define them. The descriptor flags NEXT / WRITE / INDIRECT are the split ring's.
 */
export {
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
  VIRTIO_RING_F_EVENT_IDX,
  VIRTIO_RING_F_INDIRECT_DESC,
  VIRTIO_F_VERSION_1,
  needEvent,
} from '../virtio/constants';
import { VIRTIO_F_VERSION_1, VIRTIO_RING_F_EVENT_IDX, VIRTIO_RING_F_INDIRECT_DESC } from '../virtio/constants';

/** Bit positions (the header defines them as shifts, not masks). */
export const VRING_PACKED_DESC_F_AVAIL_SHIFT = 7;
export const VRING_PACKED_DESC_F_USED_SHIFT = 15;
/** The masks the model works with. */
export const VRING_PACKED_DESC_F_AVAIL = 1 << VRING_PACKED_DESC_F_AVAIL_SHIFT;
export const VRING_PACKED_DESC_F_USED = 1 << VRING_PACKED_DESC_F_USED_SHIFT;

/** Event suppression flags (the `flags` half of struct vring_packed_desc_event). */
export const VRING_PACKED_EVENT_FLAG_ENABLE = 0x0;
export const VRING_PACKED_EVENT_FLAG_DISABLE = 0x1;
/** Notify only when the descriptor named by off_wrap is made available / used (needs EVENT_IDX). */
export const VRING_PACKED_EVENT_FLAG_DESC = 0x2;
/** off_wrap: bit 15 is the wrap counter, bits 0-14 the ring offset. */
export const VRING_PACKED_EVENT_F_WRAP_CTR = 15;

export const VIRTIO_F_RING_PACKED = 34;
export const VIRTIO_F_IN_ORDER = 35;

/** struct vring_packed_desc: le64 addr, le32 len, le16 id, le16 flags. */
export const PACKED_DESC_SIZE = 16;
export const PACKED_DESC_ADDR = 0;
export const PACKED_DESC_LEN = 8;
export const PACKED_DESC_ID = 12;
export const PACKED_DESC_FLAGS = 14;
/** struct vring_packed_desc_event: le16 off_wrap, le16 flags. */
export const PACKED_EVENT_SIZE = 4;
export const PACKED_EVENT_OFF_WRAP = 0;
export const PACKED_EVENT_FLAGS = 2;

/** The spec allows up to 2^15 entries, and any size in between (no power of two needed). */
export const MAX_PACKED_QUEUE_SIZE = 32768;

/** The ring features the packed model negotiates; each on or off. */
export interface PackedFeatures {
  eventIdx: boolean;
  indirect: boolean;
}

export function packedFeatureBits(f: PackedFeatures): bigint {
  let bits = (1n << BigInt(VIRTIO_F_VERSION_1)) | (1n << BigInt(VIRTIO_F_RING_PACKED));
  if (f.eventIdx) bits |= 1n << BigInt(VIRTIO_RING_F_EVENT_IDX);
  if (f.indirect) bits |= 1n << BigInt(VIRTIO_RING_F_INDIRECT_DESC);
  return bits;
}

/** Flag names of a packed descriptor, for logs and inspectors ("AVAIL", "USED", "NEXT", ...). */
export function packedFlagNames(flags: number): string[] {
  const names: string[] = [];
  if (flags & 1) names.push('NEXT');
  if (flags & 2) names.push('WRITE');
  if (flags & 4) names.push('INDIRECT');
  if (flags & VRING_PACKED_DESC_F_AVAIL) names.push('AVAIL');
  if (flags & VRING_PACKED_DESC_F_USED) names.push('USED');
  const rest = flags & ~(7 | VRING_PACKED_DESC_F_AVAIL | VRING_PACKED_DESC_F_USED);
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names;
}

export function eventFlagName(flags: number): string {
  if (flags === VRING_PACKED_EVENT_FLAG_ENABLE) return 'ENABLE';
  if (flags === VRING_PACKED_EVENT_FLAG_DISABLE) return 'DISABLE';
  if (flags === VRING_PACKED_EVENT_FLAG_DESC) return 'DESC';
  return `reserved 0x${flags.toString(16)}`;
}
