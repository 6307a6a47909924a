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
import { RecordedRun } from '../recorded-run';

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

export class PoolLessonRun extends RecordedRun<PoolSnapshot, PoolEvent, LisafsPoolSim> {
  readonly config: PoolConfig;
  protected readonly startText = 'Before anything happens: the client has its socket to the gofer and nothing else.';

  constructor(readonly spec: PoolLessonSpec) {
    const sc = findPoolScenario(spec.scenario) ?? POOL_SCENARIOS[0];
    const sim = new LisafsPoolSim({ ...sc.config, ...spec.overrides, seed: spec.seed });
    super(new Timeline(sim, 32));
    this.config = sim.config;
  }

  /** The state after the last event. */
  get final(): Readonly<PoolState> {
    return this.timeline.final.state;
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
