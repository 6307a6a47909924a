/**
 * Restoring a sandbox's memory from a pages file, step by step. In `sync` mode the application
 * starts only after every page is loaded; in `background` mode (`runsc restore --background`)
 * it starts as soon as the kernel is restored and blocks only on the ranges it touches before
 * they arrive. Each step handles one scheduled happening and returns one event.
 *
 * This module keeps the run and dispatches each happening; the loader's are handled in
 * loader-steps.ts and the application's in app-steps.ts.
 */
import type { Steppable } from '../sim/steppable';
import { Prng } from '../sim/prng';
import { Scheduler } from '../sim/scheduler';
import { type PgallocConfig, PAGE_SIZE, validateConfig } from './config';
import { fmtNs } from './format';
import { checkInvariants } from './invariants';
import { buildLayout, type Layout } from './layout';
import { buildAccessPlan, type AccessPlan } from './access';
import { onAccess, onAppStart } from './app-steps';
import { onComplete, onLoaderStart, onPump } from './loader-steps';
import { cloneState, initialState } from './run-state';
import { type ModelCtx, pgEvent } from './step-context';
import { summarize, type PgallocSummary } from './summary';
import { PAGE_STARTED, PAGE_UNLOADED, type PgallocState, type PgEvent, type PgPayload } from './types';

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
    this.s = initialState(config, this.layout, this.plan, this.sched, this.diskRng);
    // The loader starts when MemoryFile loading begins; in background mode the application may
    // start once the rest of the kernel is restored, without waiting for memory.
    this.sched.schedule(0, { t: 'loader-start' });
    if (config.mode === 'background') this.sched.schedule(config.kernelRestoreNs, { t: 'app-start' });
  }

  private ctx(): ModelCtx {
    return {
      cfg: this.config,
      layout: this.layout,
      s: this.s,
      sched: this.sched,
      diskRng: this.diskRng,
      plan: this.plan,
    };
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

  private handle(p: PgPayload): PgEvent {
    const ctx = this.ctx();
    switch (p.t) {
      case 'loader-start':
        return onLoaderStart(ctx);
      case 'pump':
        return onPump(ctx);
      case 'complete':
        return onComplete(ctx, p.op);
      case 'app-start':
        return onAppStart(ctx);
      case 'access':
        return onAccess(ctx, p.thread);
    }
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
    return pgEvent(this.ctx(), 'finished', parts.join(' '));
  }
}
