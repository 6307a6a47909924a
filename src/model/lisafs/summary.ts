/** Figures for a pool run: what a results panel or a comparison table shows. */
import type { Errno } from './constants';
import { type LatencyStats, latencyStats, timeWeightedMean } from './stats';
import type { PoolState } from './types';

export interface PoolSummary {
  timeNs: number;
  phase: PoolState['phase'];
  rpcs: { channel: number; socket: number; rejected: number };
  errors: Partial<Record<Errno, number>>;
  /** Application RPCs only: start-up traffic would blur the comparison. */
  latency: { channel: LatencyStats; socket: LatencyStats };
  meanMutexWaitNs: number;
  /** Per channel, in id order: the LIFO stack makes these lopsided. */
  channelUses: number[];
  deadChannels: number;
  fdsDonated: { overChannels: number; overSocket: number };
  peakSocketQueue: number;
  /** Figures from here on cover the time since the client became ready. */
  /** Time-weighted mean number of channels sitting on the stack. */
  meanAvailable: number;
  meanActive: number;
  watchdog: { firedAt: number | null; destroyedAt: number | null };
}

export function summarizePool(s: Readonly<PoolState>, now: number): PoolSummary {
  const apps = new Set(s.callers.filter((c) => c.role === 'app').map((c) => c.id));
  const appSamples = s.latency.filter((l) => apps.has(l.caller));
  const rpcs = { channel: 0, socket: 0, rejected: 0 };
  const errors: Partial<Record<Errno, number>> = {};
  for (const l of appSamples) {
    rpcs[l.path]++;
    if (l.errno) errors[l.errno] = (errors[l.errno] ?? 0) + 1;
  }
  const ok = (path: 'channel' | 'socket') => appSamples.filter((l) => l.path === path).map((l) => l.latencyNs);
  const from = s.readyAt ?? 0;
  const live = s.occupancy.filter((o) => o.time >= from);
  // The occupancy value in force when the client became ready starts the series.
  const before = s.occupancy.filter((o) => o.time < from).pop();
  if (before && (live.length === 0 || live[0].time > from)) live.unshift({ ...before, time: from });
  const socketSamples = appSamples.filter((l) => l.path === 'socket');
  return {
    timeNs: now,
    phase: s.phase,
    rpcs,
    errors,
    latency: { channel: latencyStats(ok('channel')), socket: latencyStats(ok('socket')) },
    meanMutexWaitNs: socketSamples.length
      ? socketSamples.reduce((n, l) => n + l.mutexWaitNs, 0) / socketSamples.length
      : 0,
    channelUses: s.channels.map((c) => c.uses),
    deadChannels: s.channels.filter((c) => c.status === 'dead').length,
    fdsDonated: { overChannels: s.channels.reduce((n, c) => n + c.fdsDonated, 0), overSocket: s.socket.fdsDonated },
    peakSocketQueue: live.reduce((m, o) => Math.max(m, o.socketQueue), 0),
    meanAvailable: timeWeightedMean(
      live.map((o) => ({ time: o.time, value: o.available })),
      now,
    ),
    meanActive: timeWeightedMean(
      live.map((o) => ({ time: o.time, value: o.active })),
      now,
    ),
    watchdog: { firedAt: s.watchdog.firedAt, destroyedAt: s.watchdog.destroyedAt },
  };
}
