/**
 * Input from outside the protocol: the scenario's scheduled hostile corruption and the
 * user's interventions (add a request, complete a chain now, corrupt the ring). Both
 * kinds of corruption take the same path, so the sides see them alike.
 */
import type { Intervention } from './config';
import { eventBody, type EventBody, type SimContext } from './context';
import { startSubmitting } from './driver';
import type { Actor } from './events';
import { injectCorruption, needsHeldChain } from './hostile';
import type { Corruption } from './scenarios';
import { newPending } from './workload';

/** Schedule the scenario's corruption once its moment has come; at most once per run, never on a broken queue. */
export function scheduleHostileIfDue(ctx: SimContext): void {
  const h = ctx.scenario.hostile;
  if (!h || ctx.e.hostileDone || ctx.e.broken) return;
  if (ctx.e.completed < h.afterCompleted) return;
  if (needsHeldChain(h.corruption) && ctx.vq.device.s.inUse === 0) return;
  ctx.e.hostileDone = true;
  ctx.sched.schedule(0, { a: 'corrupt', corruption: h.corruption });
}

export function onCorrupt(ctx: SimContext, corruption: Corruption, actor: Actor): EventBody {
  const e = ctx.e;
  e.corrupted = true;
  const res = injectCorruption(ctx.vq, corruption);
  if (res.wakes === 'device') {
    ctx.vq.kick.write();
    if (!e.deviceWakeScheduled) {
      e.deviceWakeScheduled = true;
      e.device = 'sleeping';
      ctx.sched.schedule(ctx.scenario.latency.kick, { a: 'device-wake' });
    }
  } else {
    ctx.vq.call.write();
    if (!e.driverWakeScheduled && e.driver === 'idle') {
      e.driverWakeScheduled = true;
      ctx.sched.schedule(ctx.scenario.latency.interrupt, { a: 'driver-wake' });
    }
  }
  return eventBody(actor, actor === 'user' ? 'intervention' : 'corrupt', res.text, { corruption, ...res.data });
}

export function applyIntervention(ctx: SimContext, iv: Intervention): EventBody {
  switch (iv.action) {
    case 'add-request': {
      const w = ctx.scenario.workload;
      if (w.kind === 'rx' && w.rxReturn === 'recycle' && ctx.vq.driver.s.numFree - ctx.e.backlog.length <= 0) {
        return eventBody(
          'user',
          'intervention',
          'No room for another buffer: every descriptor already carries (or is about to carry) a posted RX buffer that is recycled forever (nebula never frees them), so nothing was added.',
          { action: 'add-request', applied: false },
        );
      }
      const p = newPending(ctx, ctx.sched.now);
      ctx.e.backlog.unshift(p);
      startSubmitting(ctx);
      return eventBody('user', 'intervention', `You added request #${p.id}; the driver will add it next.`, {
        action: 'add-request',
        id: p.id,
      });
    }
    case 'complete-now': {
      const pending = ctx.sched.cancel((a) => a.a === 'device-done' && a.head === iv.head);
      if (pending === 0) {
        return eventBody(
          'user',
          'intervention',
          `Chain ${iv.head} is not being worked on by the device, so it cannot be completed now.`,
          { action: 'complete-now', head: iv.head, applied: false },
        );
      }
      const reqId = ctx.vq.driver.s.token[iv.head];
      ctx.sched.schedule(0, { a: 'device-done', head: iv.head, reqId });
      return eventBody(
        'user',
        'intervention',
        `You made the device finish chain ${iv.head} now, ahead of the others.`,
        { action: 'complete-now', head: iv.head, applied: true },
      );
    }
    case 'corrupt':
      return onCorrupt(ctx, iv.corruption, 'user');
  }
}
