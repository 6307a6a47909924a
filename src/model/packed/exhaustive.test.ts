/**
 * Exhaustive check of small rings (issue 17, part 6): for queue sizes 1–4, every sequence of add / pop / complete
 * (any held buffer) / flush / reclaim up to a depth keeps the packed invariants (strict, as the simulator checks
 * them), and for the sizes a split ring can have (1, 2, 4) the split and packed rings, driven by the same
 * sequence, pop and reclaim the same requests with the same used lengths. The explorer is in exhaustive.ts.
 *
 * Depths are what a slow 2-CPU machine runs in a few seconds per case. Sequence counts are exact: they depend
 * only on the explorer and the depth, so a change to either shows here, and an exploration that quietly stopped
 * early cannot pass.
 */
import { describe, expect, it } from 'vitest';
import { PackedInvariantError } from './invariants';
import { ExhaustiveFailure, explore, type ExploreConfig, type ExploreStats } from './exhaustive';

const DIRECT = { eventIdx: false, indirect: false };
const INDIRECT = { eventIdx: true, indirect: true };

interface Case {
  queueSize: number;
  depth: number;
  features: ExploreConfig['features'];
  /** Exact counts observed; see the note above. */
  sequences: number;
  maxSlotsAdded: number;
}

// The split ring needs a power of two, so QS=3 runs the packed ring alone. Every case but the last makes more
// slots available than the ring has along some sequence, i.e. wraps it; with INDIRECT, QS=4 needs 9 operations
// for that (add, pop, complete, flush, reclaim, then four adds) and the direct QS=4 case covers the wrap.
const CASES: Case[] = [
  { queueSize: 1, depth: 40, features: DIRECT, sequences: 2551, maxSlotsAdded: 8 },
  { queueSize: 2, depth: 14, features: DIRECT, sequences: 63641, maxSlotsAdded: 6 },
  { queueSize: 3, depth: 11, features: DIRECT, sequences: 125532, maxSlotsAdded: 6 },
  { queueSize: 4, depth: 10, features: DIRECT, sequences: 226417, maxSlotsAdded: 6 },
  { queueSize: 2, depth: 11, features: INDIRECT, sequences: 22345, maxSlotsAdded: 4 },
  { queueSize: 3, depth: 9, features: INDIRECT, sequences: 48544, maxSlotsAdded: 4 },
  { queueSize: 4, depth: 8, features: INDIRECT, sequences: 54835, maxSlotsAdded: 4 },
];

const splitFits = (qs: number) => (qs & (qs - 1)) === 0;

function describeCase(c: Case): string {
  const rings = splitFits(c.queueSize) ? 'split+packed' : 'packed';
  const features = c.features.indirect ? 'INDIRECT+EVENT_IDX' : 'no features';
  return `exhaustive ${rings} QS=${c.queueSize} ${features} depth=${c.depth}`;
}

/** The exploration reached the situations worth exploring, not only many sequences. */
function expectCoverage(c: Case, stats: ExploreStats): void {
  expect(stats.sequences).toBe(c.sequences);
  expect(stats.maxSlotsAdded).toBe(c.maxSlotsAdded);
  if (c.queueSize > 1) {
    expect(stats.outOfOrder).toBeGreaterThan(0);
    expect(stats.batchedFlushes).toBeGreaterThan(0);
  }
}

describe('exhaustive small rings: every sequence up to a depth', () => {
  for (const c of CASES) {
    const compared = splitFits(c.queueSize) ? '; split and packed reclaim the same requests with the same lengths' : '';
    it(`QS=${c.queueSize}, ${c.features.indirect ? 'INDIRECT + EVENT_IDX' : 'no features'}, up to ${c.depth} operations: invariants hold after every one${compared}`, () => {
      const stats = explore({ ...c, split: splitFits(c.queueSize) });
      console.log(
        `${describeCase(c)}: ${stats.sequences} sequences (${stats.outOfOrder} out-of-order completions, ${stats.batchedFlushes} batched flushes, up to ${stats.maxSlotsAdded} slots added), all invariants held`,
      );
      expectCoverage(c, stats);
    });
  }
});

describe('the exhaustive check can fail', () => {
  /** The failure explore() throws for this configuration, or null when every sequence passed. */
  function failureOf(config: ExploreConfig): ExhaustiveFailure | null {
    try {
      explore(config);
      return null;
    } catch (e) {
      if (e instanceof ExhaustiveFailure) return e;
      throw e;
    }
  }

  it('finds the whole-ring wrap bug (Linux before the 2023 fix) with the shortest sequence that shows it', () => {
    // A list that fills the whole ring and lands back on its first slot: one descriptor at QS=1, two at QS=2
    for (const [queueSize, ops] of [
      [1, ['add R']],
      [2, ['add RW']],
    ] as const) {
      const f = failureOf({
        queueSize,
        depth: 6,
        features: DIRECT,
        split: true,
        packedDriver: { wholeRingWrapBug: true },
      });
      expect(f?.ops).toEqual(ops);
      const cause = f?.cause;
      expect(cause).toBeInstanceOf(PackedInvariantError);
      expect(cause instanceof PackedInvariantError && cause.invariant).toBe(
        'avail_used_flags match the avail wrap counter',
      );
    }
  });

  it('finds nothing with the bug on where no list can fill the whole ring (QS=3, two-descriptor lists at most)', () => {
    expect(
      failureOf({ queueSize: 3, depth: 8, features: DIRECT, split: false, packedDriver: { wholeRingWrapBug: true } }),
    ).toBeNull();
  });
});
