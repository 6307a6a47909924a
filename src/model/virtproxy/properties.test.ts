/**
 * The property that finds the deadlock without flow control, run unchanged against both fixes.
 * Workloads are random but always completable when streams are isolated (see workload.ts), so any
 * deadlock is the multiplexer's doing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VP_CONFIG } from './config';
import { VirtproxyModel } from './model';
import { PACKET_SIZE } from './packet';
import type { MuxMode, VirtproxyConfig } from './types';
import { randomWorkload } from './workload';

const FC_SEED = 1116;

const caseArb = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  hostProcs: fc.integer({ min: 1, max: 3 }),
  guestProcs: fc.integer({ min: 1, max: 3 }),
  connections: fc.integer({ min: 1, max: 4 }),
  items: fc.integer({ min: 1, max: 16 }),
  maxMessageBytes: fc.integer({ min: 1, max: 700 }),
  signalRate: fc.double({ min: 0, max: 0.6, noNaN: true }),
  sockBufBytes: fc.integer({ min: 1, max: 200 }),
  lanePackets: fc.integer({ min: 1, max: 6 }),
  chunkMaxBytes: fc.integer({ min: 1, max: 200 }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function runCase(c: Case, mode: MuxMode) {
  const w = randomWorkload(c.seed, { ...c, maxSleepNs: 2_000 });
  const cfg: VirtproxyConfig = {
    ...DEFAULT_VP_CONFIG,
    mode,
    sockBufBytes: c.sockBufBytes,
    laneBytes: c.lanePackets * PACKET_SIZE,
    chunkMaxBytes: c.chunkMaxBytes,
  };
  const m = new VirtproxyModel(w, cfg, c.seed); // invariants (incl. byte order) checked every step
  const s = m.runToEnd();
  return { s, v: m.view() };
}

/** Every run ends either complete (all bytes, in order) or in a detected, well-formed deadlock. */
function checkOutcome(c: Case, mode: MuxMode): 'complete' | 'deadlock' {
  const { s, v } = runCase(c, mode);
  expect(s.outcome).not.toBe('running');
  if (s.outcome === 'complete') {
    expect(s.bytesRead).toBe(s.bytesWritten);
    expect(v.procs.every((p) => p.status === 'done')).toBe(true);
  } else {
    const dl = v.deadlock!;
    expect(dl.cycle.length).toBeGreaterThanOrEqual(2);
    dl.cycle.forEach((e, i) => {
      expect(e.to).toBe(dl.cycle[(i + 1) % dl.cycle.length].from);
    });
    expect(v.procs.some((p) => p.status !== 'done')).toBe(true);
  }
  return s.outcome as 'complete' | 'deadlock';
}

describe(`multiplexing properties (fast-check seed ${FC_SEED})`, () => {
  it(`fast-check seed ${FC_SEED}: without flow control some runs deadlock, and every deadlock is detected`, () => {
    let deadlocks = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        if (checkOutcome(c, 'shared') === 'deadlock') deadlocks++;
      }),
      { seed: FC_SEED, numRuns: 150 },
    );
    expect(deadlocks).toBeGreaterThan(10);
  });

  for (const mode of ['ports', 'credit'] as MuxMode[]) {
    it(`fast-check seed ${FC_SEED}: with ${mode}, no run deadlocks and no byte is lost or reordered`, () => {
      fc.assert(
        fc.property(caseArb, (c) => {
          expect(checkOutcome(c, mode)).toBe('complete');
        }),
        { seed: FC_SEED, numRuns: 150 },
      );
    });
  }
});
