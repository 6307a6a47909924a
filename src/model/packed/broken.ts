/**
 * A side that a fatal error has broken (Linux BAD_RING, QEMU NEEDS_RESET) refuses all further work; driver and
 * device share these rules. GuestMemory's own RingError (an access outside memory) is turned into the packed
 * family here, so callers of the packed model catch one error type.
 */
import { RingError } from '../virtio/errors';
import { PackedRingError, type PackedErrorInfo, type RingSide } from './errors';

export interface Breakable {
  broken: PackedErrorInfo | null;
}

export function refuseIfBroken(s: Breakable, side: RingSide): void {
  if (s.broken) {
    throw new PackedRingError(
      'QueueBroken',
      `virtqueue is broken: ${s.broken.message}`,
      { cause: s.broken.kind },
      side,
    );
  }
}

/** The packed form of anything a ring access threw. */
export function asPackedError(e: unknown, side: RingSide): unknown {
  if (e instanceof RingError && e.kind === 'GuestMemory') {
    return new PackedRingError('GuestMemory', e.message, e.details, side);
  }
  return e;
}

/** For a catch block: a fatal error breaks this side (the first one is kept); returns the error to rethrow. */
export function breakWith(s: Breakable, e: unknown, side: RingSide): unknown {
  const err = asPackedError(e, side);
  if (err instanceof PackedRingError && err.fatal && !s.broken) s.broken = err.toInfo();
  return err;
}
