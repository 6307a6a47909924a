/**
 * Invariants of the channel pool, checked after every step of the simulation. Each names a
 * property a reader of the gVisor code relies on; a violation throws PoolInvariantError.
 */
import { PoolInvariantError } from './errors';
import type { PoolState } from './types';

export function checkPoolInvariants(s: PoolState): void {
  const fail = (kind: ConstructorParameters<typeof PoolInvariantError>[0], msg: string): never => {
    throw new PoolInvariantError(kind, msg);
  };

  // The stack holds exactly the available channels, each once.
  if (s.stack !== null) {
    const seen = new Set<number>();
    for (const id of s.stack) {
      if (seen.has(id)) fail('stack-duplicate', `channel ${id} is on the stack twice`);
      seen.add(id);
      const ch = s.channels[id];
      if (!ch) fail('stack-mismatch', `stack names unknown channel ${id}`);
      if (ch.status !== 'available') fail('stack-mismatch', `channel ${id} is on the stack but ${ch.status}`);
      if (ch.holder !== null)
        fail('channel-on-stack-held', `caller ${ch.holder} holds channel ${id}, which is on the stack`);
    }
    for (const ch of s.channels)
      if (ch.status === 'available' && !seen.has(ch.id))
        fail('stack-mismatch', `channel ${ch.id} is available but not on the stack`);
  } else {
    for (const ch of s.channels)
      if (ch.status === 'available')
        fail('closed-pool-usable', `channel ${ch.id} is available after the pool was emptied`);
  }

  // Every channel is available, active or dead. A held channel has exactly one holder who
  // knows it; a dead one may still be held by the caller it failed under until it is released.
  let held = 0;
  for (const ch of s.channels) {
    if (ch.status === 'active' && ch.holder === null)
      fail('holder-mismatch', `channel ${ch.id} is active with no holder`);
    if (ch.status === 'available' && ch.holder !== null)
      fail('channel-on-stack-held', `available channel ${ch.id} is held by caller ${ch.holder}`);
    if (ch.holder !== null) {
      held++;
      const c = s.callers[ch.holder];
      if (c?.status !== 'on-channel' || c.current?.channel !== ch.id)
        fail('holder-mismatch', `channel ${ch.id} says caller ${ch.holder} holds it, the caller disagrees`);
    }
    // Handoff word: an idle channel's window belongs to the client.
    if (ch.status === 'available' && ch.word !== 'client-active')
      fail('handoff-word', `available channel ${ch.id} has word ${ch.word}`);
    if (ch.destroyed && ch.word !== 'shutdown') fail('handoff-word', `destroyed channel ${ch.id} has word ${ch.word}`);
    if (ch.packetWindow.dataLen > ch.packetWindow.bytes)
      fail(
        'window-overflow',
        `channel ${ch.id} holds ${ch.packetWindow.dataLen} bytes in a ${ch.packetWindow.bytes}-byte window`,
      );
  }
  if (held !== s.activeCount) fail('active-count', `activeWg says ${s.activeCount}, ${held} channels are held`);

  for (const c of s.callers) {
    if (c.status === 'on-channel') {
      const id = c.current?.channel;
      if (id == null || s.channels[id]?.holder !== c.id)
        fail('holder-mismatch', `caller ${c.id} is on a channel it does not hold`);
    }
  }

  // sockMu: at most one holder, who is on the socket; waiters are blocked and not the holder.
  const sock = s.socket;
  if (sock.holder !== null && s.callers[sock.holder]?.status !== 'on-socket')
    fail('mutex', `caller ${sock.holder} holds sockMu but is ${s.callers[sock.holder]?.status}`);
  const onSocket = s.callers.filter((c) => c.status === 'on-socket');
  if (onSocket.length > 1) fail('mutex', `${onSocket.length} callers use the socket at once`);
  if (onSocket.length === 1 && sock.holder !== onSocket[0].id)
    fail('mutex', `caller ${onSocket[0].id} uses the socket without sockMu`);
  if (new Set(sock.queue).size !== sock.queue.length) fail('mutex', 'a caller waits on sockMu twice');
  for (const id of sock.queue) {
    if (id === sock.holder) fail('mutex', `caller ${id} waits for the mutex it holds`);
    if (s.callers[id]?.status !== 'waiting-socket')
      fail('mutex', `caller ${id} is queued on sockMu but ${s.callers[id]?.status}`);
  }
  const waiting = s.callers.filter((c) => c.status === 'waiting-socket').length;
  if (waiting !== sock.queue.length)
    fail('mutex', `${waiting} callers wait for sockMu, the queue has ${sock.queue.length}`);

  // Use counts add up to the channel RPCs that were started.
  const uses = s.channels.reduce((n, ch) => n + ch.uses, 0);
  const channelRpcs =
    s.latency.filter((l) => l.path === 'channel').length +
    s.callers.filter((c) => c.current?.path === 'channel').length;
  if (uses !== channelRpcs) fail('use-count', `channels count ${uses} uses, ${channelRpcs} channel RPCs were started`);

  // Once the watchdog has destroyed everything, nothing is usable and nothing leaks.
  if (s.watchdog.phase !== 'polling' && s.stack !== null)
    fail('closed-pool-usable', 'the watchdog fired but the stack is still there');
  if (s.watchdog.phase === 'destroyed') {
    if (s.activeCount !== 0) fail('leak', `${s.activeCount} channels still active after destruction`);
    for (const ch of s.channels)
      if (!ch.destroyed || ch.status !== 'dead') fail('leak', `channel ${ch.id} survived destruction (${ch.status})`);
    if (!sock.destroyed) fail('leak', 'the socket survived destruction');
    const f = s.fds;
    if (f.socket + f.channelFdSockets + f.mappedWindows !== 0)
      fail(
        'leak',
        `transport FDs still open: socket ${f.socket}, fd sockets ${f.channelFdSockets}, windows ${f.mappedWindows}`,
      );
  }
  const live = s.channels.filter((c) => !c.destroyed).length;
  if (s.fds.channelFdSockets !== live || s.fds.mappedWindows !== live)
    fail('leak', `${live} live channels but ${s.fds.channelFdSockets} fd sockets and ${s.fds.mappedWindows} windows`);
}
