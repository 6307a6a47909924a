/**
 * Several connections multiplexed over one byte stream, step by step. Agents — the processes, and
 * for each lane a multiplexer and a demultiplexer — each act when they can make progress, after a
 * small seeded delay. A run ends when nothing is scheduled: either every script finished, or the
 * agents left are all blocked, and then the wait-for graph names the cycle.
 *
 * This module schedules the agents and keeps the run; who can act is decided in readiness.ts, and
 * the turns themselves are in process-agent.ts, mux-agent.ts and demux-agent.ts.
 */
import type { Steppable } from '../sim/steppable';
import { Prng } from '../sim/prng';
import { Scheduler } from '../sim/scheduler';
import { type AgentWorld, findLane, findProc, vpEvent } from './agent-world';
import { DEFAULT_VP_CONFIG, validateVpConfig } from './config';
import { demuxAct } from './demux-agent';
import { VirtproxyInvariantError } from './errors';
import { checkVpInvariants } from './invariants';
import { muxAct } from './mux-agent';
import { procAct } from './process-agent';
import { canProgress } from './readiness';
import { agentLabel, buildConns, buildLanes } from './topology';
import type { ProcState, VirtproxyConfig, VirtproxyState, VpEvent, VpPayload } from './types';
import { detectDeadlock } from './waitfor';
import { validateWorkload, type Workload } from './workload';

export interface VirtproxySummary {
  mode: VirtproxyConfig['mode'];
  outcome: VirtproxyState['outcome'];
  timeNs: number;
  steps: number;
  /** Payload bytes written by processes / read by their peers, over all streams. */
  bytesWritten: number;
  bytesRead: number;
  dataPackets: number;
  controlPackets: number;
  creditUpdates: number;
  creditRequests: number;
  /** Total time demultiplexers spent blocked on a full socket buffer. */
  demuxBlockedNs: number;
  /** The deadlock cycle as readable agent names, if any. */
  cycle: string[] | null;
}

export interface VirtproxyOptions {
  checkInvariants?: boolean;
}

export class VirtproxyModel implements Steppable<VirtproxyState, VpEvent> {
  readonly config: VirtproxyConfig;
  readonly workload: Workload;
  readonly seed: number;
  private sched = new Scheduler<VpPayload>();
  private timing: Prng;
  private readonly check: boolean;
  private readonly agents: string[];
  /** What the agents' turns work on (the state lives there, so a restore reaches them too). */
  private readonly w: AgentWorld;

  private get s(): VirtproxyState {
    return this.w.s;
  }

  constructor(workload: Workload, config: Partial<VirtproxyConfig> = {}, seed = 0, opts: VirtproxyOptions = {}) {
    this.config = { ...DEFAULT_VP_CONFIG, ...config };
    validateVpConfig(this.config);
    validateWorkload(workload);
    this.workload = structuredClone(workload);
    this.seed = seed >>> 0;
    this.check = opts.checkInvariants ?? true;
    this.timing = Prng.stream(this.seed, 'virtproxy-timing');
    const chunks = Prng.stream(this.seed, 'virtproxy-chunks');
    const lanes = buildLanes(this.config, workload);
    const procs: ProcState[] = workload.processes.map((p) => ({
      name: p.name,
      side: p.side,
      pc: 0,
      progress: 0,
      status: workload.scripts[p.name].length ? 'ready' : 'done',
      signals: [],
    }));
    this.agents = [...procs.map((p) => `proc:${p.name}`), ...lanes.flatMap((l) => [`mux:${l.id}`, `demux:${l.id}`])];
    this.w = {
      config: this.config,
      workload: this.workload,
      sched: this.sched,
      chunks,
      s: {
        step: 0,
        outcome: 'running',
        finishedAt: null,
        sched: this.sched.save(),
        timingRng: this.timing.save(),
        chunkRng: chunks.save(),
        conns: buildConns(this.config, workload),
        lanes,
        procs,
        scheduled: Object.fromEntries(this.agents.map((a) => [a, false])),
        deadlock: null,
        stats: { dataPackets: 0, controlPackets: 0, creditUpdates: 0, creditRequests: 0, chunks: 0 },
      },
    };
    this.scheduleReady();
  }

  get now(): number {
    return this.sched.now;
  }

  get finished(): boolean {
    return this.s.outcome !== 'running';
  }

  /** Read-only view of the current state, for rendering. */
  view(): Readonly<VirtproxyState> {
    return this.s;
  }

  snapshot(): VirtproxyState {
    this.s.sched = this.sched.save();
    this.s.timingRng = this.timing.save();
    this.s.chunkRng = this.w.chunks.save();
    return structuredClone(this.s);
  }

  restore(state: VirtproxyState): void {
    this.w.s = structuredClone(state);
    this.sched.restore(this.s.sched);
    this.timing.restore(this.s.timingRng);
    this.w.chunks.restore(this.s.chunkRng);
  }

  step(): VpEvent | null {
    if (this.s.outcome !== 'running') return null;
    const item = this.sched.pop();
    let ev: VpEvent;
    if (!item) ev = this.finish();
    else {
      this.s.scheduled[item.payload.agent] = false;
      ev = this.act(item.payload.agent);
      this.scheduleReady();
    }
    this.s.step++;
    if (this.check) checkVpInvariants(this.s, this.config);
    return ev;
  }

  run(maxSteps = Number.POSITIVE_INFINITY): VpEvent[] {
    const out: VpEvent[] = [];
    for (let i = 0; i < maxSteps; i++) {
      const e = this.step();
      if (!e) break;
      out.push(e);
    }
    return out;
  }

  runToEnd(maxSteps = 1_000_000): VirtproxySummary {
    for (let i = 0; i < maxSteps && this.step(); i++);
    return this.summary();
  }

  summary(): VirtproxySummary {
    const s = this.s;
    let written = 0;
    let read = 0;
    for (const c of s.conns)
      for (const side of ['host', 'guest'] as const) {
        written += c[side].sent;
        read += c[side].read;
      }
    return {
      mode: this.config.mode,
      outcome: s.outcome,
      timeNs: s.finishedAt ?? this.sched.now,
      steps: s.step,
      bytesWritten: written,
      bytesRead: read,
      dataPackets: s.stats.dataPackets,
      controlPackets: s.stats.controlPackets,
      creditUpdates: s.stats.creditUpdates,
      creditRequests: s.stats.creditRequests,
      demuxBlockedNs: s.lanes.reduce(
        (a, l) => a + l.blockedNs + (l.blockedSince !== null ? this.sched.now - l.blockedSince : 0),
        0,
      ),
      cycle: s.deadlock ? s.deadlock.cycle.map((e) => agentLabel(this.workload, e.from)) : null,
    };
  }
  // ---- scheduling -------------------------------------------------------------------------

  /** Give every idle agent that could now make progress a turn, after a seeded delay. */
  private scheduleReady(): void {
    for (const a of this.agents) {
      if (this.s.scheduled[a] || !canProgress(this.w, a)) continue;
      this.s.scheduled[a] = true;
      const max = a.startsWith('proc:') ? this.config.procDelayMaxNs : this.config.proxyDelayMaxNs;
      this.sched.schedule(this.timing.int(1, max), { agent: a });
    }
  }

  // ---- actions ------------------------------------------------------------------------------

  private act(agent: string): VpEvent {
    const [kind, ...rest] = agent.split(':');
    const id = rest.join(':');
    if (kind === 'proc') return procAct(this.w, findProc(this.s, id), agent);
    if (kind === 'mux') return muxAct(this.w, findLane(this.s, id), agent);
    return demuxAct(this.w, findLane(this.s, id), agent);
  }

  private finish(): VpEvent {
    this.s.finishedAt = this.sched.now;
    if (this.s.procs.every((p) => p.status === 'done')) {
      this.s.outcome = 'complete';
      return vpEvent(
        this.w,
        'complete',
        `Every process finished its script at ${this.sched.now} ns: all ${this.summary().bytesRead} bytes arrived, in order.`,
      );
    }
    const dl = detectDeadlock(this.s, this.config, this.workload);
    if (!dl)
      throw new VirtproxyInvariantError(
        'stuck-without-deadlock',
        'nothing can move, yet the wait-for graph has no cycle',
      );
    this.s.outcome = 'deadlock';
    this.s.deadlock = dl;
    const chain = dl.cycle.map((e) => e.reason).join('; ');
    return vpEvent(this.w, 'deadlock', `Deadlock: nothing can move again. ${chain}; and so around the circle.`, {
      deadlock: dl,
    });
  }
}
