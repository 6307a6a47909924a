/** What the simulation measures as it goes: per-RPC latency and the pool's occupancy over time. */
import type { PoolContext } from './context';
import type { CallerState } from './types';

/** Book the caller's current RPC as finished now, by the path it took. */
export function recordLatency(ctx: PoolContext, c: CallerState, path: 'channel' | 'socket' | 'rejected'): void {
  const rpc = c.current!;
  const now = ctx.sched.now;
  ctx.s.latency.push({
    seq: rpc.seq,
    caller: c.id,
    mid: rpc.mid,
    path,
    issuedAt: rpc.issuedAt,
    doneAt: now,
    latencyNs: now - rpc.issuedAt,
    mutexWaitNs: path === 'socket' && rpc.startedAt !== null ? rpc.startedAt - rpc.issuedAt : 0,
    errno: rpc.errno,
  });
}

/** Append an occupancy sample when anything changed; a change at the same instant overwrites. */
export function sampleOccupancy(ctx: PoolContext): void {
  const s = ctx.s;
  const sample = {
    time: ctx.sched.now,
    available: s.stack?.length ?? 0,
    active: s.activeCount,
    dead: s.channels.filter((c) => c.status === 'dead').length,
    socketBusy: s.socket.holder === null ? 0 : 1,
    socketQueue: s.socket.queue.length,
  };
  const last = s.occupancy[s.occupancy.length - 1];
  if (
    last &&
    last.available === sample.available &&
    last.active === sample.active &&
    last.dead === sample.dead &&
    last.socketBusy === sample.socketBusy &&
    last.socketQueue === sample.socketQueue
  )
    return;
  if (last && last.time === sample.time) s.occupancy[s.occupancy.length - 1] = sample;
  else s.occupancy.push(sample);
}
