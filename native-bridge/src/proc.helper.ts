// Test-only: process resource counters from /proc, and a GC trigger that works without --expose-gc.
import { readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const fdCount = (): number => readdirSync('/proc/self/fd').length;
export const threadCount = (): number => readdirSync('/proc/self/task').length;
export const mapsMatching = (needle: string): number =>
  readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .filter((l) => l.includes(needle)).length;

let gcFn: (() => void) | undefined;
/** A full GC: global.gc if exposed, else enable the flag at runtime and fetch gc from a fresh context. */
export function forceGc(): void {
  if (!gcFn) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) gcFn = g;
    else {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    }
  }
  gcFn();
}

/**
 * Force GCs until `done()` holds or `tries` rounds (10 ms apart: V8 frees backing stores and
 * finalises wrappers on background threads) have passed; returns whether it held.
 */
export async function gcUntil(done: () => boolean, tries = 300): Promise<boolean> {
  for (let i = 0; i < tries && !done(); i++) {
    forceGc();
    await new Promise((r) => setTimeout(r, 10));
  }
  return done();
}
