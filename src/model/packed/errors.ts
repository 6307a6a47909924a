/**
 * Everything a packed queue can refuse, one typed error family like the split model's RingError. Messages use
 * the words QEMU, Linux and rust-vmm print for the same case where they print anything; where no real
 * implementation checks the case (several packed-ring rules are only in the spec), the message says so in the
 * spec's words and `terms` stays empty. `explanation` says it again for a newcomer.
 */
import type { RealTerms, RingSide } from '../virtio/errors';

export type { RealTerms, RingSide } from '../virtio/errors';

export type PackedErrorKind =
  // configuration and memory
  | 'InvalidQueueSize'
  | 'InvalidLayout'
  | 'GuestMemory'
  | 'FeatureNotNegotiated'
  // driver-side requests that cannot be placed (not fatal: the caller waits or gives up)
  | 'InvalidBuffer'
  | 'NotEnoughFreeDescriptors'
  | 'ChainTooLong'
  // device side: hostile or buggy available descriptors
  | 'UsedInCurrentLap'
  | 'ChainNotAvailable'
  | 'BufferIdOutOfRange'
  | 'BufferIdInUse'
  | 'DescriptorLoop'
  | 'ReadableAfterWritable'
  | 'ZeroSizedBuffer'
  | 'AddressOutOfRange'
  | 'IndirectWithNext'
  | 'IndirectInChain'
  | 'NestedIndirect'
  | 'InvalidIndirectSize'
  | 'IndirectTableTooLarge'
  | 'QueueSizeExceeded'
  | 'NotInUse'
  // driver side: hostile or buggy used descriptors
  | 'UsedIdOutOfRange'
  | 'UsedIdNotHead'
  | 'UsedLenTooLarge'
  // after any fatal error
  | 'QueueBroken';

interface KindInfo {
  side: RingSide;
  fatal: boolean;
  explanation: string;
  terms: RealTerms;
}

const KINDS: Record<PackedErrorKind, KindInfo> = {
  InvalidQueueSize: {
    side: 'config',
    fatal: false,
    explanation:
      'A packed virtqueue has from 1 to 32768 slots; unlike a split ring the size need not be a power of two.',
    terms: { qemu: 'virtio: queue size %u is not a power of 2 (QEMU refuses such sizes even for packed rings)' },
  },
  InvalidLayout: {
    side: 'config',
    fatal: false,
    explanation:
      'The descriptor ring must be 16-byte aligned and each event suppression area 4-byte aligned, all inside guest memory and not overlapping.',
    terms: { libvhostUser: 'Invalid vring_addr message' },
  },
  GuestMemory: {
    side: 'config',
    fatal: true,
    explanation: 'An address points outside guest memory.',
    terms: { rustVmm: 'GuestMemory' },
  },
  FeatureNotNegotiated: {
    side: 'device',
    fatal: true,
    explanation: 'A descriptor uses INDIRECT although VIRTIO_RING_F_INDIRECT_DESC was not negotiated.',
    terms: {},
  },
  InvalidBuffer: {
    side: 'driver',
    fatal: false,
    explanation: 'A buffer must have a non-zero length and lie inside guest memory, and a request needs at least one.',
    terms: {},
  },
  NotEnoughFreeDescriptors: {
    side: 'driver',
    fatal: false,
    explanation:
      'The ring has fewer free slots (and free buffer ids) than this request needs; it waits until the device returns some.',
    terms: { linux: "Can't add buf len %i - avail = %i (-ENOSPC)" },
  },
  ChainTooLong: {
    side: 'driver',
    fatal: false,
    explanation:
      'A descriptor list may not be longer than the queue (spec 2.8.19: "MUST NOT create a descriptor list longer than the Queue Size").',
    terms: { linux: 'WARN_ON_ONCE(total_sg > vq->packed.vring.num && !vq->indirect)' },
  },
  UsedInCurrentLap: {
    side: 'device',
    fatal: true,
    explanation:
      'The slot the device reads next already carries the used marking (AVAIL = USED = the device wrap counter) of the lap the device is in. Nobody writes that before the device has read the slot, so the ring was overwritten.',
    terms: {},
  },
  ChainNotAvailable: {
    side: 'device',
    fatal: true,
    explanation:
      'A descriptor has NEXT, but the slot after it is not marked available for its lap. The spec requires AVAIL and USED to be set in every descriptor of a list; QEMU does not check and would read a stale descriptor from an earlier lap.',
    terms: {},
  },
  BufferIdOutOfRange: {
    side: 'device',
    fatal: true,
    explanation:
      'An available descriptor carries a buffer id outside 0..QS-1; the driver could never match a used descriptor to it.',
    terms: { qemu: 'Guest says index %u is available (split ring; QEMU does not check packed buffer ids)' },
  },
  BufferIdInUse: {
    side: 'device',
    fatal: true,
    explanation:
      'An available descriptor carries a buffer id the device already holds; the driver would not know which of the two a used descriptor returns.',
    terms: {},
  },
  DescriptorLoop: {
    side: 'device',
    fatal: true,
    explanation: 'The list ran over more descriptors than the ring (or its indirect table) holds.',
    terms: { qemu: 'Looped descriptor', libvhostUser: 'Looped descriptor' },
  },
  ReadableAfterWritable: {
    side: 'device',
    fatal: true,
    explanation:
      'A device-readable descriptor follows a device-writable one; the spec requires readable buffers first.',
    terms: { qemu: 'Incorrect order for descriptors', libvhostUser: 'Incorrect order for descriptors' },
  },
  ZeroSizedBuffer: {
    side: 'device',
    fatal: true,
    explanation: 'A descriptor has length 0.',
    terms: {
      qemu: 'virtio: zero sized buffers are not allowed',
      libvhostUser: 'virtio: zero sized buffers are not allowed',
    },
  },
  AddressOutOfRange: {
    side: 'device',
    fatal: true,
    explanation: 'A descriptor (or the indirect table it points at) lies outside guest memory.',
    terms: {
      qemu: 'virtio: bogus descriptor or out of resources / Cannot map indirect buffer',
      libvhostUser: 'virtio: invalid address for buffers',
      rustVmm: 'GuestMemory',
    },
  },
  IndirectWithNext: {
    side: 'device',
    fatal: true,
    explanation:
      'A ring descriptor has both INDIRECT and NEXT. QEMU ignores NEXT there and skips one slot; Ringside refuses, as rust-vmm does for split rings.',
    terms: { rustVmm: 'InvalidIndirectDescriptor' },
  },
  IndirectInChain: {
    side: 'device',
    fatal: true,
    explanation:
      'A descriptor reached through NEXT has INDIRECT (spec: "MUST NOT write direct descriptors with DESC_F_INDIRECT set in a scatter-gather list linked by VIRTQ_DESC_F_NEXT").',
    terms: { rustVmm: 'InvalidIndirectDescriptor' },
  },
  NestedIndirect: {
    side: 'device',
    fatal: true,
    explanation: 'An entry of an indirect table has INDIRECT; tables do not nest.',
    terms: { rustVmm: 'InvalidIndirectDescriptor' },
  },
  InvalidIndirectSize: {
    side: 'device',
    fatal: true,
    explanation: 'An indirect table length must be a non-zero multiple of 16 bytes (one descriptor each).',
    terms: {
      qemu: 'Invalid size for indirect buffer table',
      libvhostUser: 'Invalid size for indirect buffer table',
      rustVmm: 'InvalidIndirectDescriptorTable',
    },
  },
  IndirectTableTooLarge: {
    side: 'device',
    fatal: true,
    explanation: 'An indirect table holds more descriptors than a list may have (the queue size).',
    terms: {
      qemu: 'virtio: too many write descriptors in indirect table',
      libvhostUser: 'virtio: too many descriptors in indirect table',
    },
  },
  QueueSizeExceeded: {
    side: 'device',
    fatal: true,
    explanation: 'The device would hold more descriptors at once than the ring has slots.',
    terms: { qemu: 'Virtqueue size exceeded', libvhostUser: 'Virtqueue size exceeded' },
  },
  NotInUse: {
    side: 'device',
    fatal: false,
    explanation: 'The device tried to complete a buffer it is not holding, or to report more bytes than it may write.',
    terms: { rustVmm: 'InvalidDescriptorIndex' },
  },
  UsedIdOutOfRange: {
    side: 'driver',
    fatal: true,
    explanation: 'A used descriptor names a buffer id outside 0..QS-1.',
    terms: { linux: 'id %u out of range' },
  },
  UsedIdNotHead: {
    side: 'driver',
    fatal: true,
    explanation: 'A used descriptor names a buffer id the driver has not made available (or has already reclaimed).',
    terms: { linux: 'id %u is not a head!', rustVmm: 'InvalidDescriptorIndex' },
  },
  UsedLenTooLarge: {
    side: 'driver',
    fatal: true,
    explanation: 'The device says it wrote more bytes than the buffer has device-writable space.',
    terms: { linux: 'used len %d is larger than in buflen %u' },
  },
  QueueBroken: {
    side: 'device',
    fatal: true,
    explanation:
      'An earlier error broke this queue (Linux marks it BAD_RING, QEMU sets NEEDS_RESET); it refuses all work until reset. Everything completed before the error is kept.',
    terms: { linux: 'BAD_RING', qemu: 'VIRTIO_CONFIG_S_NEEDS_RESET' },
  },
};

export type PackedErrorDetails = Record<string, number | string | boolean>;

/** The plain-data form, for event logs, traces and snapshots. */
export interface PackedErrorInfo {
  kind: PackedErrorKind;
  side: RingSide;
  message: string;
  explanation: string;
  fatal: boolean;
  details: PackedErrorDetails;
}

export class PackedRingError extends Error {
  readonly kind: PackedErrorKind;
  readonly side: RingSide;
  readonly fatal: boolean;
  readonly explanation: string;
  readonly terms: RealTerms;
  readonly details: PackedErrorDetails;

  constructor(kind: PackedErrorKind, message: string, details: PackedErrorDetails, side?: RingSide) {
    super(message);
    this.name = 'PackedRingError';
    const k = KINDS[kind];
    this.kind = kind;
    this.side = side ?? k.side;
    this.fatal = k.fatal;
    this.explanation = k.explanation;
    this.terms = k.terms;
    this.details = details;
  }

  toInfo(): PackedErrorInfo {
    return {
      kind: this.kind,
      side: this.side,
      message: this.message,
      explanation: this.explanation,
      fatal: this.fatal,
      details: this.details,
    };
  }

  static fromInfo(info: PackedErrorInfo): PackedRingError {
    return new PackedRingError(info.kind, info.message, info.details, info.side);
  }
}

export function isPackedRingError(e: unknown): e is PackedRingError {
  return e instanceof PackedRingError;
}

/** What the real implementations print for `kind` (for inspectors and docs). */
export function packedRealTerms(kind: PackedErrorKind): RealTerms {
  return KINDS[kind].terms;
}

export const PACKED_ERROR_KINDS = Object.keys(KINDS) as PackedErrorKind[];
