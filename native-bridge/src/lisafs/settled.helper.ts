// Test-only: wait for the four-caller scene the pool tests set up.
import { waitFor } from '../ring-writer.helper.ts';
import type { LisafsPool } from './pool.ts';

/**
 * Wait (polling, up to 5 s: the machine may be loaded) until all four callers are in: two holding
 * channels, two on the socket lane. Returns quietly on timeout; the caller's own expectations then
 * say what was missing.
 */
export function settled(p: LisafsPool): Promise<void> {
  return waitFor(
    () => {
      const s = p.stats();
      return s.active === 2 && s.socketUsers === 2;
    },
    5000,
    'four callers',
  ).catch(() => undefined);
}
