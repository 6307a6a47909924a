/**
 * What every task handler of the pool simulation works on: the configuration, the mutable
 * state, the scheduler and the three random streams. Handlers are plain functions over this
 * record, so LisafsPoolSim itself only drives the loop and takes snapshots.
 */
import type { Prng } from '../sim/prng';
import type { Scheduler } from '../sim/scheduler';
import type { CallerState, PoolConfig, PoolEvent, PoolEventKind, PoolState, PoolTask } from './types';

export interface PoolContext {
  readonly config: PoolConfig;
  /** Replaced wholesale when a snapshot is restored. */
  s: PoolState;
  readonly sched: Scheduler<PoolTask>;
  readonly workload: Prng;
  readonly service: Prng;
  readonly faults: Prng;
}

/** What a handler returns; step() adds the step number, the time and the stack. */
export type PoolEventBody = Omit<PoolEvent, 'step' | 'time' | 'stack'>;

export function ev(kind: PoolEventKind, text: string, extra: Partial<PoolEvent> = {}): PoolEventBody {
  return { kind, ...extra, text };
}

/** Virtual time spent copying `bytes` through memory `copies` times. */
export function copyNs(ctx: PoolContext, bytes: number, copies: number): number {
  return Math.round((bytes / 1024) * ctx.config.copyNsPerKiB * copies);
}

export function describeCaller(c: CallerState): string {
  if (c.role === 'mount') return 'The client (mounting)';
  if (c.role === 'channel-creator') return `Channel creator ${c.id}`;
  return `Caller ${c.id}`;
}
