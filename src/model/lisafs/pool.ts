/**
 * The channel pool proper: a LIFO stack of available channels. Popping the top and pushing
 * back on top means a lightly loaded client keeps reusing the same channel, whose window is
 * hot in cache, while the channels lower down stay cold. These functions mutate a PoolState
 * in place and are the only code that moves channels on or off the stack.
 */
import type { DeathReason, PoolState } from './types';
import { shutdown } from './flipcall';

/** getChannel: pop the top channel, or null when the stack is empty or the pool is closed. */
export function popChannel(s: PoolState, caller: number): number | null {
  if (s.stack === null || s.stack.length === 0) return null;
  const id = s.stack.pop()!;
  const ch = s.channels[id];
  ch.status = 'active';
  ch.holder = caller;
  ch.uses++;
  s.activeCount++; // activeWg.Add(1)
  return id;
}

/**
 * releaseChannel: push back unless the channel died or the watchdog has emptied the pool.
 * Returns whether it went back on the stack.
 */
export function releaseChannel(s: PoolState, id: number): boolean {
  const ch = s.channels[id];
  ch.holder = null;
  s.activeCount--; // activeWg.Done()
  if (ch.status === 'dead') return false;
  if (s.stack === null) {
    // Not marked dead by gVisor, but nothing can ever reach it again: the model calls that dead.
    ch.status = 'dead';
    ch.deathReason = ch.word === 'shutdown' ? 'shutdown' : 'pool-closed';
    return false;
  }
  ch.status = 'available';
  s.stack.push(id);
  return true;
}

/** A send or receive failed: the channel is dead for good (never re-pooled, never re-created). */
export function killChannel(s: PoolState, id: number, reason: DeathReason): void {
  const ch = s.channels[id];
  ch.status = 'dead';
  ch.deathReason ??= reason;
}

/**
 * The watchdog's shutdownActiveChans: shut down every channel that is not on the stack, then
 * drop the stack so nothing can be popped or pushed again. Returns the ids it shut down that
 * were still held by a caller, whose RPCs must now fail.
 */
export function closePool(s: PoolState): number[] {
  const onStack = new Set(s.stack ?? []);
  const interrupted: number[] = [];
  for (const ch of s.channels) {
    if (onStack.has(ch.id)) continue;
    ch.word = shutdown(ch.word);
    if (ch.status === 'active') interrupted.push(ch.id);
  }
  for (const id of onStack) {
    const ch = s.channels[id];
    ch.status = 'dead';
    ch.deathReason = 'pool-closed';
  }
  s.stack = null;
  return interrupted;
}
