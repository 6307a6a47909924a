/**
 * Seeded property tests of the loader: random small restores (layout, loader limits, disk, app,
 * mode) run with every invariant checked after every step, then the end state is examined.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KiB, PAGE_SIZE, type PgallocConfig } from './config';
import { PgallocModel } from './model';
import { PAGE_HOLE } from './types';
import { restoreConfig } from './config-arbitrary';

const FC_SEED = 20240926;

const configArb = restoreConfig({
  modes: ['sync', 'background'],
  kernelRestoreNs: 200_000,
  memoryPages: [1, 256],
  minCommitted: 0.2,
  segmentPages: 16,
  inflight: 16,
  readPages: 16,
  iovecs: 6,
  latencyNs: 50_000,
  jitterNs: 20_000,
  overheadNs: 5_000,
  bandwidthMBps: 4000,
  threads: 5,
  faultPages: 8,
  accessesPerThread: [0, 40],
  windowPages: 32,
  touchAll: true,
});

describe(`pgalloc loader properties (fast-check seed ${FC_SEED})`, () => {
  it(`fast-check seed ${FC_SEED}: every byte loaded exactly once, every waiter woken, limits respected, awaited ranges never behind more than the queue`, () => {
    fc.assert(
      fc.property(configArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (cfg, seed) => {
        const m = new PgallocModel(cfg, seed); // checks every invariant after every step
        let worstAhead = 0;
        for (let e = m.step(); e; e = m.step()) {
          const v = m.view();
          for (const p of v.loader.priority) worstAhead = Math.max(worstAhead, p.unawaitedAhead);
          for (const op of v.loader.inflight) {
            expect(op.pages * PAGE_SIZE).toBeLessThanOrEqual(cfg.loader.maxReadBytes);
            expect(op.iovecs.length).toBeLessThanOrEqual(cfg.loader.maxIovecs);
          }
        }
        const v = m.view();
        const s = m.summary();
        expect(worstAhead).toBeLessThanOrEqual(cfg.loader.maxInflight);
        for (let p = 0; p < v.page.length; p++) expect(v.loadCount[p]).toBe(v.page[p] === PAGE_HOLE ? 0 : 1);
        expect(s.loadedBytes).toBe(s.savedBytes);
        expect(v.waiters).toEqual([]);
        expect(v.threads.every((t) => t.status === 'done')).toBe(true);
        expect(v.stats.wakeups).toBe(v.stats.blockedAccesses);
        expect(s.restoreTimeNs).not.toBeNull();
        expect(s.appFinishNs).not.toBeNull();
        if (cfg.mode === 'sync') {
          expect(s.totalStallNs).toBe(0);
          expect(s.timeToFirstInstructionNs).toBe(Math.max(cfg.kernelRestoreNs, s.restoreTimeNs!));
        } else {
          expect(s.timeToFirstInstructionNs).toBe(cfg.kernelRestoreNs);
        }
      }),
      { seed: FC_SEED, numRuns: 150 },
    );
  });

  it(`fast-check seed ${FC_SEED}: a short read anywhere fails loading for good and wakes every waiter with EIO`, () => {
    fc.assert(
      fc.property(
        configArb,
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (cfg, seed, where) => {
          const probe = new PgallocModel(cfg, seed);
          const saved = probe.layout.committed.length * PAGE_SIZE;
          const bad = Math.floor((saved * where) / PAGE_SIZE) * PAGE_SIZE;
          const m = new PgallocModel({ ...cfg, disk: { ...cfg.disk, shortReadAtFileByte: bad } }, seed);
          const events = m.run();
          const v = m.view();
          expect(events.some((e) => e.kind === 'short-read')).toBe(true);
          expect(m.summary().failed).toBe(true);
          expect(v.waiters).toEqual([]);
          expect(v.threads.every((t) => t.status !== 'blocked' && t.status !== 'running')).toBe(true);
          // The page holding the bad byte never became loaded.
          const memPage = probe.layout.committed[bad / PAGE_SIZE];
          expect(v.loadCount[memPage]).toBe(0);
        },
      ),
      { seed: FC_SEED, numRuns: 80 },
    );
  });
});

describe('fixed seeds', () => {
  it('seed 17: a 1-iovec, 1-page loader on fragmented memory still loads everything once', () => {
    const cfg: PgallocConfig = {
      mode: 'background',
      kernelRestoreNs: 0,
      layout: { kind: 'random', memoryBytes: 64 * PAGE_SIZE, committedFraction: 0.5, meanSegmentBytes: PAGE_SIZE },
      loader: { maxInflight: 1, maxReadBytes: 4 * KiB, maxIovecs: 1 },
      disk: {
        latencyNs: 100,
        latencyJitterNs: 50,
        opOverheadNs: 0,
        seekNs: 0,
        bandwidthMBps: 1000,
        shortReadAtFileByte: null,
      },
      app: {
        threads: 3,
        computeNsPerAccess: 10,
        faultBytes: 8 * PAGE_SIZE,
        pattern: { kind: 'touch-all', order: 'shuffled' },
      },
    };
    const s = new PgallocModel(cfg, 17).runToEnd();
    expect(s.loadedBytes).toBe(s.savedBytes);
    expect(s.reads).toBe(s.savedBytes / PAGE_SIZE);
  });
});
