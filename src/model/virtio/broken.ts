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

/**
 * For a catch block: a fatal RingError breaks this side (the first one is kept); returns
 * the error for the caller to rethrow. (An inline try/catch rather than a closure keeps
 * hot paths free of allocations.)
 */
export function breakWith(s: Breakable, e: unknown): unknown {
  if (e instanceof RingError && e.fatal && !s.broken) s.broken = e.toInfo();
  return e;
}
