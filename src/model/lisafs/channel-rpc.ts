/** How an RPC on a channel ends: the gofer replies, or the channel dies; then it is released. */
import { CHANNEL_HEADER_BYTES, MID, midName } from './constants';
import { type PoolEventBody, type PoolContext, describeCaller, ev } from './context';
import { serverReply } from './flipcall';
import { finishRpc } from './lifecycle';
import { recordLatency } from './measure';
import { killChannel, releaseChannel } from './pool';
import type { PoolState } from './types';

export function serverDone(ctx: PoolContext, callerId: number, id: number): PoolEventBody {
  const c = ctx.s.callers[callerId];
  const ch = ctx.s.channels[id];
  const rpc = c.current!;
  ch.word = serverReply(ch.word);
  const ok = rpc.fate === 'ok';
  ch.packetWindow.mid = ok ? rpc.mid : MID.Error;
  ch.packetWindow.dataLen = CHANNEL_HEADER_BYTES + (ok ? rpc.respBytes : 4);
  ch.packetWindow.numFDs = ok ? rpc.donateFDs : 0;
  if (ok && rpc.donateFDs > 0) {
    ch.fdsDonated += rpc.donateFDs;
    c.fdsReceived += Math.min(rpc.donateFDs, rpc.wantFDs);
  }
  if (!ok) rpc.errno = 'ENOENT';
  ctx.sched.schedule(0, { t: 'release', caller: c.id, channel: id });
  const fds = ok && rpc.donateFDs > 0 ? ` and donated ${rpc.donateFDs} host FD${rpc.donateFDs > 1 ? 's' : ''}` : '';
  const text = ok
    ? `The gofer wrote its ${midName(rpc.mid)} reply into channel ${id}'s window${fds}, then flipped the state word back to client-active, waking ${describeCaller(c)}.`
    : `The gofer's ${midName(rpc.mid)} handler failed, so it answered on channel ${id} with an Error message carrying ENOENT; the channel itself is fine.`;
  return ev('server-replied', text, {
    caller: c.id,
    channel: id,
    mid: ch.packetWindow.mid ?? undefined,
    errno: rpc.errno,
  });
}

export function channelFail(
  ctx: PoolContext,
  callerId: number,
  id: number,
  reason: 'transport-error' | 'shutdown',
): PoolEventBody {
  const c = ctx.s.callers[callerId];
  const rpc = c.current!;
  killChannel(ctx.s, id, reason);
  rpc.errno = 'EIO';
  ctx.sched.schedule(0, { t: 'release', caller: c.id, channel: id });
  const text =
    reason === 'shutdown'
      ? `The watchdog shut channel ${id} down under ${describeCaller(c)}'s ${midName(rpc.mid)}; the caller wakes to a shutdown word and gets EIO.`
      : `Channel ${id}'s send/receive failed mid-${midName(rpc.mid)}: it is marked dead for good, will never be re-pooled or re-created, and ${describeCaller(c)} gets EIO.`;
  return ev('channel-died', text, { caller: c.id, channel: id, mid: rpc.mid, errno: 'EIO' });
}

export function release(ctx: PoolContext, callerId: number, id: number): PoolEventBody {
  const s = ctx.s;
  const c = s.callers[callerId];
  const ch = s.channels[id];
  const errno = c.current!.errno;
  recordLatency(ctx, c, 'channel');
  const repooled = releaseChannel(s, id);
  finishRpc(ctx, c, errno);
  if (s.watchdog.phase === 'waiting-for-users' && s.activeCount === 0) ctx.sched.schedule(0, { t: 'watchdog-destroy' });
  const where = repooled
    ? `pushed it back on top of the stack, so the next caller reuses this same hot channel`
    : ch.deathReason === 'transport-error'
      ? `did not re-pool it because it is dead; the pool now has ${liveChannels(s)} live channel(s)`
      : `did not re-pool it because the watchdog has emptied the pool`;
  return ev('channel-released', `${describeCaller(c)} finished with channel ${id} and ${where}.`, {
    caller: c.id,
    channel: id,
    errno,
  });
}

function liveChannels(s: PoolState): number {
  return s.channels.filter((ch) => ch.status !== 'dead').length;
}
