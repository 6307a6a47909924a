/**
 * What an agent's turn in a virtproxy run works on (the state, the configuration, the workload, the clock, the
 * demultiplexers' chunk-size stream) and how it reports what it did: the step's event. Shared by the readiness
 * checks and the process, multiplexer and demultiplexer turns.
 */
import type { Prng } from '../sim/prng';
import type { Scheduler } from '../sim/scheduler';
import type { Lane, ProcState, VirtproxyConfig, VirtproxyState, VpEvent, VpPayload } from './types';
import type { Workload } from './workload';

export interface AgentWorld {
  readonly config: VirtproxyConfig;
  readonly workload: Workload;
  /** The run's state; replaced on restore. */
  s: VirtproxyState;
  readonly sched: Scheduler<VpPayload>;
  /** How many bytes a demultiplexer reads from the channel at a time. */
  readonly chunks: Prng;
}

/** The event of the current step. */
export function vpEvent(w: AgentWorld, kind: VpEvent['kind'], text: string, extra: Partial<VpEvent> = {}): VpEvent {
  return { step: w.s.step, time: w.sched.now, kind, ...extra, text };
}

export function findProc(s: VirtproxyState, name: string): ProcState {
  return s.procs.find((p) => p.name === name)!;
}

export function findLane(s: VirtproxyState, id: string): Lane {
  return s.lanes.find((l) => l.id === id)!;
}

/** An agent's name at the start of a sentence. */
export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
