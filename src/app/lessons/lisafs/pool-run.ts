/**
 * A lisafs channel-pool run for a lesson: one of the pool scenarios, with the seed and at most
 * a few configuration overrides (GOMAXPROCS, callers), recorded to the end once and seekable,
 * plus the lookups the lesson's steps ask of it. DOM-free.
 */
import {
  findPoolScenario,
  LisafsPoolSim,
  latencyStats,
  POOL_SCENARIOS,
  type PoolConfig,
  type PoolEvent,
  type PoolEventKind,
  type PoolSnapshot,
  type PoolState,
} from '../../../model/lisafs/index';
import { Timeline } from '../../../model/sim/timeline';
import type { LessonRun } from '../types';

export interface PoolLessonSpec {
  scenario: string;
  seed: number;
  overrides?: Partial<Pick<PoolConfig, 'gomaxprocs' | 'callers' | 'channels'>>;
}

/** Where one caller's RPC went when it was issued. */
export type Placement = 'channel' | 'socket' | 'wait' | 'rejected';

const PLACEMENT: Partial<Record<PoolEventKind, Placement>> = {
  'channel-acquired': 'channel',
  'socket-acquired': 'socket',
  'socket-wait': 'wait',
  'rpc-rejected': 'rejected',
};

export class PoolLessonRun implements LessonRun {
  readonly timeline: Timeline<PoolSnapshot, PoolEvent, LisafsPoolSim>;
  readonly config: PoolConfig;

  constructor(readonly spec: PoolLessonSpec) {
    const sc = findPoolScenario(spec.scenario) ?? POOL_SCENARIOS[0];
    const sim = new LisafsPoolSim({ ...sc.config, ...spec.overrides, seed: spec.seed });
    this.config = sim.config;
    this.timeline = new Timeline(sim, 32);
  }

  get sim(): LisafsPoolSim {
    return this.timeline.sim;
  }
  get state(): Readonly<PoolState> {
    return this.timeline.sim.state;
  }
  /** The state after the last event. */
  get final(): Readonly<PoolState> {
    return this.timeline.final.state;
  }
  get events(): readonly PoolEvent[] {
    return this.timeline.events;
  }
  get length(): number {
    return this.timeline.length;
  }
  get position(): number {
    return this.timeline.position;
  }
  seek(position: number): void {
    this.timeline.seek(position);
  }
  describe(position: number): string {
    if (position <= 0) return 'Before anything happens: the client has its socket to the gofer and nothing else.';
    return this.events[Math.min(position, this.length) - 1].text;
  }

  /** Compute something from the state after `position` events, leaving the run where it was. */
  peek<T>(position: number, f: (s: Readonly<PoolState>) => T): T {
    const was = this.position;
    this.seek(position);
    try {
      return f(this.state);
    } finally {
      this.seek(was);
    }
  }

  /** The event that led to `position`, or null at the start. */
  eventAt(position: number): PoolEvent | null {
    return position > 0 ? (this.events[Math.min(position, this.length) - 1] ?? null) : null;
  }

  /** The position just after the n-th (0-based) event from `from` on that passes `test`, or null. */
  after(test: PoolEventKind | ((e: PoolEvent) => boolean), n = 0, from = 0): number | null {
    const t = typeof test === 'function' ? test : (e: PoolEvent) => e.kind === test;
    let seen = 0;
    for (let i = Math.max(0, from); i < this.length; i++) {
      if (t(this.events[i])) {
        if (seen === n) return i + 1;
        seen++;
      }
    }
    return null;
  }

  /** How many events in the first `position` pass `test`. */
  count(test: PoolEventKind | ((e: PoolEvent) => boolean), position = this.length): number {
    const t = typeof test === 'function' ? test : (e: PoolEvent) => e.kind === test;
    let c = 0;
    for (let i = 0; i < Math.min(position, this.length); i++) if (t(this.events[i])) c++;
    return c;
  }

  /** Where an RPC went, if the event at index `i` is the one that placed it. */
  placementOf(i: number): Placement | null {
    const e = this.events[i];
    return e ? (PLACEMENT[e.kind] ?? null) : null;
  }

  /** Positions just before an application caller's RPC is placed (after the client is ready). */
  decisions(): number[] {
    const ready = this.after('client-ready') ?? this.length;
    const out: number[] = [];
    for (let i = ready; i < this.length; i++)
      if (this.placementOf(i) && this.placementOf(i) !== 'rejected') out.push(i);
    return out;
  }

  /** Median and 99th percentile latency of the application's RPCs on each path, whole run. */
  latency(path: 'channel' | 'socket'): { count: number; p50Ns: number; p99Ns: number } {
    const f = this.final;
    const v = f.latency.filter((l) => l.path === path && f.callers[l.caller].role === 'app').map((l) => l.latencyNs);
    return latencyStats(v);
  }

  /** Channels not dead at the end of the run. */
  aliveAtEnd(): number {
    return this.final.channels.filter((c) => c.status !== 'dead').length;
  }
}
