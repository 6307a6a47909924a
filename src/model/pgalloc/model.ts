/**
 * Restoring a sandbox's memory from a pages file, step by step. In `sync` mode the application
 * starts only after every page is loaded; in `background` mode (`runsc restore --background`)
 * it starts as soon as the kernel is restored and blocks only on the ranges it touches before
 * they arrive. Each step handles one scheduled happening and returns one event.
 */
import type { Steppable } from '../sim/steppable';
import { Prng } from '../sim/prng';
import { Scheduler } from '../sim/scheduler';
import { type PgallocConfig, PAGE_SIZE, validateConfig } from './config';
import { fmtBytes, fmtNs, plural } from './format';
import { checkInvariants } from './invariants';
import { buildLayout, type Layout } from './layout';
import { buildAccessPlan, type AccessPlan } from './access';
import { awaitLoad, completeRead, loaderFinished, pump, type LoaderCtx } from './loader';
import { summarize, type PgallocSummary } from './summary';
import {
  PAGE_HOLE,
  PAGE_STARTED,
  PAGE_UNLOADED,
  type PgallocState,
  type PgEvent,
  type PgPayload,
  type ReadOp,
  type Waiter,
} from './types';

export interface PgallocOptions {
  /** Check every invariant after every step (default true; turn off only for very large runs). */
  checkInvariants?: boolean;
}

export interface UnloadedRangeView {
  memOffset: number;
  bytes: number;
  fileOffset: number;
  status: 'unloaded' | 'loading';
  awaited: boolean;
}

/**
 * A deep copy of the state. The three per-page arrays are most of it and are copied with
 * slice(), which is several times faster than structuredClone on large arrays (time travel
 * takes a snapshot every few dozen steps); everything else goes through structuredClone.
 * Placeholders keep the keys in their usual order, so equal states serialize identically.
 */
function cloneState(s: PgallocState): PgallocState {
  const none: number[] = [];
  const c: PgallocState = structuredClone({ ...s, page: none, waitCount: none, loadCount: none });
  c.page = s.page.slice();
  c.waitCount = s.waitCount.slice();
  c.loadCount = s.loadCount.slice();
  return c;
}

export class PgallocModel implements Steppable<PgallocState, PgEvent> {
  readonly config: PgallocConfig;
  readonly seed: number;
  readonly layout: Layout;
  readonly plan: AccessPlan;
  private s: PgallocState;
  private sched = new Scheduler<PgPayload>();
  private diskRng: Prng;
  private readonly check: boolean;

  constructor(config: PgallocConfig, seed: number, opts: PgallocOptions = {}) {
    validateConfig(config);
    this.config = structuredClone(config);
    this.seed = seed >>> 0;
    this.check = opts.checkInvariants ?? true;
    this.layout = buildLayout(config.layout, this.seed);
    this.plan = buildAccessPlan(config.app, this.layout, this.seed);
    this.diskRng = Prng.stream(this.seed, 'pgalloc-disk');
    const n = this.layout.pages;
    const page = this.layout.filePage.map((f) => (f < 0 ? PAGE_HOLE : PAGE_UNLOADED));
    this.s = {
      step: 0,
      finished: false,
      sched: this.sched.save(),
      diskRng: this.diskRng.save(),
      page,
      waitCount: new Array<number>(n).fill(0),
      loadCount: new Array<number>(n).fill(0),
      loader: {
        priority: [],
        minUnstarted: 0,
        qavail: config.loader.maxInflight,
        inflight: [],
        nextOpId: 0,
        diskBusyUntil: 0,
        diskFileEnd: 0,
        err: null,
        doneAt: null,
        pumpScheduled: false,
        unloadedPages: this.layout.committed.length,
      },
      waiters: [],
      nextWaiterId: 0,
      threads: this.plan.map((_, id) => ({
        id,
        status: 'not-started',
        next: 0,
        blockedSince: null,
        stallNs: 0,
        blockedAccesses: 0,
        finishedAt: null,
      })),
      stats: {
        opsSubmitted: 0,
        awaitedOps: 0,
        mergedOps: 0,
        maxIovecsSeen: 0,
        maxReadBytesSeen: 0,
        bytesLoaded: 0,
        accesses: 0,
        blockedAccesses: 0,
        wakeups: 0,
        eioAccesses: 0,
        priorityQueued: 0,
        prioritySplits: 0,
        maxPriorityRanges: 0,
        wakeupsByAwaitedReads: 0,
        appStartedAt: null,
        appFinishedAt: null,
      },
    };
    // The loader starts when MemoryFile loading begins; in background mode the application may
    // start once the rest of the kernel is restored, without waiting for memory.
    this.sched.schedule(0, { t: 'loader-start' });
    if (config.mode === 'background') this.sched.schedule(config.kernelRestoreNs, { t: 'app-start' });
  }

  private ctx(): LoaderCtx {
    return { cfg: this.config, layout: this.layout, s: this.s, sched: this.sched, diskRng: this.diskRng };
  }

  get now(): number {
    return this.sched.now;
  }

  get finished(): boolean {
    return this.s.finished;
  }

  /** Read-only view of the current state, for rendering. */
  view(): Readonly<PgallocState> {
    return this.s;
  }

  /** The MemoryFile's not-yet-loaded ranges, merged as gVisor's `unloaded` set would show them. */
  unloadedRanges(): UnloadedRangeView[] {
    const out: UnloadedRangeView[] = [];
    const { page, waitCount } = this.s;
    const fp = this.layout.filePage;
    for (let p = 0; p < page.length; ) {
      const st = page[p];
      if (st !== PAGE_UNLOADED && st !== PAGE_STARTED) {
        p++;
        continue;
      }
      const aw = waitCount[p] > 0;
      let q = p + 1;
      while (q < page.length && page[q] === st && waitCount[q] > 0 === aw && fp[q] === fp[p] + (q - p)) q++;
      out.push({
        memOffset: p * PAGE_SIZE,
        bytes: (q - p) * PAGE_SIZE,
        fileOffset: fp[p] * PAGE_SIZE,
        status: st === PAGE_UNLOADED ? 'unloaded' : 'loading',
        awaited: aw,
      });
      p = q;
    }
    return out;
  }

  summary(): PgallocSummary {
    return summarize(this.s, this.config, this.layout);
  }

  snapshot(): PgallocState {
    this.s.sched = this.sched.save();
    this.s.diskRng = this.diskRng.save();
    return cloneState(this.s);
  }

  restore(state: PgallocState): void {
    this.s = cloneState(state);
    this.sched.restore(this.s.sched);
    this.diskRng.restore(this.s.diskRng);
  }

  /** Advance by one scheduled happening; null once the run is over. */
  step(): PgEvent | null {
    if (this.s.finished) return null;
    const item = this.sched.pop();
    const ev = item ? this.handle(item.payload) : this.finish();
    this.s.step++;
    if (this.check) checkInvariants(this.s, this.config, this.layout);
    return ev;
  }

  /** Up to `maxSteps` steps; returns the events. */
  run(maxSteps = Number.POSITIVE_INFINITY): PgEvent[] {
    const out: PgEvent[] = [];
    for (let i = 0; i < maxSteps; i++) {
      const e = this.step();
      if (!e) break;
      out.push(e);
    }
    return out;
  }

  /** Run to the end and return the figures. */
  runToEnd(): PgallocSummary {
    while (this.step());
    return this.summary();
  }

  private ev(kind: PgEvent['kind'], text: string, extra: Partial<PgEvent> = {}): PgEvent {
    return { step: this.s.step, time: this.sched.now, kind, ...extra, text };
  }

  private handle(p: PgPayload): PgEvent {
    switch (p.t) {
      case 'loader-start':
        return this.onLoaderStart();
      case 'pump':
        return this.onPump();
      case 'complete':
        return this.onComplete(p.op);
      case 'app-start':
        return this.onAppStart();
      case 'access':
        return this.onAccess(p.thread);
    }
  }

  private submittedInfo(ops: ReadOp[]): PgEvent['submitted'] {
    return ops.map((o) => ({
      id: o.id,
      awaited: o.awaited,
      bytes: o.pages * PAGE_SIZE,
      iovecs: o.iovecs.length,
      fileOffset: o.filePage * PAGE_SIZE,
    }));
  }

  private issuedText(ops: ReadOp[]): string {
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
  private noteLoaderDone(): boolean {
    const L = this.s.loader;
    if (L.doneAt !== null || !loaderFinished(this.s)) return false;
    L.doneAt = this.sched.now;
    if (this.config.mode === 'sync')
      this.sched.schedule(Math.max(0, this.config.kernelRestoreNs - this.sched.now), { t: 'app-start' });
    return true;
  }

  private onLoaderStart(): PgEvent {
    const ops = pump(this.ctx());
    const total = this.layout.committed.length * PAGE_SIZE;
    const done = this.noteLoaderDone();
    const mode =
      this.config.mode === 'sync'
        ? 'The application will not run until all of it is loaded.'
        : 'With --background, the application may start before loading ends.';
    return this.ev(
      'loader-start',
      `Restore begins: ${fmtBytes(total)} of saved memory must be read back from the pages file. ${mode}${this.issuedText(ops)}`,
      {
        submitted: this.submittedInfo(ops),
        loaderDone: done,
      },
    );
  }

  private onPump(): PgEvent {
    this.s.loader.pumpScheduled = false;
    const ops = pump(this.ctx());
    const text = ops.length
      ? `The loader notices a waiting thread and has free queue slots.${this.issuedText(ops)}`
      : 'The loader looks for work but has nothing new to issue.';
    return this.ev('pump', text, { submitted: this.submittedInfo(ops) });
  }

  private resumeThread(w: Waiter): void {
    const t = this.s.threads[w.thread];
    t.status = 'running';
    t.stallNs += this.sched.now - (t.blockedSince ?? this.sched.now);
    t.blockedSince = null;
    t.next++;
    this.s.stats.accesses++;
    this.s.stats.wakeups++;
    this.sched.schedule(this.config.app.computeNsPerAccess, { t: 'access', thread: t.id });
  }

  private onComplete(opId: number): PgEvent {
    const c = completeRead(this.ctx(), opId);
    const op = c.op;
    const where = `${fmtBytes(op.pages * PAGE_SIZE)} from pages-file offset ${fmtBytes(op.filePage * PAGE_SIZE)}`;
    if (c.failed) {
      for (const w of c.woken) {
        const t = this.s.threads[w.thread];
        t.status = 'faulted';
        t.stallNs += this.sched.now - (t.blockedSince ?? this.sched.now);
        t.blockedSince = null;
        t.finishedAt = this.sched.now;
        this.s.stats.eioAccesses++;
      }
      this.noteAppFinished();
      const who = c.woken.length ? ` ${plural(c.woken.length, 'waiting thread')} wake up to the error.` : '';
      const sync =
        this.config.mode === 'sync' ? ' A synchronous restore fails here: the application never starts.' : '';
      return this.ev(
        'short-read',
        `Read #${op.id} (${where}) came back short. The loader treats that as a permanent I/O error (EIO): it stops, cancels the other reads, and memory not yet loaded can never be used.${who}${sync}`,
        { op: op.id, woken: c.woken.map((w) => w.thread), loaderDone: true },
      );
    }
    for (const w of c.woken) this.resumeThread(w);
    if (op.awaited) this.s.stats.wakeupsByAwaitedReads += c.woken.length;
    const ops = pump(this.ctx());
    const done = this.noteLoaderDone();
    const ranges = op.iovecs.length > 1 ? ` into ${op.iovecs.length} separate memory ranges` : '';
    const woke = c.woken.length
      ? ` ${c.woken.map((w) => `Thread ${w.thread}`).join(', ')} ${c.woken.length === 1 ? 'has' : 'have'} all the memory it waited for and can run again.`
      : '';
    const fin = done ? ' That was the last read: all memory is loaded and the pages file can be closed.' : '';
    return this.ev('read-complete', `Read #${op.id} finished: ${where}${ranges}.${woke}${this.issuedText(ops)}${fin}`, {
      op: op.id,
      woken: c.woken.map((w) => w.thread),
      submitted: this.submittedInfo(ops),
      loaderDone: done,
    });
  }

  private onAppStart(): PgEvent {
    this.s.stats.appStartedAt = this.sched.now;
    for (const t of this.s.threads) {
      t.status = 'running';
      this.sched.schedule(0, { t: 'access', thread: t.id });
    }
    const why =
      this.config.mode === 'sync'
        ? 'now that every page is loaded'
        : `while ${fmtBytes(this.layout.committed.length * PAGE_SIZE - this.s.stats.bytesLoaded)} of its memory is not loaded yet`;
    return this.ev('app-start', `The application runs its first instruction at ${fmtNs(this.sched.now)}, ${why}.`);
  }

  private noteAppFinished(): void {
    const st = this.s.stats;
    if (st.appFinishedAt === null && this.s.threads.every((t) => t.status === 'done' || t.status === 'faulted'))
      st.appFinishedAt = this.sched.now;
  }

  private onAccess(id: number): PgEvent {
    const t = this.s.threads[id];
    const list = this.plan[id];
    if (t.next >= list.length) {
      t.status = 'done';
      t.finishedAt = this.sched.now;
      this.noteAppFinished();
      return this.ev(
        'thread-done',
        `Thread ${id} has finished its work (it spent ${fmtNs(t.stallNs)} waiting for memory).`,
        { thread: id },
      );
    }
    const fault = this.config.app.faultBytes / PAGE_SIZE;
    const memPage = list[t.next];
    const r = awaitLoad(this.ctx(), id, memPage, fault);
    const at = `${fmtBytes(Math.min(fault, this.layout.pages - memPage) * PAGE_SIZE)} at address ${fmtBytes(memPage * PAGE_SIZE)}`;
    if (r.kind === 'loaded') {
      t.next++;
      this.s.stats.accesses++;
      this.sched.schedule(this.config.app.computeNsPerAccess, { t: 'access', thread: id });
      return this.ev('access-hit', `Thread ${id} touches ${at}: already in memory, no wait.`, { thread: id });
    }
    if (r.kind === 'eio') {
      t.status = 'faulted';
      t.finishedAt = this.sched.now;
      this.s.stats.eioAccesses++;
      this.noteAppFinished();
      return this.ev(
        'access-eio',
        `Thread ${id} touches ${at}, which can never be loaded after the earlier read error: the access fails with EIO.`,
        { thread: id },
      );
    }
    t.status = 'blocked';
    t.blockedSince = this.sched.now;
    t.blockedAccesses++;
    this.s.stats.blockedAccesses++;
    const L = this.s.loader;
    if (L.qavail > 0 && !L.pumpScheduled) {
      L.pumpScheduled = true;
      this.sched.schedule(0, { t: 'pump' });
    }
    const slots =
      L.qavail > 0
        ? 'The loader has free slots and will read it right away.'
        : 'Its read goes ahead of all background reads once a queue slot frees up.';
    return this.ev(
      'access-blocked',
      `Thread ${id} touches ${at}, but ${fmtBytes(r.waiter.pending)} of it is not loaded yet: the thread must wait. ${slots}`,
      { thread: id },
    );
  }

  private finish(): PgEvent {
    this.s.finished = true;
    const sm = this.summary();
    const parts = [`Simulation over at ${fmtNs(this.sched.now)}.`];
    if (sm.timeToFirstInstructionNs !== null) parts.push(`First instruction at ${fmtNs(sm.timeToFirstInstructionNs)}.`);
    else parts.push('The application never started.');
    if (sm.restoreTimeNs !== null) parts.push(`All memory loaded at ${fmtNs(sm.restoreTimeNs)}.`);
    if (sm.appFinishNs !== null)
      parts.push(
        `Application finished at ${fmtNs(sm.appFinishNs)} after waiting ${fmtNs(sm.totalStallNs)} in total for memory.`,
      );
    if (sm.failed) parts.push('Loading failed with EIO.');
    return this.ev('finished', parts.join(' '));
  }
}
