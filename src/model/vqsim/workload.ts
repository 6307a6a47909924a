/**
 * The workload: when requests (or rx packets) arrive and how big their buffers are. All
 * of it is drawn from the workload stream, so the draws' order is part of the run.
 */
import { requestShape } from './config';
import type { Arrivals } from './scenarios';
import type { Pending, SimContext } from './context';

export function nextArrivalDelay(ctx: SimContext): number {
  const a: Arrivals = ctx.scenario.workload.arrivals;
  const r = ctx.rngWorkload;
  switch (a.type) {
    case 'periodic':
      return a.interval;
    case 'poisson':
      return Math.max(1, Math.round(r.exp(a.mean)));
    case 'bursty':
      return ctx.e.generated % a.burst === 0 ? a.gap : a.spacing;
  }
}

export function newPending(ctx: SimContext, now: number): Pending {
  const w = requestShape(ctx.scenario, ctx.config);
  const r = ctx.rngWorkload;
  const outSizes = w.out.map(([lo, hi]) => r.int(lo, hi));
  const inSizes = w.in.map(([lo, hi]) => r.int(lo, hi));
  return { id: ctx.e.nextId++, arrivedAt: now, outSizes, inSizes };
}
