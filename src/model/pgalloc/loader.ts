/**
 * The async page loader: the part of gVisor's pgalloc that decides which reads to issue.
 * Its loop, one "pump" here: (1) issue reads for awaited ranges first, splitting a range at the
 * bytes that fit and sending the rest to the back of the deque, so one huge awaited range cannot
 * starve the other waiters; (2) fill the remaining queue slots with background reads in
 * MemoryFile order; reads merge ranges that are contiguous in the pages file. A completed read
 * wakes every waiter whose pending bytes reach zero. A short read sets a permanent EIO: loading
 * stops and every waiter, present or future, of memory not yet loaded gets the error.
 */
import type { Prng } from '../sim/prng';
import type { Scheduler } from '../sim/scheduler';
import { PAGE_SIZE, type PgallocConfig } from './config';
import { readTiming } from './disk';
import { PgallocInvariantError } from './errors';
import type { Layout } from './layout';
import { combine, emptyOp, type OpLimits } from './op-builder';
import {
  PAGE_LOADED,
  PAGE_STARTED,
  PAGE_UNLOADED,
  type PgallocState,
  type PgPayload,
  type ReadOp,
  type Waiter,
} from './types';

export interface LoaderCtx {
  cfg: PgallocConfig;
  layout: Layout;
  s: PgallocState;
  sched: Scheduler<PgPayload>;
  diskRng: Prng;
}

export function limitsOf(cfg: PgallocConfig): OpLimits {
  return { maxReadPages: Math.floor(cfg.loader.maxReadBytes / PAGE_SIZE), maxIovecs: cfg.loader.maxIovecs };
}

/** Pages of [memPage, memPage+pages) that are not loaded yet (unloaded or being read). */
export function pendingPages(s: PgallocState, memPage: number, pages: number): number {
  let n = 0;
  for (let p = memPage; p < memPage + pages; p++) if (s.page[p] === PAGE_UNLOADED || s.page[p] === PAGE_STARTED) n++;
  return n;
}

export type AwaitResult = { kind: 'loaded' } | { kind: 'eio' } | { kind: 'wait'; waiter: Waiter };

/**
 * A thread needs [memPage, memPage+pages). Unstarted pieces nobody waits for yet go to the back of
 * the priority deque; the thread then waits for every unloaded byte of the range, started or not.
 */
export function awaitLoad(ctx: LoaderCtx, thread: number, memPage: number, pages: number): AwaitResult {
  const { s, layout } = ctx;
  const end = Math.min(memPage + pages, layout.pages);
  const pending = pendingPages(s, memPage, end - memPage);
  if (pending === 0) return { kind: 'loaded' };
  if (s.loader.err) return { kind: 'eio' }; // a previous error means this range will never load
  let p = memPage;
  while (p < end) {
    if (s.page[p] !== PAGE_UNLOADED || s.waitCount[p] > 0) {
      p++;
      continue;
    }
    // A run of unstarted, not-yet-awaited pages that is contiguous in memory and in the pages file.
    let q = p + 1;
    while (
      q < end &&
      s.page[q] === PAGE_UNLOADED &&
      s.waitCount[q] === 0 &&
      layout.filePage[q] === layout.filePage[p] + (q - p)
    )
      q++;
    const unawaitedInflight = s.loader.inflight.filter((o) => !o.awaited).length;
    s.loader.priority.push({
      memPage: p,
      filePage: layout.filePage[p],
      pages: q - p,
      queuedAt: ctx.sched.now,
      unawaitedAhead: unawaitedInflight,
    });
    s.stats.priorityQueued++;
    p = q;
  }
  s.stats.maxPriorityRanges = Math.max(s.stats.maxPriorityRanges, s.loader.priority.length);
  for (let r = memPage; r < end; r++) s.waitCount[r]++;
  const waiter: Waiter = {
    id: s.nextWaiterId++,
    thread,
    memPage,
    pages: end - memPage,
    pending: pending * PAGE_SIZE,
    since: ctx.sched.now,
  };
  s.waiters.push(waiter);
  return { kind: 'wait', waiter };
}

function markStarted(s: PgallocState, memPage: number, pages: number): void {
  for (let p = memPage; p < memPage + pages; p++) {
    if (s.page[p] !== PAGE_UNLOADED) throw new PgallocInvariantError('page-state', `page ${p} started twice`);
    s.page[p] = PAGE_STARTED;
  }
  s.loader.unloadedPages -= pages;
}

/** Issue as many reads as the queue allows; returns the reads issued. */
export function pump(ctx: LoaderCtx): ReadOp[] {
  const { s, layout, cfg } = ctx;
  const L = s.loader;
  const lim = limitsOf(cfg);
  const issued: ReadOp[] = [];
  if (L.err) return issued;
  let cur: ReadOp | null = null;

  const flush = () => {
    const op = cur!;
    cur = null;
    if (L.qavail <= 0) throw new PgallocInvariantError('queue-overflow', `read ${op.id} issued with a full queue`);
    L.qavail--;
    if (!op.awaited) {
      // Every awaited range still queued now has one more background read ahead of it.
      for (const e of L.priority) e.unawaitedAhead++;
    }
    issueRead(ctx, op);
    issued.push(op);
  };

  // Append a range to the read under construction, starting a new read when it cannot join.
  const enqueueRange = (memPage: number, filePage: number, pages: number, awaited: boolean): number => {
    for (;;) {
      if (cur === null) cur = emptyOp(L.nextOpId++, awaited);
      const n = combine(cur, memPage, filePage, pages, awaited, lim);
      if (n > 0) return n;
      flush();
      if (L.qavail === 0) return 0;
    }
  };

  // (1) Awaited ranges first.
  while (L.qavail > 0 && L.priority.length > 0) {
    const fr = L.priority.shift()!;
    const n = enqueueRange(fr.memPage, fr.filePage, fr.pages, true);
    if (n === 0) {
      L.priority.unshift(fr); // no slot: retry at the next completion
      break;
    }
    markStarted(s, fr.memPage, n);
    if (n < fr.pages) {
      // The rest goes to the back so that other waiters get a turn first.
      L.priority.push({ ...fr, memPage: fr.memPage + n, filePage: fr.filePage + n, pages: fr.pages - n });
      s.stats.prioritySplits++;
    }
  }

  // (2) Background reads, in MemoryFile order, only once no awaited range is waiting for a slot.
  if (L.qavail > 0 && L.priority.length === 0) {
    let p = L.minUnstarted;
    while (p < layout.pages) {
      if (s.page[p] !== PAGE_UNLOADED) {
        p++;
        L.minUnstarted = p; // started, loaded or a hole: never needs a background read again
        continue;
      }
      let q = p + 1;
      while (q < layout.pages && s.page[q] === PAGE_UNLOADED && layout.filePage[q] === layout.filePage[p] + (q - p))
        q++;
      const n = enqueueRange(p, layout.filePage[p], q - p, false);
      if (n === 0) break;
      markStarted(s, p, n);
      p += n;
      L.minUnstarted = p;
      if (L.qavail === 0) break;
    }
  }
  if (cur !== null && (cur as ReadOp).pages > 0) flush();
  return issued;
}

function issueRead(ctx: LoaderCtx, op: ReadOp): void {
  const { cfg, s, sched } = ctx;
  const L = s.loader;
  const jitter = cfg.disk.latencyJitterNs > 0 ? ctx.diskRng.int(0, cfg.disk.latencyJitterNs) : 0;
  const t = readTiming(
    cfg.disk,
    sched.now,
    L.diskBusyUntil,
    op.pages * PAGE_SIZE,
    jitter,
    op.filePage === L.diskFileEnd,
  );
  L.diskBusyUntil = t.done;
  L.diskFileEnd = op.filePage + op.pages;
  op.submittedAt = sched.now;
  op.completesAt = t.done;
  const bad = cfg.disk.shortReadAtFileByte;
  op.short =
    bad !== null && Math.floor(bad / PAGE_SIZE) >= op.filePage && Math.floor(bad / PAGE_SIZE) < op.filePage + op.pages;
  L.inflight.push(op);
  const st = s.stats;
  st.opsSubmitted++;
  if (op.awaited) st.awaitedOps++;
  if (op.iovecs.length > 1) st.mergedOps++;
  st.maxIovecsSeen = Math.max(st.maxIovecsSeen, op.iovecs.length);
  st.maxReadBytesSeen = Math.max(st.maxReadBytesSeen, op.pages * PAGE_SIZE);
  sched.schedule(t.done - sched.now, { t: 'complete', op: op.id });
}

export interface Completion {
  op: ReadOp;
  /** Waiters whose range is now fully loaded (or that got EIO, if `failed`). */
  woken: Waiter[];
  failed: boolean;
}

function removeWaiter(s: PgallocState, w: Waiter): void {
  for (let p = w.memPage; p < w.memPage + w.pages; p++) s.waitCount[p]--;
  s.waiters = s.waiters.filter((x) => x.id !== w.id);
}

/** A read finished: mark its pages loaded and wake waiters, or fail everything on a short read. */
export function completeRead(ctx: LoaderCtx, opId: number): Completion {
  const { s, sched } = ctx;
  const L = s.loader;
  const idx = L.inflight.findIndex((o) => o.id === opId);
  if (idx < 0) throw new PgallocInvariantError('page-state', `completion of unknown read ${opId}`);
  const op = L.inflight[idx];
  L.inflight.splice(idx, 1);
  L.qavail++;
  if (op.short) {
    // gVisor: a read returning fewer bytes than asked sets a permanent EIO and stops the loader,
    // cancelling reads in flight; the memory stays unloaded forever and all waiters are woken to
    // observe the error.
    L.err = 'EIO';
    sched.cancel((p) => p.t === 'complete' || p.t === 'pump');
    L.pumpScheduled = false;
    for (const o of L.inflight) {
      for (const v of o.iovecs) for (let p = v.memPage; p < v.memPage + v.pages; p++) s.page[p] = PAGE_UNLOADED;
      L.unloadedPages += o.pages;
    }
    for (const v of op.iovecs) for (let p = v.memPage; p < v.memPage + v.pages; p++) s.page[p] = PAGE_UNLOADED;
    L.unloadedPages += op.pages;
    L.inflight = [];
    L.qavail = ctx.cfg.loader.maxInflight;
    L.priority = [];
    L.doneAt = sched.now;
    const woken = [...s.waiters];
    for (const w of woken) removeWaiter(s, w);
    return { op, woken, failed: true };
  }
  const woken: Waiter[] = [];
  for (const v of op.iovecs) {
    for (let p = v.memPage; p < v.memPage + v.pages; p++) {
      if (s.page[p] !== PAGE_STARTED)
        throw new PgallocInvariantError('page-state', `page ${p} completed without being started`);
      s.page[p] = PAGE_LOADED;
      s.loadCount[p]++;
    }
    s.stats.bytesLoaded += v.pages * PAGE_SIZE;
    for (const w of s.waiters) {
      const lo = Math.max(w.memPage, v.memPage);
      const hi = Math.min(w.memPage + w.pages, v.memPage + v.pages);
      if (hi > lo) {
        w.pending -= (hi - lo) * PAGE_SIZE;
        if (w.pending === 0) woken.push(w);
      }
    }
  }
  for (const w of woken) removeWaiter(s, w);
  return { op, woken, failed: false };
}

/** Nothing left to read and nothing in flight. */
export function loaderFinished(s: PgallocState): boolean {
  return s.loader.err === null && s.loader.unloadedPages === 0 && s.loader.inflight.length === 0;
}
