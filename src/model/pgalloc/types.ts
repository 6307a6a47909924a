/** Plain-data state of the page loading model: everything here is structuredClone-able. */
import type { PrngState } from '../sim/prng';
import type { SchedulerState } from '../sim/scheduler';

/** Per-page status. A page not in the pages file (a hole) never needs loading. */
export const PAGE_HOLE = 0;
export const PAGE_UNLOADED = 1;
export const PAGE_STARTED = 2;
export const PAGE_LOADED = 3;
export type PageStatus = typeof PAGE_HOLE | typeof PAGE_UNLOADED | typeof PAGE_STARTED | typeof PAGE_LOADED;

/** One memory-contiguous piece of a read. */
export interface Iovec {
  memPage: number;
  pages: number;
}

/** One read of a contiguous stretch of the pages file into one or more memory ranges. */
export interface ReadOp {
  id: number;
  /** Awaited reads (for a waiting thread) and background reads are never mixed in one op. */
  awaited: boolean;
  filePage: number;
  pages: number;
  iovecs: Iovec[];
  submittedAt: number;
  completesAt: number;
  /** The disk will return fewer bytes than asked (the model's injected fault). */
  short: boolean;
}

/** An awaited range not yet started, in the priority deque. */
export interface PriorityEntry {
  memPage: number;
  filePage: number;
  pages: number;
  queuedAt: number;
  /** Background reads that were ahead of this range in the queue: must stay ≤ queue capacity. */
  unawaitedAhead: number;
}

/** A thread waiting for a fault range to finish loading. */
export interface Waiter {
  id: number;
  thread: number;
  memPage: number;
  pages: number;
  /** Bytes of the range still unloaded when counted; woken when it reaches 0. */
  pending: number;
  since: number;
}

export type ThreadStatus = 'not-started' | 'running' | 'blocked' | 'done' | 'faulted';

export interface ThreadState {
  id: number;
  status: ThreadStatus;
  /** Index of the next access in the thread's plan. */
  next: number;
  blockedSince: number | null;
  stallNs: number;
  blockedAccesses: number;
  finishedAt: number | null;
}

export interface LoaderState {
  priority: PriorityEntry[];
  /** Memory pages below this are all started or loaded (or holes): where background reads resume. */
  minUnstarted: number;
  /** Free queue slots. */
  qavail: number;
  inflight: ReadOp[];
  nextOpId: number;
  /** When the disk's transfer pipe is next free. */
  diskBusyUntil: number;
  /** Pages-file page just after the last read handed to the disk (for the seek penalty). */
  diskFileEnd: number;
  /** Set by a failed or short read; permanent, as in gVisor. */
  err: 'EIO' | null;
  /** When loading ended (everything loaded, or the error). */
  doneAt: number | null;
  pumpScheduled: boolean;
  unloadedPages: number;
}

export interface PgallocStats {
  opsSubmitted: number;
  awaitedOps: number;
  /** Reads that filled more than one memory range (merged because contiguous in the pages file). */
  mergedOps: number;
  maxIovecsSeen: number;
  maxReadBytesSeen: number;
  bytesLoaded: number;
  accesses: number;
  blockedAccesses: number;
  wakeups: number;
  eioAccesses: number;
  /** Awaited ranges put in the priority deque (one per unstarted run of a blocked access). */
  priorityQueued: number;
  /** Times an awaited range was larger than the read it got: the rest went to the back of the deque. */
  prioritySplits: number;
  /** Most ranges the priority deque ever held at once. */
  maxPriorityRanges: number;
  /** Wake-ups that an awaited read (one issued from the priority deque) completed. */
  wakeupsByAwaitedReads: number;
  appStartedAt: number | null;
  appFinishedAt: number | null;
}

export type PgPayload =
  | { t: 'loader-start' }
  | { t: 'pump' }
  | { t: 'complete'; op: number }
  | { t: 'app-start' }
  | { t: 'access'; thread: number };

export interface PgallocState {
  step: number;
  finished: boolean;
  sched: SchedulerState<PgPayload>;
  diskRng: PrngState;
  /** PageStatus per memory page. */
  page: number[];
  /** Number of active waiters covering each page. */
  waitCount: number[];
  /** How many times each page was filled from the pages file: must end at exactly 1. */
  loadCount: number[];
  loader: LoaderState;
  waiters: Waiter[];
  nextWaiterId: number;
  threads: ThreadState[];
  stats: PgallocStats;
}

export type PgEventKind =
  | 'loader-start'
  | 'pump'
  | 'read-complete'
  | 'short-read'
  | 'app-start'
  | 'access-hit'
  | 'access-blocked'
  | 'access-eio'
  | 'thread-done'
  | 'finished';

export interface PgEvent {
  step: number;
  time: number;
  kind: PgEventKind;
  thread?: number;
  /** Ops submitted during this step. */
  submitted?: { id: number; awaited: boolean; bytes: number; iovecs: number; fileOffset: number }[];
  /** The op that completed in this step. */
  op?: number;
  /** Threads whose wait ended in this step. */
  woken?: number[];
  loaderDone?: boolean;
  text: string;
}
