/**
 * A queue side that an error has broken (Linux BAD_RING, QEMU NEEDS_RESET) refuses all
 * further work; both sides share these two rules.
 */
import { RingError, type RingErrorInfo, type RingSide } from './errors';

export interface Breakable {
  broken: RingErrorInfo | null;
}

/** Throw QueueBroken if this side is broken. */
export function refuseIfBroken(s: Breakable, side: RingSide): void {
  if (s.broken) {
    throw new RingError('QueueBroken', `virtqueue is broken: ${s.broken.message}`, { cause: s.broken.kind }, side);
  }
}

/** Run `f`; a fatal RingError it throws breaks this side (the first one is kept). */
export function breakOnFatal<T>(s: Breakable, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RingError && e.fatal && !s.broken) s.broken = e.toInfo();
    throw e;
  }
}
