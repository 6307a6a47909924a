/**
 * What a restore run's step handlers work on: the loader's context (configuration, layout, state, scheduler,
 * disk stream) plus the application's access plan, and how a handler reports its step as an event.
 */
import type { AccessPlan } from './access';
import type { LoaderCtx } from './loader';
import type { PgEvent } from './types';

export interface ModelCtx extends LoaderCtx {
  plan: AccessPlan;
}

/** The event of the current step. */
export function pgEvent(ctx: ModelCtx, kind: PgEvent['kind'], text: string, extra: Partial<PgEvent> = {}): PgEvent {
  return { step: ctx.s.step, time: ctx.sched.now, kind, ...extra, text };
}
