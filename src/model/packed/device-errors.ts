/**
 * The packed device's refusals, built here so pop() and fill() in ./device read as QEMU's checks do. Messages
 * are QEMU's (virtqueue_packed_pop) where it prints one; the kinds and their explanations are in ./errors.
 */
import { PackedRingError } from './errors';
import type { Wrap } from './wrap';

/** Used descriptors of this lap are written only behind the avail position, never at it. */
export function usedInCurrentLap(slot: number, flags: number, wrap: Wrap): PackedRingError {
  return new PackedRingError(
    'UsedInCurrentLap',
    `slot ${slot} is already marked used for wrap counter ${wrap} before the device read it (flags 0x${flags.toString(16)})`,
    { slot, flags, wrap },
  );
}

/** `details`: `{ inUse }` before the walk (QEMU's only check), `{ inUse, ndescs }` after it. */
export function queueSizeExceeded(details: { inUse: number; ndescs?: number }): PackedRingError {
  return new PackedRingError('QueueSizeExceeded', 'Virtqueue size exceeded', details);
}

export function bufferIdOutOfRange(id: number, slot: number, queueSize: number): PackedRingError {
  return new PackedRingError('BufferIdOutOfRange', `Guest says index ${id} is available`, { id, slot, queueSize });
}

export function bufferIdInUse(id: number, slot: number): PackedRingError {
  return new PackedRingError('BufferIdInUse', `buffer id ${id} at slot ${slot} is already held by the device`, {
    id,
    slot,
  });
}

export function notHeld(id: number): PackedRingError {
  return new PackedRingError('NotInUse', `buffer ${id} is not held by the device`, { id });
}

export function lenExceedsWritable(id: number, len: number, writable: number): PackedRingError {
  return new PackedRingError('NotInUse', `used length ${len} exceeds buffer ${id}'s ${writable} writable bytes`, {
    id,
    len,
  });
}
