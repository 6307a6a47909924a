/**
 * The gofer hanging up, and the watchdog's response: shut down the channels in use, drop the
 * stack, wait for the last active user, then destroy every channel and the socket.
 */
import { type PoolEventBody, type PoolContext, ev } from './context';
import { closePool } from './pool';

export function hangup(ctx: PoolContext): PoolEventBody {
  ctx.s.socket.hungUp = true;
  ctx.s.watchdog.firedAt = ctx.sched.now;
  ctx.sched.schedule(0, { t: 'watchdog-shutdown' });
  return ev('hangup', 'The gofer hung up the socket. The watchdog, blocked in ppoll for POLLHUP|POLLRDHUP, wakes up.');
}

export function watchdogShutdown(ctx: PoolContext): PoolEventBody {
  const s = ctx.s;
  const interrupted = closePool(s);
  for (const id of interrupted) {
    const ch = s.channels[id];
    const n = ctx.sched.cancel((p) => p.t === 'server-done' && p.channel === id);
    if (n > 0) ctx.sched.schedule(0, { t: 'channel-fail', caller: ch.holder!, channel: id, reason: 'shutdown' });
  }
  s.watchdog.phase = 'waiting-for-users';
  if (s.activeCount === 0) ctx.sched.schedule(0, { t: 'watchdog-destroy' });
  return ev(
    'watchdog-shutdown',
    `The watchdog shut down the ${interrupted.length} channel(s) in use, set their state words to shutdown and threw away the stack of available channels, so nothing can be popped or pushed again. It now waits for ${s.activeCount} active user(s) to let go.`,
  );
}

export function watchdogDestroy(ctx: PoolContext): PoolEventBody {
  const s = ctx.s;
  for (const ch of s.channels) {
    ch.word = 'shutdown';
    ch.destroyed = true;
    if (ch.status !== 'dead') {
      ch.status = 'dead';
      ch.deathReason = 'pool-closed';
    }
  }
  s.fds.channelFdSockets = 0;
  s.fds.mappedWindows = 0;
  s.fds.socket = 0;
  s.socket.destroyed = true;
  s.watchdog.phase = 'destroyed';
  s.watchdog.destroyedAt = ctx.sched.now;
  s.phase = 'closed';
  return ev(
    'watchdog-destroy',
    `No caller holds a channel any more, so the watchdog destroyed all ${s.channels.length} channel(s) (unmapping their windows, closing their fd sockets) and then the socket. The client is closed.`,
  );
}
