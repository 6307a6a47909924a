/**
 * The packed driver's refusals, built here so the hot paths in ./driver read as Linux's do: one line per check.
 * Messages are Linux's (virtqueue_add_packed, virtqueue_get_buf_ctx_packed) where it prints one; the kinds and
 * their explanations are in ./errors.
 */
import type { BufferRef } from '../virtio/chain';
import { PackedRingError } from './errors';

/** An element that is empty, longer than a descriptor's u32 len, or outside guest memory. */
export function invalidBuffer(b: BufferRef): PackedRingError {
  return new PackedRingError(
    'InvalidBuffer',
    `buffer 0x${b.addr.toString(16)}+${b.len} is empty or outside guest memory`,
    { addr: b.addr, len: b.len },
  );
}

export function emptyBufferList(): PackedRingError {
  return new PackedRingError('InvalidBuffer', 'a buffer needs at least one element', {});
}

export function chainTooLong(total: number, queueSize: number): PackedRingError {
  return new PackedRingError('ChainTooLong', `a list of ${total} descriptors is longer than the queue (${queueSize})`, {
    total,
    queueSize,
  });
}

/** Not fatal: the caller waits for used buffers. */
export function notEnoughFreeDescriptors(needed: number, numFree: number): PackedRingError {
  return new PackedRingError('NotEnoughFreeDescriptors', `Can't add buf len ${needed} - avail = ${numFree}`, {
    needed,
    numFree,
  });
}

export function usedIdOutOfRange(id: number, slot: number, queueSize: number): PackedRingError {
  return new PackedRingError('UsedIdOutOfRange', `id ${id} out of range`, { id, slot, queueSize });
}

export function usedIdNotHead(id: number, slot: number): PackedRingError {
  return new PackedRingError('UsedIdNotHead', `id ${id} is not a head!`, { id, slot });
}

export function usedLenTooLarge(id: number, len: number, buflen: number): PackedRingError {
  return new PackedRingError('UsedLenTooLarge', `used len ${len} is larger than in buflen ${buflen}`, {
    id,
    len,
    buflen,
  });
}
