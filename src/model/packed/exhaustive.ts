/**
 * Exhaustive exploration of small rings (issue 17): every sequence of driver and device operations up to a depth,
 * run on a packed queue and, for power-of-two sizes, on a split queue beside it.
 *
 * Operations: the driver adds a request of a fixed shape or reclaims the next used buffer; the device pops the next
 * available buffer, completes any buffer it holds (each choice is its own branch: that is where out-of-order
 * completion comes from) or flushes what it has completed. Only operations legal in the current state are tried.
 *
 * Every lane (packed, split) is checked against a small abstract queue, `Spec`, which also decides what is legal:
 * requests go available → held → completed → used → reclaimed, in FIFO order except for completion. After every
 * operation each lane's invariants hold (strict, as the simulators check them), each lane agrees with the spec on
 * what it can do next, and a pop or reclaim names the same request (and the reclaim the same length) in every lane.
 *
 * State is saved and restored around each branch (both sides' state records, the ring and table bytes, the
 * table allocator) rather than replaying the sequence from a fresh queue at every node: the same states, less work.
 *
 * This module walks the sequences and compares what the lanes report. The configuration, shapes and operations
 * are in exhaustive-ops.ts, the lanes in exhaustive-lanes.ts (their snapshots in exhaustive-snapshot.ts) and the
 * spec in exhaustive-spec.ts.
 */
import {
  type Completion,
  type ExploreConfig,
  formatOp,
  MAX_REQUESTS,
  type Op,
  slotsFor,
  usedLength,
} from './exhaustive-ops';
import { type Lane, makeLanes } from './exhaustive-lanes';
import { initialSpec, legalOps, type Spec } from './exhaustive-spec';

export type { ExploreConfig, Op, Shape } from './exhaustive-ops';

export interface ExploreStats {
  /** Nodes visited: distinct operation sequences of length 0..depth (nothing is deduplicated). */
  sequences: number;
  /** Completions of a buffer other than the oldest one held. */
  outOfOrder: number;
  /** Flushes that published more than one buffer at once. */
  batchedFlushes: number;
  /** Most ring slots made available along one sequence (÷ QS = laps of the ring). */
  maxSlotsAdded: number;
}

/** A failing operation sequence (the shortest one, see explore()) and what went wrong at its last step. */
export class ExhaustiveFailure extends Error {
  constructor(
    readonly ops: string[],
    override readonly cause: unknown,
  ) {
    super(`after [${ops.join(', ')}]: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ExhaustiveFailure';
  }
}

function expectSame<T>(what: string, lane: Lane, got: T, want: T): void {
  if (got !== want) throw new Error(`${lane.name}: ${what} is ${String(got)}, expected ${String(want)}`);
}

/**
 * What the lanes report for one pop (a request) or reclaim (a request and its used length): the same in every lane
 * (a split/packed disagreement is named as such), and what the spec expects. Since every reclaim is checked, the requests
 * reclaimed so far and their lengths are the same in every lane at every node.
 */
function expectAlike<T>(
  what: string,
  lanes: readonly Lane[],
  got: readonly T[],
  want: T,
  show: (t: T) => string,
): void {
  for (let k = 1; k < lanes.length; k++) {
    if (show(got[k]) !== show(got[0])) {
      throw new Error(`${lanes[0].name} ${what} ${show(got[0])} but ${lanes[k].name} ${what} ${show(got[k])}`);
    }
  }
  for (let k = 0; k < lanes.length; k++) {
    if (show(got[k]) !== show(want))
      throw new Error(`${lanes[k].name} ${what} ${show(got[k])}, expected ${show(want)}`);
  }
}

const showRequest = (n: number) => `#${n}`;
const showCompletion = (c: Completion) => `#${c.request} (len ${c.len})`;

/** Each lane agrees with the spec on what can happen next (so branching on the spec is branching on every lane). */
function checkAgreement(spec: Spec, lanes: readonly Lane[]): void {
  for (const lane of lanes) {
    lane.checkInvariants();
    expectSame('free slots', lane, lane.freeSlots(), spec.freeSlots);
    expectSame('something to pop', lane, lane.canPop(), spec.avail.length > 0);
    expectSame('something to reclaim', lane, lane.canReclaim(), spec.used.length > 0);
  }
}

/** Run one operation on every lane, compare what they report, and return the spec after it. */
function apply(op: Op, spec: Spec, lanes: readonly Lane[], config: ExploreConfig, stats: ExploreStats): Spec {
  switch (op.kind) {
    case 'add': {
      const n = spec.shapes.length;
      const slots = slotsFor(op.shape, config.queueSize, config.features.indirect) ?? 0;
      for (const lane of lanes) lane.add(n, op.shape);
      const slotsAdded = spec.slotsAdded + slots;
      stats.maxSlotsAdded = Math.max(stats.maxSlotsAdded, slotsAdded);
      return {
        ...spec,
        shapes: [...spec.shapes, op.shape],
        freeSlots: spec.freeSlots - slots,
        avail: [...spec.avail, n],
        slotsAdded,
      };
    }
    case 'pop': {
      const [n, ...rest] = spec.avail;
      const popped = lanes.map((lane) => lane.pop());
      expectAlike('popped', lanes, popped, n, showRequest);
      return { ...spec, avail: rest, held: [...spec.held, n] };
    }
    case 'complete': {
      const n = op.request;
      if (n !== spec.held[0]) stats.outOfOrder++;
      for (const lane of lanes) lane.complete(n, usedLength(n, spec.shapes[n]));
      return { ...spec, held: spec.held.filter((h) => h !== n), pending: [...spec.pending, n] };
    }
    case 'flush': {
      if (spec.pending.length > 1) stats.batchedFlushes++;
      for (const lane of lanes) lane.flush();
      return { ...spec, pending: [], used: [...spec.used, ...spec.pending] };
    }
    case 'reclaim': {
      const [n, ...rest] = spec.used;
      const shape = spec.shapes[n];
      const reclaimed = lanes.map((lane) => lane.reclaim());
      expectAlike('reclaimed', lanes, reclaimed, { request: n, len: usedLength(n, shape) }, showCompletion);
      const slots = slotsFor(shape, config.queueSize, config.features.indirect) ?? 0;
      return { ...spec, used: rest, freeSlots: spec.freeSlots + slots };
    }
  }
}

/** Depth-first over every sequence up to `depth`; throws at the first failing sequence found (not the shortest). */
function search(config: ExploreConfig, depth: number): ExploreStats {
  const stats: ExploreStats = { sequences: 0, outOfOrder: 0, batchedFlushes: 0, maxSlotsAdded: 0 };
  const lanes = makeLanes(config);
  const path: Op[] = [];
  const visit = (spec: Spec): void => {
    stats.sequences++;
    if (path.length === depth) return;
    const restores = lanes.map((lane) => lane.snapshot());
    const ops = legalOps(spec, config);
    for (let k = 0; k < ops.length; k++) {
      // Back to this node's state before every branch but the first (visit() leaves the lanes where its last
      // branch ended; the caller restores its own state after that)
      if (k > 0) for (const restore of restores) restore();
      path.push(ops[k]);
      let next: Spec;
      try {
        next = apply(ops[k], spec, lanes, config, stats);
        checkAgreement(next, lanes);
      } catch (e) {
        throw new ExhaustiveFailure(path.map(formatOp), e);
      }
      visit(next);
      path.pop();
    }
  };
  const spec = initialSpec(config.queueSize);
  try {
    checkAgreement(spec, lanes);
  } catch (e) {
    throw new ExhaustiveFailure([], e);
  }
  visit(spec);
  return stats;
}

/**
 * Explore every sequence of up to `config.depth` operations. On a failure, search again with depths 0, 1, … so the
 * sequence reported is a shortest one (every shorter sequence passed at the depth before).
 */
export function explore(config: ExploreConfig): ExploreStats {
  if (config.depth >= MAX_REQUESTS) throw new RangeError(`depth ${config.depth} needs more buffer memory`);
  try {
    return search(config, config.depth);
  } catch (e) {
    if (!(e instanceof ExhaustiveFailure)) throw e;
    for (let d = 0; d < config.depth; d++) search(config, d);
    throw e;
  }
}
