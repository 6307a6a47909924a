/** Named presets a UI can list. Each is plain data: a title, a paragraph and a configuration. */
import type { PoolConfig } from './types';

export interface PoolScenario {
  id: string;
  title: string;
  description: string;
  config: Partial<PoolConfig> & { seed: number };
}

export const POOL_SCENARIOS: readonly PoolScenario[] = [
  {
    id: 'hot-channel',
    title: 'Light load: the hot channel stays hot',
    description:
      'Two callers share a client with four channels. Because available channels live on a LIFO stack, a caller always pops the channel that was pushed back most recently, so one or two channels do almost all the work while the others sit untouched at the bottom of the stack. Watch the per-channel use counts: that lopsidedness is deliberate, because a recently used shared-memory window is still warm in the CPU cache.',
    config: { seed: 11, callers: 2, rpcsPerCaller: 30, thinkMeanNs: 6_000 },
  },
  {
    id: 'oversubscribed',
    title: 'More callers than channels: the socket lane',
    description:
      "Ten busy callers compete for four channels. When the stack is empty a caller does not wait for a channel; it falls back to the connection's socket, which only one RPC can use at a time, so the rest queue on the socket mutex. Compare the latency of the two paths: a channel round trip costs under a microsecond, a socket round trip far more, plus the time spent waiting in line.",
    config: { seed: 7, callers: 10, rpcsPerCaller: 15, thinkMeanNs: 1_000, serviceMeanNs: 3_000 },
  },
  {
    id: 'single-cpu',
    title: 'GOMAXPROCS=1: still two channels',
    description:
      'The channel count is GOMAXPROCS clamped between 2 and 4. With a single processor the client still creates two channels, so one caller can use a channel while another is being served. Four callers on two channels spill over onto the socket more often than with the default four.',
    config: { seed: 3, gomaxprocs: 1, callers: 4, rpcsPerCaller: 15, thinkMeanNs: 2_000 },
  },
  {
    id: 'dying-channels',
    title: 'Channels die and are never replaced',
    description:
      'Every channel RPC has a 4% chance of a transport error. A failed channel is marked dead and returns EIO to its caller; it is never pushed back and never re-created, so the pool shrinks one channel at a time until every RPC goes over the socket and queues on its mutex.',
    config: { seed: 5, callers: 4, rpcsPerCaller: 40, channelDeathProb: 0.04, thinkMeanNs: 3_000 },
  },
  {
    id: 'gofer-hangup',
    title: 'The gofer hangs up: the watchdog tears down',
    description:
      'Partway through a busy run the gofer closes its end of the socket. The watchdog, which has been blocked polling the socket for a hang-up, wakes: it shuts down every channel that is in use (their state words become shutdown and their callers get EIO), throws away the stack so no channel can be taken or returned, waits for the last user to let go, then destroys every channel and the socket. Nothing is left usable and no transport FD stays open.',
    config: { seed: 9, callers: 6, rpcsPerCaller: 50, thinkMeanNs: 2_000, hangupAtNs: 120_000 },
  },
  {
    id: 'bad-requests',
    title: 'Refused before sending: EOPNOTSUPP and EIO',
    description:
      'Some requests name a message the gofer did not list as supported when it mounted, and some carry a payload bigger than the negotiated maximum message size (2 MiB minus 4 KiB). The client refuses both itself, with EOPNOTSUPP and EIO respectively, without taking a channel or the socket. A few handlers also fail on the server, which answers with an Error message; those do not harm the channel.',
    config: { seed: 13, callers: 3, rpcsPerCaller: 25, unsupportedProb: 0.1, oversizeProb: 0.1, serverErrorProb: 0.1 },
  },
];

export function findPoolScenario(id: string): PoolScenario | undefined {
  return POOL_SCENARIOS.find((s) => s.id === id);
}
