/** The socket fallback: one RPC at a time under sockMu, the rest queue for the mutex in order. */
import { MID, midName } from './constants';
import { type PoolEventBody, type PoolContext, copyNs, describeCaller, ev } from './context';
import { finishRpc } from './lifecycle';
import { recordLatency } from './measure';
import type { CallerState } from './types';

/** The caller holds sockMu now and sends its current RPC over the socket. */
export function takeSocket(ctx: PoolContext, c: CallerState): void {
  const sock = ctx.s.socket;
  const rpc = c.current!;
  sock.holder = c.id;
  sock.uses++;
  c.status = 'on-socket';
  rpc.startedAt = ctx.sched.now;
  // A hung-up socket fails the send at once; otherwise a full socket round trip.
  const delay = sock.hungUp ? 0 : ctx.config.socketRttNs + copyNs(ctx, rpc.reqBytes + rpc.respBytes, 2) + rpc.serviceNs;
  ctx.sched.schedule(delay, { t: 'socket-done', caller: c.id });
}

export function socketDone(ctx: PoolContext, callerId: number): PoolEventBody {
  const s = ctx.s;
  const c = s.callers[callerId];
  const rpc = c.current!;
  const sock = s.socket;
  const failed = sock.hungUp;
  const phaseBefore = s.phase;
  if (failed) rpc.errno = 'ECONNRESET';
  else {
    if (rpc.fate === 'server-error') rpc.errno = 'ENOENT';
    else if (rpc.donateFDs > 0) {
      sock.fdsDonated += rpc.donateFDs;
      c.fdsReceived += rpc.mid === MID.Channel ? 0 : Math.min(rpc.donateFDs, rpc.wantFDs);
    }
  }
  recordLatency(ctx, c, 'socket');
  sock.holder = null;
  let next = '';
  const nextId = sock.queue.shift();
  if (nextId !== undefined) {
    takeSocket(ctx, s.callers[nextId]);
    next = ` The mutex passes to caller ${nextId}, next in line.`;
  }
  const after = finishRpc(ctx, c, rpc.errno);
  const base = failed
    ? `${describeCaller(c)}'s ${midName(rpc.mid)} over the socket failed with ECONNRESET: the gofer has hung up.`
    : `${describeCaller(c)} got its ${midName(rpc.mid)} reply over the socket${rpc.errno ? ` (an Error carrying ${rpc.errno})` : ''} and released the socket mutex.`;
  return ev(
    failed ? 'socket-failed' : s.phase === 'ready' && phaseBefore !== 'ready' ? 'client-ready' : 'socket-replied',
    `${base}${next}${after}`,
    {
      caller: c.id,
      mid: rpc.mid,
      errno: rpc.errno,
    },
  );
}
