/**
 * The figures the issue asks for. "Restore time" is when the last page is in memory (and the pages
 * file can be closed); "time to first instruction" is when the application starts; "stall" is
 * the time application threads spent blocked on memory after that. App finish time is the honest
 * bottom line: sync pays the whole load up front, background pays only for what it touches early.
 */
import { PAGE_SIZE, type PgallocConfig, type RestoreMode } from './config';
import type { Layout } from './layout';
import type { PgallocState } from './types';

export interface PgallocSummary {
  mode: RestoreMode;
  finished: boolean;
  /** Loading hit a permanent EIO. */
  failed: boolean;
  timeToFirstInstructionNs: number | null;
  totalStallNs: number;
  /** When all memory was loaded; null if loading failed or has not ended. */
  restoreTimeNs: number | null;
  /** When every application thread was done (or died of EIO). */
  appFinishNs: number | null;
  savedBytes: number;
  loadedBytes: number;
  reads: number;
  awaitedReads: number;
  mergedReads: number;
  meanReadBytes: number;
  maxIovecsSeen: number;
  maxReadBytesSeen: number;
  accesses: number;
  blockedAccesses: number;
  eioAccesses: number;
  /** Awaited ranges that went through the priority deque, how often one was split, the deque's peak length. */
  priorityQueued: number;
  prioritySplits: number;
  maxPriorityRanges: number;
  /** Blocked accesses woken by the completion of an awaited read (rather than a background one). */
  wakeupsByAwaitedReads: number;
}

export function summarize(s: PgallocState, cfg: PgallocConfig, layout: Layout): PgallocSummary {
  const st = s.stats;
  const L = s.loader;
  const stall = s.threads.reduce((a, t) => a + t.stallNs, 0);
  return {
    mode: cfg.mode,
    finished: s.finished,
    failed: L.err !== null,
    timeToFirstInstructionNs: st.appStartedAt,
    totalStallNs: stall,
    restoreTimeNs: L.err === null ? L.doneAt : null,
    appFinishNs: st.appFinishedAt,
    savedBytes: layout.committed.length * PAGE_SIZE,
    loadedBytes: st.bytesLoaded,
    reads: st.opsSubmitted,
    awaitedReads: st.awaitedOps,
    mergedReads: st.mergedOps,
    meanReadBytes: st.opsSubmitted ? Math.round(st.bytesLoaded / st.opsSubmitted) : 0,
    maxIovecsSeen: st.maxIovecsSeen,
    maxReadBytesSeen: st.maxReadBytesSeen,
    accesses: st.accesses,
    blockedAccesses: st.blockedAccesses,
    eioAccesses: st.eioAccesses,
    priorityQueued: st.priorityQueued,
    prioritySplits: st.prioritySplits,
    maxPriorityRanges: st.maxPriorityRanges,
    wakeupsByAwaitedReads: st.wakeupsByAwaitedReads,
  };
}
