import { describe, expect, it } from 'vitest';
import { compareModes, runSummary } from './compare';
import { KiB, MiB, withConfig, type PgallocConfig } from './config';
import { PgallocModel } from './model';
import { PGALLOC_SCENARIOS, findPgallocScenario } from './scenarios';
import { PAGE_LOADED } from './types';

const PAGE = 4096;
/** These tests were written against the small-working-set restore; name it, so new scenarios can come first. */
const smallWorkingSet = findPgallocScenario('small-working-set')!;
/** 8 pages, 2-page reads, 2 in flight, 1 µs latency, 1 µs per page, no overheads. */
function tiny(patch: Partial<PgallocConfig> = {}, addresses: number[][] = [[6 * PAGE, 0]]): PgallocConfig {
  return {
    mode: 'background',
    kernelRestoreNs: 0,
    layout: { kind: 'explicit', memoryBytes: 8 * PAGE, segments: [[0, 8 * PAGE]] },
    loader: { maxInflight: 2, maxReadBytes: 2 * PAGE, maxIovecs: 64 },
    disk: {
      latencyNs: 1000,
      latencyJitterNs: 0,
      opOverheadNs: 0,
      seekNs: 0,
      bandwidthMBps: 4096,
      shortReadAtFileByte: null,
    },
    app: {
      threads: addresses.length,
      computeNsPerAccess: 500,
      faultBytes: PAGE,
      pattern: { kind: 'explicit', addresses },
    },
    ...patch,
  };
}

describe('figures on a hand-checked restore', () => {
  // Reads: [0,1] done 3000, [2,3] waits for the pipe and is done 5000, [4,5] 7000, [6,7] 9000.
  it('sync: the app starts when the last read lands (9 µs) and never stalls', () => {
    const s = new PgallocModel(tiny({ mode: 'sync' }), 0).runToEnd();
    expect(s.restoreTimeNs).toBe(9000);
    expect(s.timeToFirstInstructionNs).toBe(9000);
    expect(s.totalStallNs).toBe(0);
    expect(s.appFinishNs).toBe(10000); // two accesses of 500 ns work each
    expect(s.reads).toBe(4);
  });

  // t=0: reads [0,1] and [2,3] fill the queue; the thread blocks on page 6 (priority).
  // 3000: [0,1] done; the awaited read of page 6 goes first: max(4000, 5000) + 1000 = 6000.
  // 5000: [2,3] done; background read [4,5]: 8000. 6000: page 6 loaded, thread resumes (stall 6000).
  // 6500: page 0 is loaded; 7000 the thread is done. Then [7]: max(7000, 8000) + 1000 = 9000.
  it('background: first instruction at 0, 6 µs of stall, app done at 7 µs, loading done at 9 µs', () => {
    const m = new PgallocModel(tiny(), 0);
    const events = m.run();
    const s = m.summary();
    expect(s.timeToFirstInstructionNs).toBe(0);
    expect(s.totalStallNs).toBe(6000);
    expect(s.appFinishNs).toBe(7000);
    expect(s.restoreTimeNs).toBe(9000);
    expect(s.reads).toBe(5);
    expect(s.awaitedReads).toBe(1);
    expect(events.filter((e) => e.kind === 'read-complete').map((e) => e.time)).toEqual([3000, 5000, 6000, 8000, 9000]);
    const woke = events.find((e) => e.woken?.length);
    expect(woke?.time).toBe(6000);
    expect(woke?.woken).toEqual([0]);
  });

  it('every event is JSON-able and has a sentence', () => {
    const events = new PgallocModel(tiny(), 0).run();
    for (const e of events) {
      expect(JSON.parse(JSON.stringify(e))).toEqual(e);
      expect(e.text.length).toBeGreaterThan(10);
    }
    expect(events[events.length - 1].kind).toBe('finished');
  });
});

describe('fairness between waiters', () => {
  it('splits a large awaited range so a second waiter is served before the first range is done', () => {
    const cfg = tiny(
      {
        layout: { kind: 'explicit', memoryBytes: 16 * PAGE, segments: [[0, 16 * PAGE]] },
        loader: { maxInflight: 1, maxReadBytes: 2 * PAGE, maxIovecs: 64 },
      },
      [[0], [8 * PAGE]],
    );
    cfg.app.faultBytes = 8 * PAGE; // each thread waits for 8 pages
    const m = new PgallocModel(cfg, 0);
    const firstPages = m
      .run()
      .flatMap((e) => e.submitted ?? [])
      .map((o) => o.fileOffset / PAGE);
    // Background read of [0,1], then awaited reads alternate between the two waiters.
    expect(firstPages).toEqual([0, 2, 8, 4, 10, 6, 12, 14]);
  });
});

describe('short read', () => {
  // Thread 0 waits for page 6 (whose read comes back short at 6000), thread 1 for page 0 then 4,
  // thread 2 reads page 2 twice (loaded at 5000) and then page 7.
  const cfg = () =>
    tiny({ disk: { ...tiny().disk, shortReadAtFileByte: 6 * PAGE } }, [
      [6 * PAGE],
      [0, 4 * PAGE],
      [2 * PAGE, 2 * PAGE, 2 * PAGE, 7 * PAGE],
    ]);

  it('is a permanent EIO: waiters get the error, later accesses to unloaded memory fail, loaded memory stays usable', () => {
    const m = new PgallocModel(cfg(), 0);
    const events = m.run();
    const short = events.find((e) => e.kind === 'short-read')!;
    expect(short.time).toBe(6000);
    expect(short.woken?.sort()).toEqual([0, 1]);
    const v = m.view();
    expect(v.threads.map((t) => t.status)).toEqual(['faulted', 'faulted', 'faulted']);
    // Thread 2's access to page 2 at 6000 still succeeds; page 7 at 6500 fails at once.
    const t2 = events.filter((e) => e.thread === 2).map((e) => [e.time, e.kind]);
    expect(t2).toContainEqual([6000, 'access-hit']);
    expect(t2).toContainEqual([6500, 'access-eio']);
    expect(v.page[2]).toBe(PAGE_LOADED);
    expect(v.page[6]).not.toBe(PAGE_LOADED);
    expect(v.loader.inflight).toEqual([]);
    const s = m.summary();
    expect(s.failed).toBe(true);
    expect(s.restoreTimeNs).toBeNull();
    expect(s.eioAccesses).toBe(3);
  });

  it('makes a synchronous restore fail before the application starts', () => {
    const s = new PgallocModel({ ...cfg(), mode: 'sync' }, 0).runToEnd();
    expect(s.failed).toBe(true);
    expect(s.timeToFirstInstructionNs).toBeNull();
    expect(s.accesses).toBe(0);
  });
});

describe('snapshots and determinism', () => {
  const cfg = withConfig(smallWorkingSet.config, {
    layout: { kind: 'random', memoryBytes: 4 * MiB, committedFraction: 0.7, meanSegmentBytes: 64 * KiB },
    loader: { maxInflight: 8 },
    app: {
      threads: 3,
      pattern: { kind: 'locality', accessesPerThread: 60, locality: 0.8, windowBytes: 256 * KiB, hotFraction: 0.3 },
    },
  });

  it('seed 5: restoring a snapshot replays exactly the same events', () => {
    const m = new PgallocModel(cfg, 5);
    m.run(40);
    const snap = m.snapshot();
    expect(structuredClone(snap)).toEqual(snap);
    const rest = m.run();
    m.restore(snap);
    expect(m.run()).toEqual(rest);
  });

  it('seed 9: the same seed gives the same run; another seed a different one', () => {
    const a = new PgallocModel(cfg, 9).run();
    const b = new PgallocModel(cfg, 9).run();
    const c = new PgallocModel(cfg, 10).run();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('figures respond to loader and disk settings', () => {
  const base = withConfig(smallWorkingSet.config, {
    mode: 'sync',
    layout: { kind: 'random', memoryBytes: 8 * MiB, committedFraction: 0.75, meanSegmentBytes: 128 * KiB },
    app: {
      threads: 2,
      pattern: { kind: 'locality', accessesPerThread: 100, locality: 0.9, windowBytes: 256 * KiB, hotFraction: 0.2 },
    },
  });
  const run = (p: Parameters<typeof withConfig>[1]) => runSummary(withConfig(base, p), 3, true);

  it('fewer reads in flight expose the disk latency', () => {
    expect(run({ loader: { maxInflight: 1 } }).restoreTimeNs!).toBeGreaterThan(run({}).restoreTimeNs! * 1.2);
  });

  it('smaller reads mean more reads; one iovec per read stops merging', () => {
    const def = run({});
    const small = run({ loader: { maxReadBytes: 16 * KiB } });
    const noVec = run({ loader: { maxIovecs: 1 } });
    expect(def.mergedReads).toBeGreaterThan(0);
    expect(small.reads).toBeGreaterThan(def.reads * 4);
    expect(small.maxReadBytesSeen).toBe(16 * KiB);
    expect(noVec.mergedReads).toBe(0);
    expect(noVec.maxIovecsSeen).toBe(1);
    expect(noVec.reads).toBeGreaterThan(def.reads);
  });

  it('half the bandwidth roughly doubles the load time', () => {
    const fast = run({ disk: { bandwidthMBps: 2000, latencyJitterNs: 0 } }).restoreTimeNs!;
    const slow = run({ disk: { bandwidthMBps: 1000, latencyJitterNs: 0 } }).restoreTimeNs!;
    expect(slow / fast).toBeGreaterThan(1.7);
    expect(slow / fast).toBeLessThan(2.1);
  });
});

describe('sync versus background', () => {
  it('background wins for a small working set: earlier first instruction and earlier finish', () => {
    const sc = smallWorkingSet;
    const c = compareModes(sc.config, sc.seed);
    expect(c.backgroundWins).toBe(true);
    expect(c.background.timeToFirstInstructionNs).toBe(sc.config.kernelRestoreNs);
    expect(c.sync.timeToFirstInstructionNs).toBe(c.sync.restoreTimeNs);
    expect(c.background.appFinishNs!).toBeLessThan(c.sync.appFinishNs!);
    expect(c.sync.totalStallNs).toBe(0);
    expect(c.background.totalStallNs).toBeGreaterThan(0);
  });

  it('background gains nothing when the app touches everything immediately', () => {
    const sc = findPgallocScenario('touch-everything')!;
    const c = compareModes(sc.config, sc.seed);
    expect(c.backgroundWins).toBe(false);
    // It waits for (almost) the whole load: app finish is within 1% of the synchronous run.
    expect(Math.abs(c.appFinishGainNs!)).toBeLessThan(c.sync.appFinishNs! * 0.01);
  });

  it('background loses on a seeking disk when the app touches memory at random', () => {
    const sc = findPgallocScenario('spinning-disk')!;
    const c = compareModes(sc.config, sc.seed);
    expect(c.backgroundWins).toBe(false);
    expect(c.background.appFinishNs!).toBeGreaterThan(c.sync.appFinishNs!);
    expect(c.background.restoreTimeNs!).toBeGreaterThan(c.sync.restoreTimeNs!);
    expect(c.text).toMatch(/later/);
  });
});

describe('scenario catalogue', () => {
  it('has unique ids, a description each, and every scenario runs with all invariants checked', () => {
    expect(new Set(PGALLOC_SCENARIOS.map((s) => s.id)).size).toBe(PGALLOC_SCENARIOS.length);
    for (const sc of PGALLOC_SCENARIOS) {
      expect(sc.description.length).toBeGreaterThan(100);
      const s = new PgallocModel(sc.config, sc.seed).runToEnd();
      expect(s.finished).toBe(true);
      expect(s.failed).toBe(sc.id === 'short-read');
    }
  });
});
