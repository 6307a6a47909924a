/** A whole run as plain data: configuration, state, pending tasks, PRNG streams and step count. */
import type { PrngState } from '../sim/prng';
import type { SchedulerState } from '../sim/scheduler';
import type { PoolContext } from './context';
import type { PoolConfig, PoolState, PoolTask } from './types';

export interface PoolSnapshot {
  config: PoolConfig;
  state: PoolState;
  scheduler: SchedulerState<PoolTask>;
  prng: { workload: PrngState; service: PrngState; faults: PrngState };
  step: number;
}

export function saveRun(ctx: PoolContext, step: number): PoolSnapshot {
  return structuredClone({
    config: ctx.config,
    state: ctx.s,
    scheduler: ctx.sched.save(),
    prng: { workload: ctx.workload.save(), service: ctx.service.save(), faults: ctx.faults.save() },
    step,
  });
}

/** Put the snapshot's state into `ctx` (which must have the same configuration); returns its step count. */
export function restoreRun(ctx: PoolContext, snap: PoolSnapshot): number {
  const s = structuredClone(snap);
  if (JSON.stringify(s.config) !== JSON.stringify(ctx.config))
    throw new Error('snapshot belongs to a different configuration');
  ctx.s = s.state;
  ctx.sched.restore(s.scheduler);
  ctx.workload.restore(s.prng.workload);
  ctx.service.restore(s.prng.service);
  ctx.faults.restore(s.prng.faults);
  return s.step;
}
