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
 * State is saved and restored around each branch (both sides' state records, the memory image, the table
 * allocator) rather than replaying the sequence from a fresh queue at every node: the same states, less work.
 */
import type { GuestAllocator } from '../memory/allocator';
import type { GuestMemory } from '../memory/guest-memory';
import type { BufferRef } from '../virtio/chain';
import { HeadState } from '../virtio/driver';
import { createQueue } from '../virtio/queue';
import { checkInvariants } from '../vqsim/invariants';
import type { PackedFeatures } from './constants';
import { IdState, type PackedDriverOptions } from './driver';
import { checkPackedInvariants } from './invariants';
import { createPackedQueue } from './queue';

/** Request shapes: one readable buffer, one writable buffer, one of each (a two-descriptor list). */
const SHAPES = ['R', 'W', 'RW'] as const;
export type Shape = (typeof SHAPES)[number];

export type Op =
  | { kind: 'add'; shape: Shape }
  | { kind: 'pop' }
  | { kind: 'complete'; request: number }
  | { kind: 'flush' }
  | { kind: 'reclaim' };

function formatOp(op: Op): string {
  if (op.kind === 'add') return `add ${op.shape}`;
  if (op.kind === 'complete') return `complete #${op.request}`;
  return op.kind;
}

export interface ExploreConfig {
  queueSize: number;
  /** Longest operation sequence tried. */
  depth: number;
  features: PackedFeatures;
  /** Run a split queue beside the packed one (its size must be a power of two). */
  split: boolean;
  /** Packed driver options, e.g. to check that a known bug is caught. */
  packedDriver?: Partial<PackedDriverOptions>;
}

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

// Request n's buffers live at fixed addresses with lengths from n, so every lane offers the same buffers. Their
// contents do not matter: the device only reports a length, it writes nothing into them.
const BUFFER_BYTES = 4096;
const REQUEST_STRIDE = 64;
const MAX_REQUESTS = BUFFER_BYTES / REQUEST_STRIDE;

function buffersOf(base: number, n: number, shape: Shape): { out: BufferRef[]; inb: BufferRef[] } {
  const at = base + REQUEST_STRIDE * n;
  return {
    out: shape === 'W' ? [] : [{ addr: at, len: 8 + n }],
    inb: shape === 'R' ? [] : [{ addr: at + 32, len: 16 + n }],
  };
}

/** What the device reports writing for request n: distinct per request, so a mixed-up completion shows. */
function usedLength(n: number, shape: Shape): number {
  return shape === 'R' ? 0 : 1 + n;
}

/** Ring slots a request takes, or null when it can never fit (longer than the queue). Both rings agree on this. */
function slotsFor(shape: Shape, qs: number, indirect: boolean): number | null {
  const elements = shape.length;
  if (elements > qs) return null;
  return indirect && elements > 1 ? 1 : elements;
}

interface Completion {
  request: number;
  len: number;
}

/** One model under test, driven in terms of request numbers. */
interface Lane {
  readonly name: string;
  add(n: number, shape: Shape): void;
  canPop(): boolean;
  /** Pop and return the request popped. */
  pop(): number;
  complete(n: number, len: number): void;
  flush(): void;
  canReclaim(): boolean;
  reclaim(): Completion;
  freeSlots(): number;
  checkInvariants(): void;
  /** Save the whole state; the function returned puts it back (any number of times). */
  snapshot(): () => void;
}

/**
 * Save and restore a side's state record without its save()/restore(), which structuredClone the record (15 µs a
 * call, most of the run time here). The records are flat: numbers, typed arrays, arrays of numbers and an error
 * record that is never mutated. The field lists are read once; restoring writes into the record's own typed arrays.
 */
interface FieldCopier<T> {
  save(s: T): T;
  restore(into: T, saved: T): void;
}

function fieldCopier<T extends object>(sample: T): FieldCopier<T> {
  const typed: string[] = [];
  const lists: string[] = [];
  const plain: string[] = [];
  for (const [k, v] of Object.entries(sample))
    (ArrayBuffer.isView(v) ? typed : Array.isArray(v) ? lists : plain).push(k);
  return {
    save: (s) => {
      const src = s as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of typed) out[k] = (src[k] as Uint8Array).slice();
      for (const k of lists) out[k] = (src[k] as number[]).slice();
      for (const k of plain) out[k] = src[k];
      return out as T;
    },
    restore: (into, saved) => {
      const dst = into as Record<string, unknown>;
      const src = saved as Record<string, unknown>;
      for (const k of typed) (dst[k] as Uint8Array).set(src[k] as Uint8Array);
      for (const k of lists) dst[k] = (src[k] as number[]).slice();
      for (const k of plain) dst[k] = src[k];
    },
  };
}

/** What of a queue (split or packed) changes as the explorer drives it. */
interface QueueParts<D extends object, V extends object> {
  mem: GuestMemory;
  map: { rings: Region; tables: Region };
  driver: { s: D };
  device: { s: V };
  tables: GuestAllocator;
}
interface Region {
  base: number;
  size: number;
}

/**
 * Snapshots of a queue: both sides' state records, the bytes of the rings (and of the indirect tables when there
 * can be any) and the table allocator. The data buffers are left out: nothing writes into them here.
 */
function snapshotter<D extends object, V extends object>(q: QueueParts<D, V>, indirect: boolean): () => () => void {
  const driverFields = fieldCopier(q.driver.s);
  const deviceFields = fieldCopier(q.device.s);
  const regions = indirect ? [q.map.rings, q.map.tables] : [q.map.rings];
  return () => {
    const driver = driverFields.save(q.driver.s);
    const device = deviceFields.save(q.device.s);
    const bytes = regions.map((r) => q.mem.readBytes(r.base, r.size));
    const tables = indirect ? q.tables.save() : null;
    return () => {
      driverFields.restore(q.driver.s, driver);
      deviceFields.restore(q.device.s, device);
      for (let k = 0; k < regions.length; k++) q.mem.writeBytes(regions[k].base, bytes[k]);
      if (tables) q.tables.restore(tables);
    };
  };
}

function packedLane(config: ExploreConfig): Lane {
  const q = createPackedQueue({
    queueSize: config.queueSize,
    features: config.features,
    bufferBytes: BUFFER_BYTES,
    driver: config.packedDriver,
  });
  const base = q.map.buffers.base;
  // The device names buffers by id; the driver's token for that id is the request number (tokens are what a real
  // driver gets back too). Request → id is the in-flight id carrying that token.
  const idOf = (n: number): number => {
    for (let id = 0; id < q.driver.qs; id++) {
      if (q.driver.s.idState[id] === IdState.InFlight && q.driver.s.token[id] === n) return id;
    }
    throw new Error(`packed: request #${n} is not in flight`);
  };
  return {
    name: 'packed',
    add: (n, shape) => {
      const b = buffersOf(base, n, shape);
      q.driver.add(b.out, b.inb, n);
    },
    canPop: () => !q.device.isEmpty(),
    pop: () => {
      const p = q.device.pop();
      if (!p) throw new Error('packed: pop found nothing');
      return q.driver.s.token[p.chain.id];
    },
    complete: (n, len) => {
      q.device.fill(idOf(n), len);
    },
    flush: () => {
      q.device.flush();
    },
    canReclaim: () => q.driver.moreUsed(),
    reclaim: () => {
      const u = q.driver.getUsed();
      if (!u) throw new Error('packed: reclaim found nothing');
      return { request: u.token, len: u.len };
    },
    freeSlots: () => q.driver.s.numFree,
    checkInvariants: () => checkPackedInvariants(q.driver, q.device, q.driver.tables, true),
    snapshot: snapshotter(q, config.features.indirect),
  };
}

function splitLane(config: ExploreConfig): Lane {
  const vq = createQueue({ queueSize: config.queueSize, features: config.features, bufferBytes: BUFFER_BYTES });
  const base = vq.map.buffers.base;
  const headOf = (n: number): number => {
    for (let h = 0; h < vq.driver.qs; h++) {
      if (vq.driver.s.headState[h] === HeadState.InFlight && vq.driver.s.token[h] === n) return h;
    }
    throw new Error(`split: request #${n} is not in flight`);
  };
  return {
    name: 'split',
    add: (n, shape) => {
      const b = buffersOf(base, n, shape);
      vq.driver.add(b.out, b.inb, n);
    },
    canPop: () => vq.device.available() > 0,
    pop: () => {
      const p = vq.device.pop();
      if (!p) throw new Error('split: pop found nothing');
      return vq.driver.s.token[p.chain.head];
    },
    complete: (n, len) => {
      vq.device.fill(headOf(n), len);
    },
    flush: () => {
      vq.device.flush();
    },
    canReclaim: () => vq.driver.moreUsed(),
    reclaim: () => {
      const u = vq.driver.getUsed();
      if (!u) throw new Error('split: reclaim found nothing');
      return { request: u.token, len: u.len };
    },
    freeSlots: () => vq.driver.s.numFree,
    // Tables only with INDIRECT, as the packed side has them (its driver.tables is null without)
    checkInvariants: () => checkInvariants(vq.driver, vq.device, config.features.indirect ? vq.tables : null, true),
    snapshot: snapshotter(vq, config.features.indirect),
  };
}

/** The abstract queue: where each request is. Immutable; every operation makes a new one. */
interface Spec {
  /** Shape of each request added so far; its index is the request number. */
  shapes: readonly Shape[];
  freeSlots: number;
  /** Added, not popped (FIFO). */
  avail: readonly number[];
  /** Popped, not completed, in pop order. */
  held: readonly number[];
  /** Completed, not flushed, in completion order. */
  pending: readonly number[];
  /** Flushed, not reclaimed, in the order the driver will reclaim them. */
  used: readonly number[];
  slotsAdded: number;
}

function initialSpec(qs: number): Spec {
  return { shapes: [], freeSlots: qs, avail: [], held: [], pending: [], used: [], slotsAdded: 0 };
}

function legalOps(spec: Spec, config: ExploreConfig): Op[] {
  const ops: Op[] = [];
  if (spec.shapes.length < MAX_REQUESTS) {
    for (const shape of SHAPES) {
      const slots = slotsFor(shape, config.queueSize, config.features.indirect);
      if (slots !== null && slots <= spec.freeSlots) ops.push({ kind: 'add', shape });
    }
  }
  if (spec.avail.length > 0) ops.push({ kind: 'pop' });
  for (const request of spec.held) ops.push({ kind: 'complete', request });
  if (spec.pending.length > 0) ops.push({ kind: 'flush' });
  if (spec.used.length > 0) ops.push({ kind: 'reclaim' });
  return ops;
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

function makeLanes(config: ExploreConfig): Lane[] {
  return config.split ? [splitLane(config), packedLane(config)] : [packedLane(config)];
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
