/**
 * The application's happenings in a restore run: it starts (after loading in sync mode, after the kernel in
 * background mode), and each thread touches its next range, which is in memory already, blocks until the
 * loader brings it in, or fails after a read error. Also how a blocked thread resumes when its read arrives.
 */
import { PAGE_SIZE } from './config';
import { fmtBytes, fmtNs } from './format';
import { awaitLoad } from './loader';
import { type ModelCtx, pgEvent } from './step-context';
import type { PgEvent, Waiter } from './types';

export function onAppStart(ctx: ModelCtx): PgEvent {
  ctx.s.stats.appStartedAt = ctx.sched.now;
  for (const t of ctx.s.threads) {
    t.status = 'running';
    ctx.sched.schedule(0, { t: 'access', thread: t.id });
  }
  const why =
    ctx.cfg.mode === 'sync'
      ? 'now that every page is loaded'
      : `while ${fmtBytes(ctx.layout.committed.length * PAGE_SIZE - ctx.s.stats.bytesLoaded)} of its memory is not loaded yet`;
  return pgEvent(ctx, 'app-start', `The application runs its first instruction at ${fmtNs(ctx.sched.now)}, ${why}.`);
}

export function onAccess(ctx: ModelCtx, id: number): PgEvent {
  const t = ctx.s.threads[id];
  const list = ctx.plan[id];
  if (t.next >= list.length) {
    t.status = 'done';
    t.finishedAt = ctx.sched.now;
    noteAppFinished(ctx);
    return pgEvent(
      ctx,
      'thread-done',
      `Thread ${id} has finished its work (it spent ${fmtNs(t.stallNs)} waiting for memory).`,
      { thread: id },
    );
  }
  const fault = ctx.cfg.app.faultBytes / PAGE_SIZE;
  const memPage = list[t.next];
  const r = awaitLoad(ctx, id, memPage, fault);
  const at = `${fmtBytes(Math.min(fault, ctx.layout.pages - memPage) * PAGE_SIZE)} at address ${fmtBytes(memPage * PAGE_SIZE)}`;
  if (r.kind === 'loaded') {
    t.next++;
    ctx.s.stats.accesses++;
    ctx.sched.schedule(ctx.cfg.app.computeNsPerAccess, { t: 'access', thread: id });
    return pgEvent(ctx, 'access-hit', `Thread ${id} touches ${at}: already in memory, no wait.`, { thread: id });
  }
  if (r.kind === 'eio') {
    t.status = 'faulted';
    t.finishedAt = ctx.sched.now;
    ctx.s.stats.eioAccesses++;
    noteAppFinished(ctx);
    return pgEvent(
      ctx,
      'access-eio',
      `Thread ${id} touches ${at}, which can never be loaded after the earlier read error: the access fails with EIO.`,
      { thread: id },
    );
  }
  t.status = 'blocked';
  t.blockedSince = ctx.sched.now;
  t.blockedAccesses++;
  ctx.s.stats.blockedAccesses++;
  const L = ctx.s.loader;
  if (L.qavail > 0 && !L.pumpScheduled) {
    L.pumpScheduled = true;
    ctx.sched.schedule(0, { t: 'pump' });
  }
  const slots =
    L.qavail > 0
      ? 'The loader has free slots and will read it right away.'
      : 'Its read goes ahead of all background reads once a queue slot frees up.';
  return pgEvent(
    ctx,
    'access-blocked',
    `Thread ${id} touches ${at}, but ${fmtBytes(r.waiter.pending)} of it is not loaded yet: the thread must wait. ${slots}`,
    { thread: id },
  );
}

/** A thread blocked on memory that has now arrived runs its access and goes on. */
export function resumeThread(ctx: ModelCtx, w: Waiter): void {
  const t = ctx.s.threads[w.thread];
  t.status = 'running';
  t.stallNs += ctx.sched.now - (t.blockedSince ?? ctx.sched.now);
  t.blockedSince = null;
  t.next++;
  ctx.s.stats.accesses++;
  ctx.s.stats.wakeups++;
  ctx.sched.schedule(ctx.cfg.app.computeNsPerAccess, { t: 'access', thread: t.id });
}

/** Notes the time the application finished, once every thread is done or faulted. */
export function noteAppFinished(ctx: ModelCtx): void {
  const st = ctx.s.stats;
  if (st.appFinishedAt === null && ctx.s.threads.every((t) => t.status === 'done' || t.status === 'faulted'))
    st.appFinishedAt = ctx.sched.now;
}
