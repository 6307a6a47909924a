// Test-only: wait for the four-caller scene the pool tests set up.
import type { LisafsPool } from './pool.ts';

/**
 * Wait (polling, up to 5 s: the machine may be loaded) until all four callers are in: two holding
 * channels, two on the socket lane. Returns quietly on timeout; the caller's own expectations then
 * say what was missing.
 */
export async function settled(p: LisafsPool): Promise<void> {
  for (const end = Date.now() + 5000; Date.now() < end; await new Promise((r) => setTimeout(r, 5))) {
    const s = p.stats();
    if (s.active === 2 && s.socketUsers === 2) return;
  }
}
