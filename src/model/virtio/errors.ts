/**
 * One error family for everything a queue can refuse, like rust-vmm virtio-queue's error
 * enum. Messages use the words the real implementations print (QEMU 7.2, libvhost-user,
 * Linux, rust-vmm), so a user who meets the real message elsewhere recognises it; the
 * `explanation` says the same in plain words for a newcomer.
 */

export type RingErrorKind =
  // configuration and memory
  | 'InvalidQueueSize'
  | 'InvalidLayout'
  | 'GuestMemory'
  | 'FeatureNotNegotiated'
  | 'InvalidBuffer'
  | 'NotEnoughFreeDescriptors'
  // device side: hostile or buggy available ring / descriptors
  | 'AvailIndexTooFar'
  | 'HeadOutOfRange'
  | 'NextOutOfRange'
  | 'DescriptorLoop'
  | 'ReadableAfterWritable'
  | 'ZeroSizedBuffer'
  | 'AddressOutOfRange'
  | 'IndirectTableTooLarge'
  | 'InvalidIndirectSize'
  | 'NestedIndirect'
  | 'IndirectWithNext'
  | 'ChainTooLong'
  | 'QueueSizeExceeded'
  | 'NotInUse'
  // driver side: hostile or buggy used ring
  | 'UsedIdOutOfRange'
  | 'UsedIdNotHead'
  | 'UsedIndexJump'
  | 'UsedLenTooLarge'
  // after any fatal error
  | 'QueueBroken';

export type RingSide = 'driver' | 'device' | 'config';

/** What each real implementation says for this kind, for the inspector. */
export interface RealTerms {
  qemu?: string;
  libvhostUser?: string;
  rustVmm?: string;
  linux?: string;
}

const KINDS: Record<RingErrorKind, { side: RingSide; fatal: boolean; explanation: string; terms: RealTerms }> = {
  InvalidQueueSize: {
    side: 'config',
    fatal: false,
    explanation: 'A split virtqueue has a power-of-two number of slots from 1 to 32768.',
    terms: { linux: 'Bad virtqueue length %u' },
  },
  InvalidLayout: {
    side: 'config',
    fatal: false,
    explanation:
      'The ring parts must be inside guest memory, each at its own alignment (16 for descriptors, 2 for the available ring, 4 for the used ring).',
    terms: { libvhostUser: 'Invalid vring_addr message' },
  },
  GuestMemory: {
    side: 'config',
    fatal: true,
    explanation: 'An address points outside guest memory.',
    terms: { rustVmm: 'GuestMemory' },
  },
  // Device side: checked on a chain's head only, because INDIRECT is honoured on the head only (see
  // NestedIndirect). The native device (vq.c) does the same and prints the same message; a
  // differential fuzz (native-bridge/src/differential) holds the two together.
  // libvhost-user does not check it: it follows INDIRECT whatever was negotiated (hostile.test.ts).
  FeatureNotNegotiated: {
    side: 'driver',
    fatal: false,
    explanation:
      'The driver tried to use a feature (such as indirect descriptors) that was not negotiated with the device.',
    terms: {},
  },
  InvalidBuffer: {
    side: 'driver',
    fatal: false,
    explanation: 'A buffer must have a non-zero length and lie inside guest memory.',
    terms: {},
  },
  NotEnoughFreeDescriptors: {
    side: 'driver',
    fatal: false,
    explanation:
      'The free list has fewer descriptors than this chain needs; the request waits until the device returns some.',
    terms: { linux: '-ENOSPC' },
  },
  // libvhost-user's pop (qemu-storage-daemon) never compares avail.idx with last_avail: it takes ring
  // slots until it holds QS chains, then says 'Virtqueue size exceeded' (checked by
  // native-bridge/src/vhost-user/hostile.test.ts); chains that complete meanwhile let it take stale
  // slots silently. Its 'Guest moved used index from %u to %u' (virtqueue_num_heads) shows on other
  // paths, e.g. from virtiofsd (bad-input.md).
  AvailIndexTooFar: {
    side: 'device',
    fatal: true,
    explanation:
      'avail.idx ran more than a whole queue ahead of what the device has consumed: the driver (or memory corruption) published entries that cannot exist.',
    terms: {
      qemu: 'Guest moved used index from %u to %u',
      libvhostUser: 'Virtqueue size exceeded',
      rustVmm: 'InvalidAvailRingIndex',
    },
  },
  HeadOutOfRange: {
    side: 'device',
    fatal: true,
    explanation: 'The available ring names a descriptor index that is not in the table.',
    terms: { qemu: 'Guest says index %u is available', libvhostUser: 'Guest says index %u is available' },
  },
  NextOutOfRange: {
    side: 'device',
    fatal: true,
    explanation: "A descriptor's next field points past the end of the table.",
    terms: { qemu: 'Desc next is %u', libvhostUser: 'Desc next is %u' },
  },
  DescriptorLoop: {
    side: 'device',
    fatal: true,
    explanation: 'Following next links visited more descriptors than the table holds, so the chain loops.',
    terms: { qemu: 'Looped descriptor', libvhostUser: 'Looped descriptor', rustVmm: 'ttl reached' },
  },
  ReadableAfterWritable: {
    side: 'device',
    fatal: true,
    explanation:
      'A device-readable descriptor came after a device-writable one; the spec requires all readable buffers first.',
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
  // Order on an indirect head: size, then address, then count, as QEMU (address_space_cache_init
  // before any count) and libvhost-user (vu_gpa_to_va) do; rust-vmm checks the size only and finds a
  // bad address when it reads. So a table both too long and outside memory is AddressOutOfRange.
  AddressOutOfRange: {
    side: 'device',
    fatal: true,
    explanation: 'A descriptor points at memory the guest does not have.',
    terms: {
      qemu: 'virtio: bogus descriptor or out of resources',
      libvhostUser: 'virtio: invalid address for buffers',
      rustVmm: 'GuestMemory',
    },
  },
  // libvhost-user's words are for its own limit (1024 mapped segments, VIRTQUEUE_MAX_SIZE), not the
  // queue size: a table of QS + 1 entries is walked like any other (hostile.test.ts records it).
  IndirectTableTooLarge: {
    side: 'device',
    fatal: true,
    explanation: 'An indirect table holds more descriptors than a chain may have (the queue size).',
    terms: {
      qemu: 'virtio: too many write descriptors in indirect table',
      libvhostUser: 'virtio: too many descriptors in indirect table',
    },
  },
  // libvhost-user: 'Invalid size for indirect buffer table' for len % 16 != 0; a 0-byte table passes
  // that check and fails to map: 'Invalid indirect buffer table' (seen from qemu-storage-daemon).
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
  // Where implementations differ: INDIRECT on a descriptor that is not a chain's head. The model
  // follows QEMU (virtqueue_split_pop looks at the head only) and libvhost-user (vu_queue_map_desc,
  // the same): later descriptors of the queue's own table are ordinary buffers whatever their
  // INDIRECT bit says. Linux vringh (__vringh_iov) and rust-vmm (DescriptorChain::next) follow
  // INDIRECT on any descriptor, as virtio 1.x 2.7.5.3.2 asks ("zero or more normal chained
  // descriptors followed by a single descriptor with INDIRECT"); vringh even returns to the queue's
  // table after an INDIRECT|NEXT. No driver builds such chains (Linux puts INDIRECT on the head),
  // and QEMU is the device most guests meet. Inside an indirect table the flag is refused, as
  // rust-vmm does (InvalidIndirectDescriptor) and vringh ("Multilevel indirect"); QEMU and
  // libvhost-user do not check and map the entry as a buffer.
  NestedIndirect: {
    side: 'device',
    fatal: true,
    explanation:
      "A descriptor inside an indirect table has the INDIRECT flag; the spec forbids nesting. rust-vmm and Linux vringh refuse it too; QEMU and libvhost-user do not check and use it as a plain buffer. (INDIRECT on a later descriptor of the queue's own table is not an error here: like QEMU, only a chain's head can point at a table; vringh and rust-vmm would follow it.)",
    terms: { rustVmm: 'InvalidIndirectDescriptor' },
  },
  // Refused on the head, as rust-vmm does (InvalidIndirectDescriptor). QEMU and libvhost-user ignore
  // NEXT on an indirect head and walk the table; Linux vringh walks the table and then follows next.
  IndirectWithNext: {
    side: 'device',
    fatal: true,
    explanation:
      'A descriptor has both INDIRECT and NEXT; the spec forbids that combination. rust-vmm refuses it too; QEMU and libvhost-user ignore NEXT and walk the table; Linux vringh walks the table and then follows next.',
    terms: { rustVmm: 'InvalidIndirectDescriptor' },
  },
  ChainTooLong: {
    side: 'driver',
    fatal: false,
    explanation: 'A chain may have at most queue-size descriptors and at most 4 GiB of buffers.',
    terms: {},
  },
  QueueSizeExceeded: {
    side: 'device',
    fatal: true,
    explanation: 'The device would hold more chains at once than the queue has slots.',
    terms: { qemu: 'Virtqueue size exceeded', libvhostUser: 'Virtqueue size exceeded' },
  },
  NotInUse: {
    side: 'device',
    fatal: false,
    explanation: 'The device tried to complete a chain it is not holding.',
    terms: { rustVmm: 'InvalidDescriptorIndex' },
  },
  UsedIdOutOfRange: {
    side: 'driver',
    fatal: true,
    explanation: 'The used ring names a descriptor index that is not in the table.',
    terms: { linux: 'id %u out of range' },
  },
  UsedIdNotHead: {
    side: 'driver',
    fatal: true,
    explanation: 'The used ring names a descriptor that is not the head of a chain the driver handed out.',
    terms: { linux: 'id %u is not a head!', rustVmm: 'InvalidDescriptorIndex' },
  },
  UsedIndexJump: {
    side: 'driver',
    fatal: true,
    explanation:
      'used.idx moved further than the number of chains the device holds: the device claims to have returned chains that were never given to it. (Linux does not check this; Ringside does.)',
    terms: {},
  },
  UsedLenTooLarge: {
    side: 'driver',
    fatal: true,
    explanation: 'The device says it wrote more bytes than the chain has device-writable space.',
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

export type ErrorDetails = Record<string, number | string | boolean>;

/** The plain-data form of a RingError, for event logs, traces and snapshots. */
export interface RingErrorInfo {
  kind: RingErrorKind;
  side: RingSide;
  message: string;
  explanation: string;
  fatal: boolean;
  details: ErrorDetails;
}

export class RingError extends Error {
  readonly kind: RingErrorKind;
  readonly side: RingSide;
  readonly fatal: boolean;
  readonly explanation: string;
  readonly terms: RealTerms;
  readonly details: ErrorDetails;

  constructor(kind: RingErrorKind, message: string, details: ErrorDetails, side?: RingSide) {
    super(message);
    this.name = 'RingError';
    const k = KINDS[kind];
    this.kind = kind;
    this.side = side ?? k.side;
    this.fatal = k.fatal;
    this.explanation = k.explanation;
    this.terms = k.terms;
    this.details = details;
  }

  toInfo(): RingErrorInfo {
    return {
      kind: this.kind,
      side: this.side,
      message: this.message,
      explanation: this.explanation,
      fatal: this.fatal,
      details: this.details,
    };
  }

  static fromInfo(info: RingErrorInfo): RingError {
    return new RingError(info.kind, info.message, info.details, info.side);
  }
}

export function isRingError(e: unknown): e is RingError {
  return e instanceof RingError;
}

/** What the real implementations print for `kind` (for inspectors and docs). */
export function realTerms(kind: RingErrorKind): RealTerms {
  return KINDS[kind].terms;
}
