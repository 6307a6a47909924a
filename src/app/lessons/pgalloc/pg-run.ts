/**
 * A pgalloc restore for a lesson: the same spec the /pgalloc view reads from its URL (scenario,
 * seed, mode, changed knobs), recorded once and seekable, with the lookups lessons need to find
 * the moment they talk about ("just before the first stall") and to read numbers there. Also the
 * sweep a step shows, revealed point by point. DOM-free.
 */
import {
  findCrossovers,
  PAGE_SIZE,
  PgallocModel,
  runSummary,
  SWEEP_PARAMS,
  sweepPoint,
  sweepValues,
  type Crossover,
  type PgallocConfig,
  type PgallocState,
  type PgallocSummary,
  type PgEvent,
  type SweepPoint,
  type SweepSpec,
} from '../../../model/pgalloc';
import { Cursor, record, type Recording } from '../../../model/sim/recording';
import { configOf, normalize, type PgSpec } from '../../pgalloc/spec';
import { EventRun } from '../recorded-run';
import type { LessonRun } from '../types';

/** Lesson runs are a few thousand steps; a step back re-runs at most this many. */
const EVERY = 32;
const MAX_STEPS = 100_000;

const ACCESS_KINDS = new Set<PgEvent['kind']>(['access-hit', 'access-blocked', 'access-eio']);
export const isAccess = (e: PgEvent) => ACCESS_KINDS.has(e.kind);

/** What the next access of a thread meets: memory already loaded, a read in flight, or nothing started. */
export type AccessOutcome = 'loaded' | 'inflight' | 'queued' | 'eio';

export class PgRun extends EventRun<PgEvent> {
  readonly spec: PgSpec;
  readonly config: PgallocConfig;
  /** The live model, at the run's current position. */
  readonly model: PgallocModel;
  readonly events: readonly PgEvent[];
  /** The figures at the end of the run. */
  readonly final: PgallocSummary;
  private readonly cursor: Cursor<PgallocState, PgEvent, PgallocModel>;
  private readonly recording: Recording<PgallocState, PgEvent, never>;

  protected readonly startText = 'Before the restore: all saved memory is in the pages file, none of it in memory.';

  constructor(spec: PgSpec) {
    super();
    this.spec = normalize(spec);
    this.config = configOf(this.spec);
    const m = new PgallocModel(this.config, this.spec.seed, { checkInvariants: false });
    this.recording = record<PgallocState, PgEvent, never, PgallocModel>(m, { every: EVERY, maxSteps: MAX_STEPS });
    this.final = m.summary();
    this.events = this.recording.events;
    this.model = new PgallocModel(this.config, this.spec.seed, { checkInvariants: false });
    this.cursor = new Cursor(this.model, this.recording);
  }

  get position(): number {
    return this.cursor.position;
  }
  get state(): Readonly<PgallocState> {
    return this.model.view();
  }
  get savedBytes(): number {
    return this.model.layout.committed.length * PAGE_SIZE;
  }

  seek(position: number): void {
    this.cursor.seek(position);
  }

  /** Compute something from the state after `position` events, leaving the run where it was. */
  peek<T>(position: number, f: (m: PgallocModel) => T): T {
    return this.peekAt(position, () => f(this.model));
  }

  /** The first access event at or after index `from`, as a position just before it, or null. */
  nextAccess(from: number): number | null {
    return this.before(isAccess, 0, from);
  }

  /**
   * What the access that follows `position` (an access event must be next) meets, decided by the
   * model: no wait; a wait for reads already in flight; or a wait whose unstarted part goes to the
   * priority deque.
   */
  accessOutcome(position: number): AccessOutcome {
    const e = this.events[position];
    if (!e || !isAccess(e)) throw new Error(`no access at ${position}`);
    if (e.kind === 'access-hit') return 'loaded';
    if (e.kind === 'access-eio') return 'eio';
    const q0 = this.peek(position, (m) => m.view().stats.priorityQueued);
    const q1 = this.peek(position + 1, (m) => m.view().stats.priorityQueued);
    return q1 > q0 ? 'queued' : 'inflight';
  }

  /** The range the thread of the access after `position` is about to touch: first page and page count. */
  touchAt(position: number): { thread: number; memPage: number; pages: number } {
    const e = this.events[position];
    const thread = e.thread ?? 0;
    return this.peek(position, (m) => {
      const t = m.view().threads[thread];
      const memPage = m.plan[thread][t.next];
      const pages = Math.min(m.config.app.faultBytes / PAGE_SIZE, m.layout.pages - memPage);
      return { thread, memPage, pages };
    });
  }
}

/** The same restore with one setting different, run to its end (for "what if" questions). */
export function summaryWith(spec: PgSpec): PgallocSummary {
  return runSummary(configOf(normalize(spec)), spec.seed);
}

/**
 * A sweep as a run: both modes of the same restore at each value of one setting; position p shows
 * the first p points. Every point is two whole runs, computed when the run is built.
 */
export class SweepRun implements LessonRun {
  readonly values: number[];
  readonly points: SweepPoint[];
  readonly crossovers: Crossover[];
  /** Milliseconds the sweep took to compute here. */
  readonly computeMs: number;
  private pos = 0;

  constructor(
    readonly spec: PgSpec,
    readonly sweep: SweepSpec,
  ) {
    const t0 = performance.now();
    const base = configOf(normalize(spec));
    this.values = sweepValues(sweep);
    this.points = this.values.map((v) => sweepPoint(base, spec.seed, sweep.param, v));
    this.crossovers = findCrossovers(this.points, SWEEP_PARAMS[sweep.param].scale);
    this.computeMs = performance.now() - t0;
  }

  get length(): number {
    return this.points.length;
  }
  get position(): number {
    return this.pos;
  }
  seek(position: number): void {
    this.pos = Math.max(0, Math.min(this.length, Math.floor(position)));
  }

  describe(position: number): string {
    if (position <= 0) return 'No point of the sweep shown yet.';
    const p = this.points[Math.min(position, this.length) - 1];
    const info = SWEEP_PARAMS[this.sweep.param];
    const f = (ns: number | null) => (ns === null ? 'never' : `${(ns / 1e6).toFixed(1)} ms`);
    return `At ${info.format(p.value)}: the application finishes at ${f(p.background.finishNs)} with --background and ${f(p.sync.finishNs)} with a plain restore — ${p.backgroundWins ? 'background wins' : 'background does not win'}.`;
  }

  /** The point shown last (null before the first). */
  current(): SweepPoint | null {
    return this.pos > 0 ? this.points[this.pos - 1] : null;
  }

  /**
   * Where background stops winning, as the sweep's answer: the index i of the first crossover
   * from winning to not (between values[i] and values[i+1]), or 'never' (it wins throughout) or
   * 'none' (it never wins).
   */
  stopsWinning(): number | 'never' | 'none' {
    const c = this.crossovers.find((x) => x.backgroundWinsBelow);
    if (c) return c.index;
    if (this.points.every((p) => p.backgroundWins)) return 'never';
    if (this.points.every((p) => !p.backgroundWins)) return 'none';
    // It only starts winning somewhere: it never stops inside the range.
    return 'never';
  }
}
