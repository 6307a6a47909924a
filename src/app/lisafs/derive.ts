/**
 * Pure readings of the pool model for the view: the stack top first, what the current event
 * did to it, how each event is tagged in the log and on the timeline, and the series the
 * plots draw. No DOM, unit-tested.
 */
import { type PoolEvent, type PoolEventKind, type PoolState, midName } from '../../model/lisafs/index';
import type { LogFilter, LogRow } from '../kit/EventList';
import type { Mark } from '../kit/Transport';

/** The available stack, top first: index 0 is the channel the next caller will pop. */
export function stackTopFirst(s: Readonly<PoolState>): number[] | null {
  return s.stack ? [...s.stack].reverse() : null;
}

export interface StackMove {
  op: 'pop' | 'push' | 'drop';
  channel: number;
}

/** What the current event did to the stack, for the arrow beside it. */
export function stackMove(ev: PoolEvent | null): StackMove | null {
  if (!ev || ev.channel === undefined) return null;
  if (ev.kind === 'channel-acquired') return { op: 'pop', channel: ev.channel };
  if (ev.kind === 'channel-released')
    return ev.stack?.[ev.stack.length - 1] === ev.channel
      ? { op: 'push', channel: ev.channel }
      : { op: 'drop', channel: ev.channel };
  return null;
}

export type EventGroup = 'channel' | 'socket' | 'fault' | 'watchdog' | 'setup';

const GROUP: Record<PoolEventKind, EventGroup> = {
  'channel-acquired': 'channel',
  'server-replied': 'channel',
  'channel-released': 'channel',
  'socket-acquired': 'socket',
  'socket-wait': 'socket',
  'socket-replied': 'socket',
  'socket-failed': 'fault',
  'client-ready': 'setup',
  'rpc-rejected': 'fault',
  'channel-died': 'fault',
  hangup: 'watchdog',
  'watchdog-shutdown': 'watchdog',
  'watchdog-destroy': 'watchdog',
};

export function eventGroup(kind: PoolEventKind): EventGroup {
  return GROUP[kind];
}

/** Short tag for the log, in the words of the event. */
const TAG: Record<PoolEventKind, string> = {
  'channel-acquired': 'pop',
  'server-replied': 'reply',
  'channel-released': 'release',
  'socket-acquired': 'socket',
  'socket-wait': 'mutex wait',
  'socket-replied': 'socket',
  'socket-failed': 'reset',
  'client-ready': 'ready',
  'rpc-rejected': 'refused',
  'channel-died': 'died',
  hangup: 'hang-up',
  'watchdog-shutdown': 'watchdog',
  'watchdog-destroy': 'destroy',
};

export function logRows(events: readonly PoolEvent[]): LogRow[] {
  return events.map((e) => {
    const g = GROUP[e.kind];
    return {
      position: e.step,
      tag: TAG[e.kind],
      tagClass: `lz-tag-${g}`,
      text: e.text,
      timeNs: e.time,
      ...(g === 'fault' ? { tone: 'error' as const } : g === 'watchdog' ? { tone: 'warn' as const } : {}),
    };
  });
}

export const LOG_FILTERS: LogFilter[] = [
  { id: 'all', label: 'All events', test: () => true },
  { id: 'channel', label: 'Channels (pop, reply, push)', test: (r) => r.tagClass === 'lz-tag-channel' },
  {
    id: 'socket',
    label: 'Socket and its mutex',
    test: (r) => r.tagClass === 'lz-tag-socket' || r.tagClass === 'lz-tag-setup',
  },
  { id: 'trouble', label: 'Errors, deaths, watchdog', test: (r) => r.tone !== undefined },
];

/** Timeline marks: the client becoming ready, every death and refusal, the watchdog's steps. */
export function markers(events: readonly PoolEvent[]): Mark[] {
  const out: Mark[] = [];
  for (const e of events) {
    const g = GROUP[e.kind];
    if (e.kind === 'client-ready')
      out.push({ position: e.step, tone: 'ready', label: `step ${e.step}: the client is ready` });
    else if (e.kind === 'channel-died')
      out.push({ position: e.step, tone: 'error', label: `step ${e.step}: channel ${e.channel} died` });
    else if (g === 'watchdog') out.push({ position: e.step, tone: 'watch', label: `step ${e.step}: ${TAG[e.kind]}` });
  }
  return out;
}

export interface LatencyPoint {
  seq: number;
  caller: number;
  mid: string;
  path: 'channel' | 'socket' | 'rejected';
  doneAt: number;
  latencyNs: number;
  mutexWaitNs: number;
  errno: string | null;
}

/** Application RPCs only: the start-up Mount and Channel RPCs would blur the comparison. */
export function latencyPoints(s: Readonly<PoolState>): LatencyPoint[] {
  const apps = new Set(s.callers.filter((c) => c.role === 'app').map((c) => c.id));
  return s.latency
    .filter((l) => apps.has(l.caller))
    .map((l) => ({
      seq: l.seq,
      caller: l.caller,
      mid: midName(l.mid),
      path: l.path,
      doneAt: l.doneAt,
      latencyNs: l.latencyNs,
      mutexWaitNs: l.mutexWaitNs,
      errno: l.errno,
    }));
}

/** Share of channel RPCs each channel carried: the LIFO stack makes it lopsided. */
export function channelShares(s: Readonly<PoolState>): { id: number; uses: number; share: number; hottest: boolean }[] {
  const total = s.channels.reduce((n, c) => n + c.uses, 0);
  const max = s.channels.reduce((m, c) => Math.max(m, c.uses), 0);
  return s.channels.map((c) => ({
    id: c.id,
    uses: c.uses,
    share: total ? c.uses / total : 0,
    hottest: max > 0 && c.uses === max,
  }));
}
