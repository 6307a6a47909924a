/**
 * The loader's happenings in a restore run: it starts, it pumps (issues reads for waiting threads first, then in
 * file order), and a read completes (waking the threads it satisfied) or comes back short (EIO, which ends
 * loading). Each handler returns its step's event; the reads themselves are built in loader.ts.
 */
import { resumeThread, noteAppFinished } from './app-steps';
import { PAGE_SIZE } from './config';
import { fmtBytes, plural } from './format';
import { completeRead, loaderFinished, pump } from './loader';
import { type ModelCtx, pgEvent } from './step-context';
import type { PgEvent, ReadOp } from './types';

function submittedInfo(ops: ReadOp[]): PgEvent['submitted'] {
  return ops.map((o) => ({
    id: o.id,
    awaited: o.awaited,
    bytes: o.pages * PAGE_SIZE,
    iovecs: o.iovecs.length,
    fileOffset: o.filePage * PAGE_SIZE,
  }));
}

function issuedText(ops: ReadOp[]): string {
  if (ops.length === 0) return '';
  const aw = ops.filter((o) => o.awaited).length;
  const bytes = ops.reduce((a, o) => a + o.pages * PAGE_SIZE, 0);
  const merged = ops.filter((o) => o.iovecs.length > 1).length;
  let t = ` The loader issues ${plural(ops.length, 'read')} (${fmtBytes(bytes)}`;
  if (aw > 0) t += `, ${aw} for waiting threads`;
  if (merged > 0)
    t += `, ${merged} filling several memory ranges at once because they sit back to back in the pages file`;
  return `${t}).`;
}

/** After any change, see whether loading just ended; in sync mode that lets the app start. */
function noteLoaderDone(ctx: ModelCtx): boolean {
  const L = ctx.s.loader;
  if (L.doneAt !== null || !loaderFinished(ctx.s)) return false;
  L.doneAt = ctx.sched.now;
  if (ctx.cfg.mode === 'sync')
    ctx.sched.schedule(Math.max(0, ctx.cfg.kernelRestoreNs - ctx.sched.now), { t: 'app-start' });
  return true;
}

export function onLoaderStart(ctx: ModelCtx): PgEvent {
  const ops = pump(ctx);
  const total = ctx.layout.committed.length * PAGE_SIZE;
  const done = noteLoaderDone(ctx);
  const mode =
    ctx.cfg.mode === 'sync'
      ? 'The application will not run until all of it is loaded.'
      : 'With --background, the application may start before loading ends.';
  return pgEvent(
    ctx,
    'loader-start',
    `Restore begins: ${fmtBytes(total)} of saved memory must be read back from the pages file. ${mode}${issuedText(ops)}`,
    {
      submitted: submittedInfo(ops),
      loaderDone: done,
    },
  );
}

export function onPump(ctx: ModelCtx): PgEvent {
  ctx.s.loader.pumpScheduled = false;
  const ops = pump(ctx);
  const text = ops.length
    ? `The loader notices a waiting thread and has free queue slots.${issuedText(ops)}`
    : 'The loader looks for work but has nothing new to issue.';
  return pgEvent(ctx, 'pump', text, { submitted: submittedInfo(ops) });
}

export function onComplete(ctx: ModelCtx, opId: number): PgEvent {
  const c = completeRead(ctx, opId);
  const op = c.op;
  const where = `${fmtBytes(op.pages * PAGE_SIZE)} from pages-file offset ${fmtBytes(op.filePage * PAGE_SIZE)}`;
  if (c.failed) {
    for (const w of c.woken) {
      const t = ctx.s.threads[w.thread];
      t.status = 'faulted';
      t.stallNs += ctx.sched.now - (t.blockedSince ?? ctx.sched.now);
      t.blockedSince = null;
      t.finishedAt = ctx.sched.now;
      ctx.s.stats.eioAccesses++;
    }
    noteAppFinished(ctx);
    const who = c.woken.length ? ` ${plural(c.woken.length, 'waiting thread')} wake up to the error.` : '';
    const sync = ctx.cfg.mode === 'sync' ? ' A synchronous restore fails here: the application never starts.' : '';
    return pgEvent(
      ctx,
      'short-read',
      `Read #${op.id} (${where}) came back short. The loader treats that as a permanent I/O error (EIO): it stops, cancels the other reads, and memory not yet loaded can never be used.${who}${sync}`,
      { op: op.id, woken: c.woken.map((w) => w.thread), loaderDone: true },
    );
  }
  for (const w of c.woken) resumeThread(ctx, w);
  if (op.awaited) ctx.s.stats.wakeupsByAwaitedReads += c.woken.length;
  const ops = pump(ctx);
  const done = noteLoaderDone(ctx);
  const ranges = op.iovecs.length > 1 ? ` into ${op.iovecs.length} separate memory ranges` : '';
  const woke = c.woken.length
    ? ` ${c.woken.map((w) => `Thread ${w.thread}`).join(', ')} ${c.woken.length === 1 ? 'has' : 'have'} all the memory it waited for and can run again.`
    : '';
  const fin = done ? ' That was the last read: all memory is loaded and the pages file can be closed.' : '';
  return pgEvent(ctx, 'read-complete', `Read #${op.id} finished: ${where}${ranges}.${woke}${issuedText(ops)}${fin}`, {
    op: op.id,
    woken: c.woken.map((w) => w.thread),
    submitted: submittedInfo(ops),
    loaderDone: done,
  });
}
