/**
 * The first scenario is what the view opens on, so it must show the loader's most interesting
 * mechanism: awaited ranges queued in the priority deque behind background reads, split when
 * bigger than one read, and threads woken by the reads issued from it. Everything here is
 * observed from outside the loader (the deque's contents step by step, the events), then checked
 * against the loader's own counters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareModes } from './compare';
import { MiB, PAGE_SIZE, withConfig } from './config';
import { PgallocModel } from './model';
import { PGALLOC_SCENARIOS } from './scenarios';
import { sweepConfig } from './sweep';
import type { PriorityEntry } from './types';

const first = PGALLOC_SCENARIOS[0];

interface DequeObservation {
  maxRanges: number;
  /** Steps after which the deque held something while every slot was busy with at least one background read among them. */
  queuedBehindBackground: number;
  /** Remainders seen: an entry that ends where an earlier entry ended but starts later (the front part was read). */
  splitsSeen: number;
  /** Most distinct waiting threads with a range in the deque at once. */
  maxThreadsQueued: number;
  /** Threads woken by the completion of an awaited read. */
  wokenByAwaited: number;
  /** Pages whose read came from the deque (issued for a waiting thread). */
  awaitedPages: number;
  model: PgallocModel;
}

const endOf = (e: PriorityEntry) => e.memPage + e.pages;

function observe(seed: number, checkInvariants: boolean): DequeObservation {
  const m = new PgallocModel(first.config, seed, { checkInvariants });
  const o: DequeObservation = {
    maxRanges: 0,
    queuedBehindBackground: 0,
    splitsSeen: 0,
    maxThreadsQueued: 0,
    wokenByAwaited: 0,
    awaitedPages: 0,
    model: m,
  };
  const awaitedOps = new Set<number>();
  let before: PriorityEntry[] = [];
  for (let e = m.step(); e; e = m.step()) {
    const s = m.view();
    const q = s.loader.priority;
    o.maxRanges = Math.max(o.maxRanges, q.length);
    if (q.length > 0 && s.loader.qavail === 0 && s.loader.inflight.some((op) => !op.awaited))
      o.queuedBehindBackground++;
    for (const x of q)
      if (before.some((b) => endOf(b) === endOf(x) && b.queuedAt === x.queuedAt && x.memPage > b.memPage))
        o.splitsSeen++;
    const threads = new Set(
      s.waiters
        .filter((w) => q.some((x) => x.memPage < w.memPage + w.pages && endOf(x) > w.memPage))
        .map((w) => w.thread),
    );
    o.maxThreadsQueued = Math.max(o.maxThreadsQueued, threads.size);
    for (const sub of e.submitted ?? []) {
      if (!sub.awaited) continue;
      awaitedOps.add(sub.id);
      o.awaitedPages += sub.bytes / PAGE_SIZE;
    }
    if (e.kind === 'read-complete' && awaitedOps.has(e.op!)) o.wokenByAwaited += e.woken?.length ?? 0;
    before = q.map((x) => ({ ...x }));
  }
  return o;
}

describe(`the first scenario (${first.id}) exercises the priority deque`, () => {
  it(`seed ${first.seed}: ranges queue behind background reads, large ones are split, waiters are woken by reads from the deque (every invariant checked)`, () => {
    const o = observe(first.seed, true);
    const st = o.model.view().stats;
    expect(first.config.mode).toBe('background');
    // The application touches more than the in-flight window covers.
    const windowBytes = first.config.loader.maxInflight * first.config.loader.maxReadBytes;
    expect(o.model.layout.committed.length * PAGE_SIZE).toBeGreaterThan(3 * windowBytes);
    // A fault range is bigger than one read, so an awaited range must be split.
    expect(first.config.app.faultBytes).toBeGreaterThan(first.config.loader.maxReadBytes);
    expect(o.maxRanges).toBeGreaterThanOrEqual(10);
    expect(o.maxRanges).toBe(st.maxPriorityRanges);
    expect(o.queuedBehindBackground).toBeGreaterThan(50);
    expect(o.maxThreadsQueued).toBeGreaterThanOrEqual(4);
    expect(o.splitsSeen).toBeGreaterThan(20);
    // A remainder split again within the same step, or read to its end, is counted but not seen.
    expect(o.splitsSeen).toBeLessThanOrEqual(st.prioritySplits);
    expect(o.wokenByAwaited).toBeGreaterThan(10);
    expect(o.wokenByAwaited).toBe(st.wakeupsByAwaitedReads);
    // Many fault ranges' worth of memory came in through the deque, not just a stray one.
    expect(o.awaitedPages * PAGE_SIZE).toBeGreaterThan(8 * first.config.app.faultBytes);
    // It still ends well: everything loaded once, nobody left waiting.
    const s = o.model.summary();
    expect(s.loadedBytes).toBe(s.savedBytes);
    expect(o.model.view().waiters).toEqual([]);
  });

  it(`seed ${first.seed}: the deque fills as soon as the application starts, so a learner sees it early`, () => {
    const m = new PgallocModel(first.config, first.seed, { checkInvariants: false });
    let step = 0;
    while (m.view().loader.priority.length < 2 && m.step()) step++;
    expect(step).toBeLessThan(40);
    expect(m.now).toBeLessThanOrEqual(first.config.kernelRestoreNs + 1_000_000);
  });

  it(`fast-check seed 20250611: with any seed the first scenario queues, splits and wakes through the deque`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const s = new PgallocModel(first.config, seed, { checkInvariants: false }).runToEnd();
        expect(s.maxPriorityRanges).toBeGreaterThan(1);
        expect(s.prioritySplits).toBeGreaterThan(0);
        expect(s.wakeupsByAwaitedReads).toBeGreaterThan(0);
        expect(s.awaitedReads).toBeGreaterThan(0);
      }),
      { seed: 20250611, numRuns: 6 },
    );
  });

  it(`seed ${first.seed}: a synchronous restore never uses the deque (nobody runs while memory loads)`, () => {
    const s = new PgallocModel(withConfig(first.config, { mode: 'sync' }), first.seed, {
      checkInvariants: false,
    }).runToEnd();
    expect(s.priorityQueued).toBe(0);
    expect(s.maxPriorityRanges).toBe(0);
    expect(s.totalStallNs).toBe(0);
  });

  it(`seed ${first.seed}: what the description claims — the memory saved, background winning clearly, fewer reads in flight serving the waiters sooner`, () => {
    const m = new PgallocModel(first.config, first.seed, { checkInvariants: false });
    const savedMiB = Math.round((m.layout.committed.length * PAGE_SIZE) / MiB);
    expect(first.description).toContain(`${savedMiB} MiB of memory is saved`);
    const windowMiB = (first.config.loader.maxInflight * first.config.loader.maxReadBytes) / MiB;
    expect(first.description).toContain(`cover only ${windowMiB} MiB at a time`);
    expect(first.description).toContain(`${first.config.app.faultBytes / MiB} MiB chunks`);
    expect(first.description).toMatch(/^With this seed .* Sixteen threads start 2 ms into the restore/);
    expect(first.config.app.threads).toBe(16);
    expect(first.config.kernelRestoreNs).toBe(2_000_000);
    expect(first.config.app.pattern).toMatchObject({ kind: 'locality', hotFraction: 0.3 }); // "about a third of memory"
    const c = compareModes(first.config, first.seed);
    expect(c.backgroundWins).toBe(true);
    expect(c.appFinishGainNs!).toBeGreaterThan(c.sync.appFinishNs! * 0.1);
    expect(c.background.totalStallNs).toBeGreaterThan(0);
    const shallow = compareModes(sweepConfig(first.config, 'inflight', 16), first.seed);
    expect(shallow.background.appFinishNs!).toBeLessThan(c.background.appFinishNs! * 0.9);
  });
});
