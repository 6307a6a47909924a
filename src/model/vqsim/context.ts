/**
 * The state every actor's handlers share: the run's configuration, queue, scheduler and
 * random streams, plus the engine's own bookkeeping (what is waiting, who is asleep).
 * Handlers are plain functions of this context; the Simulation owns it and steps them.
 */
import type { Prng } from '../sim/prng';
import type { Scheduler } from '../sim/scheduler';
import type { DescriptorChain } from '../virtio/chain';
import type { RingErrorInfo } from '../virtio/errors';
import type { Virtqueue } from '../virtio/queue';
import type { ResolvedConfig } from './config';
import type { Actor, EventKind, SimEvent } from './events';
import type { Corruption, Scenario } from './scenarios';

/** A scheduled step: which handler runs, with what. */
export type Action =
  | { a: 'arrive' }
  | { a: 'submit' }
  | { a: 'kick-check'; from: 'submit' | 'reclaim' }
  | { a: 'device-wake' }
  | { a: 'device-pop' }
  | { a: 'device-done'; head: number; reqId: number }
  | { a: 'flush' }
  | { a: 'driver-wake' }
  | { a: 'reclaim' }
  | { a: 'recycle'; head: number }
  | { a: 'packet' }
  | { a: 'corrupt'; corruption: Corruption };

/** A request that has arrived but is not in the ring yet. */
export interface Pending {
  id: number;
  arrivedAt: number;
  outSizes: number[];
  inSizes: number[];
}

/** A request whose chain the driver has added, with the buffers it holds. */
export interface Live {
  id: number;
  arrivedAt: number;
  addedAt: number;
  buffers: number[];
}

export interface EngineState {
  generated: number;
  nextId: number;
  backlog: Pending[];
  live: Record<number, Live>;
  submitting: boolean;
  blocked: boolean;
  addedSinceKick: number;
  device: 'sleeping' | 'polling' | 'saturated';
  deviceWakeScheduled: boolean;
  inService: number;
  unflushed: number;
  flushScheduled: boolean;
  driver: 'idle' | 'reclaiming';
  driverWakeScheduled: boolean;
  completed: number;
  dropped: number;
  hostileDone: boolean;
  corrupted: boolean;
  broken: RingErrorInfo | null;
  /** Interventions applied so far. */
  applied: number;
  /** rx: packets waiting at the device for a buffer. */
  packetsWaiting: number;
  /** Chains the device is working on, as it walked them at pop time. */
  chains: Record<number, DescriptorChain>;
}

export function initialEngineState(): EngineState {
  return {
    generated: 0,
    nextId: 0,
    backlog: [],
    live: {},
    submitting: false,
    blocked: false,
    addedSinceKick: 0,
    device: 'sleeping',
    deviceWakeScheduled: false,
    inService: 0,
    unflushed: 0,
    flushScheduled: false,
    driver: 'idle',
    driverWakeScheduled: false,
    completed: 0,
    dropped: 0,
    hostileDone: false,
    corrupted: false,
    broken: null,
    applied: 0,
    packetsWaiting: 0,
    chains: {},
  };
}

export interface SimContext {
  readonly config: ResolvedConfig;
  readonly scenario: Scenario;
  readonly vq: Virtqueue;
  readonly sched: Scheduler<Action>;
  readonly rngWorkload: Prng;
  readonly rngDevice: Prng;
  /** Replaced wholesale when a snapshot is restored, so handlers must not keep it across steps. */
  e: EngineState;
}

/** What a handler says about its step; the Simulation adds step, time, writes and counts. */
export type EventBody = Omit<SimEvent, 'step' | 'time' | 'writes' | 'inFlight' | 'free'>;

export function eventBody(actor: Actor, kind: EventKind, text: string, data: Record<string, unknown> = {}): EventBody {
  return { actor, kind, text, data };
}
