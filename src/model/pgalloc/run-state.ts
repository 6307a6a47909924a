/**
 * A restore run's state: what it starts from (every committed page unloaded, the loader idle, no thread started)
 * and the deep copy snapshots and restores use.
 */
import type { AccessPlan } from './access';
import type { PgallocConfig } from './config';
import type { Layout } from './layout';
import type { Prng } from '../sim/prng';
import type { Scheduler } from '../sim/scheduler';
import { PAGE_HOLE, PAGE_UNLOADED, type PgallocState, type PgPayload } from './types';

/**
 * A deep copy of the state. The three per-page arrays are most of it and are copied with
 * slice(), which is several times faster than structuredClone on large arrays (time travel
 * takes a snapshot every few dozen steps); everything else goes through structuredClone.
 * Placeholders keep the keys in their usual order, so equal states serialize identically.
 */
export function cloneState(s: PgallocState): PgallocState {
  const none: number[] = [];
  const c: PgallocState = structuredClone({ ...s, page: none, waitCount: none, loadCount: none });
  c.page = s.page.slice();
  c.waitCount = s.waitCount.slice();
  c.loadCount = s.loadCount.slice();
  return c;
}

/** The state before the first step. */
export function initialState(
  config: PgallocConfig,
  layout: Layout,
  plan: AccessPlan,
  sched: Scheduler<PgPayload>,
  diskRng: Prng,
): PgallocState {
  const n = layout.pages;
  const page = layout.filePage.map((f) => (f < 0 ? PAGE_HOLE : PAGE_UNLOADED));
  return {
    step: 0,
    finished: false,
    sched: sched.save(),
    diskRng: diskRng.save(),
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
      unloadedPages: layout.committed.length,
    },
    waiters: [],
    nextWaiterId: 0,
    threads: plan.map((_, id) => ({
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
}
