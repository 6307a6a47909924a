/**
 * Discrete-event simulation of a lisafs client: Mount and channel creation over the socket,
 * then application callers issuing RPCs through the LIFO channel pool, falling back to the
 * socket under sockMu when the stack is empty, channels dying, and the watchdog tearing
 * everything down when the gofer hangs up. One step = one scheduled task = one event.
 *
 * This file drives the run (construction, the step loop, snapshots); each task's handler
 * lives with its concern: issue.ts, channel-rpc.ts, socket-rpc.ts, watchdog.ts, with the
 * caller start-up and think loop in lifecycle.ts and the RPC mix in workload.ts.
 */
import type { Steppable } from '../sim/steppable';
import { Prng } from '../sim/prng';
import { Scheduler } from '../sim/scheduler';
import { channelFail, release, serverDone } from './channel-rpc';
import { channelTarget, resolvePoolConfig } from './config';
import { MID, PRE_MOUNT_MAX_MESSAGE_SIZE } from './constants';
import type { PoolEventBody, PoolContext } from './context';
import { checkPoolInvariants } from './invariants';
import { issue } from './issue';
import { sampleOccupancy } from './measure';
import { type PoolSnapshot, restoreRun, saveRun } from './snapshot';
import { socketDone } from './socket-rpc';
import type { CallerState, PoolConfig, PoolEvent, PoolState, PoolTask } from './types';
import { hangup, watchdogDestroy, watchdogShutdown } from './watchdog';

export type { PoolSnapshot } from './snapshot';

export class LisafsPoolSim implements Steppable<PoolSnapshot, PoolEvent> {
  readonly config: PoolConfig;
  private readonly ctx: PoolContext;
  private stepNo = 0;

  constructor(config: Partial<PoolConfig> = {}) {
    this.config = resolvePoolConfig(config);
    const c = this.config;
    // Separate streams, so turning on faults never changes the workload a seed produces.
    const workload = Prng.stream(c.seed, 'lisafs-pool/workload');
    const service = Prng.stream(c.seed, 'lisafs-pool/service');
    const faults = Prng.stream(c.seed, 'lisafs-pool/faults');
    const target = channelTarget(c);
    const callers: CallerState[] = [];
    const mk = (role: CallerState['role'], rpcs: number) =>
      callers.push({
        id: callers.length,
        role,
        status: 'idle',
        rpcsLeft: rpcs,
        current: null,
        completed: 0,
        failed: 0,
        fdsReceived: 0,
      });
    mk('mount', 1);
    for (let i = 0; i < target; i++) mk('channel-creator', 1);
    for (let i = 0; i < c.callers; i++) mk('app', c.rpcsPerCaller);
    const s: PoolState = {
      phase: 'mounting',
      readyAt: null,
      maxMessageSize: PRE_MOUNT_MAX_MESSAGE_SIZE,
      supported: [MID.Mount], // the client assumes Mount is supported so it can send it
      channelTarget: target,
      channels: [],
      stack: [],
      activeCount: 0,
      socket: { holder: null, queue: [], hungUp: false, destroyed: false, uses: 0, fdsDonated: 0 },
      watchdog: { phase: 'polling', firedAt: null, destroyedAt: null },
      callers,
      fds: { socket: 1, channelFdSockets: 0, mappedWindows: 0 },
      nextRpcSeq: 0,
      latency: [],
      occupancy: [],
    };
    this.ctx = { config: c, s, sched: new Scheduler<PoolTask>(), workload, service, faults };
    this.ctx.sched.schedule(0, { t: 'issue', caller: 0 });
    if (c.hangupAtNs !== null) this.ctx.sched.schedule(c.hangupAtNs, { t: 'hangup' });
    sampleOccupancy(this.ctx);
  }

  /** Current state, read-only: what a view renders. */
  get state(): Readonly<PoolState> {
    return this.ctx.s;
  }

  get now(): number {
    return this.ctx.sched.now;
  }

  get steps(): number {
    return this.stepNo;
  }

  get done(): boolean {
    return this.ctx.sched.size === 0;
  }

  /** Run one task. Returns its event, or null when nothing is left to do. */
  step(): PoolEvent | null {
    const item = this.ctx.sched.pop();
    if (!item) return null;
    const ev = this.handle(item.payload);
    this.stepNo++;
    checkPoolInvariants(this.ctx.s);
    sampleOccupancy(this.ctx);
    const s = this.ctx.s;
    return { step: this.stepNo, time: this.ctx.sched.now, ...ev, stack: s.stack ? [...s.stack] : null };
  }

  run(maxSteps = 1_000_000): PoolEvent[] {
    const out: PoolEvent[] = [];
    for (let i = 0; i < maxSteps; i++) {
      const e = this.step();
      if (!e) break;
      out.push(e);
    }
    return out;
  }

  snapshot(): PoolSnapshot {
    return saveRun(this.ctx, this.stepNo);
  }

  restore(snap: PoolSnapshot): void {
    this.stepNo = restoreRun(this.ctx, snap);
  }

  static fromSnapshot(snap: PoolSnapshot): LisafsPoolSim {
    const sim = new LisafsPoolSim(snap.config);
    sim.restore(snap);
    return sim;
  }

  private handle(task: PoolTask): PoolEventBody {
    const ctx = this.ctx;
    switch (task.t) {
      case 'issue':
        return issue(ctx, task.caller);
      case 'server-done':
        return serverDone(ctx, task.caller, task.channel);
      case 'channel-fail':
        return channelFail(ctx, task.caller, task.channel, task.reason);
      case 'release':
        return release(ctx, task.caller, task.channel);
      case 'socket-done':
        return socketDone(ctx, task.caller);
      case 'hangup':
        return hangup(ctx);
      case 'watchdog-shutdown':
        return watchdogShutdown(ctx);
      case 'watchdog-destroy':
        return watchdogDestroy(ctx);
    }
  }
}
