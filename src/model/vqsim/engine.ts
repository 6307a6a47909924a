/**
 * The virtqueue simulator: interprets a scenario as a sequence of small steps on virtual
 * time, one event per step, driver and device each reacting to eventfd notifications as
 * a real pair would. Everything random comes from per-subsystem seeded streams, so a
 * (scenario, seed, options, interventions) tuple reproduces a run exactly. Checkpoints
 * let any step be reached quickly, backwards too; interventions fork a run.
 *
 * This file steps the run and keeps its history; what each actor does in a step lives in
 * driver.ts, device.ts and interventions.ts, the configuration in config.ts.
 */
import { Prng, PRNG_VERSION, type PrngState } from '../sim/prng';
import { Scheduler, type SchedulerState } from '../sim/scheduler';
import type { Seekable, Steppable } from '../sim/steppable';
import type { AllocatorState } from '../memory/allocator';
import type { DeviceState } from '../virtio/device';
import type { DriverState } from '../virtio/driver';
import { RingError, type RingErrorInfo } from '../virtio/errors';
import type { EventFdState } from '../virtio/eventfd';
import { createQueue, type Virtqueue } from '../virtio/queue';
import { bufferAreaFor, resolveConfig, type Intervention, type ResolvedConfig, type RunConfig } from './config';
import { initialEngineState, type Action, type EngineState, type EventBody, type SimContext } from './context';
import * as device from './device';
import * as driver from './driver';
import { fnv32, toHex, type Actor, type MemoryWrite, type SimEvent } from './events';
import { applyIntervention, onCorrupt, scheduleHostileIfDue } from './interventions';
import { checkInvariants } from './invariants';
import type { Scenario } from './scenarios';
import { newPending, nextArrivalDelay } from './workload';

export { resolveConfig, type Intervention, type ResolvedConfig, type RunConfig } from './config';

/** Version of the run semantics; with the seed it reproduces a run. Bump when a change alters any event. */
export const SIM_VERSION = 2;

export interface Snapshot {
  position: number;
  engine: EngineState;
  memory: Uint8Array;
  driver: DriverState;
  device: DeviceState;
  kick: EventFdState;
  call: EventFdState;
  tables: AllocatorState;
  buffers: AllocatorState;
  scheduler: SchedulerState<Action>;
  prng: { workload: PrngState; device: PrngState };
}

export class Simulation implements Steppable<Snapshot, SimEvent>, Seekable {
  readonly config: ResolvedConfig;
  readonly scenario: Scenario;
  readonly vq: Virtqueue;
  /** Every event, in order; the state after event k is position k+1. */
  readonly log: SimEvent[] = [];
  /** What the actors' handlers work on; `ctx.e` is swapped on restore. */
  private readonly ctx: SimContext;
  private pos = 0;
  private readonly checkpoints = new Map<number, Snapshot>();
  readonly checkpointEvery: number;
  private writes: MemoryWrite[] = [];

  constructor(config: RunConfig) {
    const { resolved, scenario } = resolveConfig(config);
    this.config = resolved;
    this.scenario = scenario;
    this.vq = createQueue({
      queueSize: resolved.queueSize,
      features: resolved.features,
      // One descriptor per request means one per buffer too: no splitting into segments.
      driver: { segmentSize: resolved.singleDescriptor ? 0 : scenario.driver.segmentSize },
      baseIndex: resolved.baseIndex,
      bufferBytes: bufferAreaFor(scenario, resolved),
    });
    const ctx: SimContext = {
      config: resolved,
      scenario,
      vq: this.vq,
      sched: new Scheduler<Action>(),
      rngWorkload: Prng.stream(resolved.seed, 'workload'),
      rngDevice: Prng.stream(resolved.seed, 'device'),
      e: initialEngineState(),
    };
    this.ctx = ctx;
    if (scenario.workload.kind === 'rx') {
      // The driver posts empty buffers up front, as nebula does at start.
      const n = Math.min(resolved.queueSize, resolved.requests);
      for (let i = 0; i < n; i++) ctx.e.backlog.push(newPending(ctx, 0));
      ctx.e.submitting = true;
      ctx.sched.schedule(0, { a: 'submit' });
      ctx.sched.schedule(nextArrivalDelay(ctx), { a: 'packet' });
    } else {
      ctx.sched.schedule(0, { a: 'arrive' });
    }
    this.vq.mem.observer = resolved.recordWrites ? (gpa, bytes) => this.recordWrite(gpa, bytes) : null;
    // Checkpoint often enough that seeking replays few steps, rarely enough that big rings stay cheap.
    this.checkpointEvery = Math.max(64, Math.ceil(this.vq.map.total / 4096));
    this.checkpoints.set(0, this.snapshot());
  }

  get position(): number {
    return this.pos;
  }
  /** Events recorded so far (after `run()`, the whole run). */
  get length(): number {
    return this.log.length;
  }
  get done(): boolean {
    return this.pos === this.log.length && this.ctx.sched.size === 0 && this.dueIntervention() === null;
  }
  get broken(): RingErrorInfo | null {
    return this.ctx.e.broken;
  }
  get now(): number {
    return this.ctx.sched.now;
  }
  get completed(): number {
    return this.ctx.e.completed;
  }
  /** Read-only engine state for views. */
  get engine(): Readonly<EngineState> {
    return this.ctx.e;
  }
  static get versions(): { sim: number; prng: number } {
    return { sim: SIM_VERSION, prng: PRNG_VERSION };
  }

  private recordWrite(gpa: number, bytes: Uint8Array): void {
    if (gpa < this.vq.map.buffers.base) this.writes.push([gpa, toHex(bytes)]);
    else this.writes.push([gpa, bytes.length, fnv32(bytes)]);
  }

  // ---- stepping ---------------------------------------------------------------------

  private dueIntervention(): Intervention | null {
    const iv = this.config.interventions[this.ctx.e.applied];
    return iv && iv.at <= this.pos ? iv : null;
  }

  /** Run one step; returns its event, or null when the run is over. */
  step(): SimEvent | null {
    if (this.pos < this.log.length) {
      // Re-executing already-logged history (after a seek): same code, event discarded.
      const ev = this.advance();
      return ev;
    }
    const ev = this.advance();
    if (ev) this.log.push(ev);
    return ev;
  }

  private advance(): SimEvent | null {
    const replaying = this.pos < this.log.length;
    const iv = this.dueIntervention();
    let ev: SimEvent | null;
    this.writes = [];
    if (iv) {
      this.ctx.e.applied++;
      ev = this.guarded('user', () => applyIntervention(this.ctx, iv));
    } else {
      const item = this.ctx.sched.pop();
      if (!item) return null;
      ev = this.guarded(this.actorOf(item.payload), () => this.perform(item.payload));
    }
    scheduleHostileIfDue(this.ctx);
    if (this.config.checkInvariants && !replaying) {
      checkInvariants(this.vq.driver, this.vq.device, this.vq.tables, !this.ctx.e.corrupted);
    }
    this.pos++;
    if (this.pos % this.checkpointEvery === 0 && !this.checkpoints.has(this.pos))
      this.checkpoints.set(this.pos, this.snapshot());
    return ev;
  }

  private actorOf(a: Action): Actor {
    switch (a.a) {
      case 'arrive':
        return 'workload';
      case 'corrupt':
        return 'hostile';
      case 'submit':
      case 'kick-check':
      case 'driver-wake':
      case 'reclaim':
      case 'recycle':
        return 'driver';
      default:
        return 'device';
    }
  }

  /** Turn a RingError into an 'error' event; the queue is then broken and the run winds down. */
  private guarded(actor: Actor, f: () => EventBody): SimEvent {
    let body: EventBody;
    try {
      body = f();
    } catch (err) {
      if (!(err instanceof RingError)) throw err;
      const info = err.toInfo();
      if (info.fatal) {
        this.ctx.e.broken = info;
        this.vq.driver.markBroken(info);
        this.vq.device.markBroken(info);
        // Nothing more will happen on this queue: drop all pending work, keep all results.
        this.ctx.sched.cancel(() => true);
      }
      body = {
        actor: err.side === 'config' ? actor : err.side,
        kind: 'error',
        text: `${err.side === 'driver' ? 'Driver' : 'Device'} refused the ring: "${err.message}". ${err.explanation}`,
        data: { kind: err.kind, message: err.message, details: err.details },
        error: info,
      };
    }
    // Keys in the documented order (docs/trace-format.md), so trace lines read naturally.
    const ev: SimEvent = {
      step: this.pos,
      time: this.ctx.sched.now,
      actor: body.actor,
      kind: body.kind,
      text: body.text,
      data: body.data,
      writes: this.writes,
      inFlight: this.vq.driver.s.inFlight,
      free: this.vq.driver.s.numFree,
    };
    if (body.error) ev.error = body.error;
    return ev;
  }

  private perform(act: Action): EventBody {
    const ctx = this.ctx;
    switch (act.a) {
      case 'arrive':
        return driver.onArrive(ctx);
      case 'submit':
        return driver.onSubmit(ctx);
      case 'kick-check':
        return driver.onKickCheck(ctx, act.from);
      case 'device-wake':
        return device.onDeviceWake(ctx);
      case 'device-pop':
        return device.onDevicePop(ctx);
      case 'device-done':
        return device.onDeviceDone(ctx, act.head, act.reqId);
      case 'flush':
        return device.onFlush(ctx);
      case 'driver-wake':
        return driver.onDriverWake(ctx);
      case 'reclaim':
        return driver.onReclaim(ctx);
      case 'recycle':
        return driver.onRecycle(ctx, act.head);
      case 'packet':
        return device.onPacket(ctx);
      case 'corrupt':
        return onCorrupt(ctx, act.corruption, 'hostile');
    }
  }

  /** A new run that shares this one's history up to `position` and then applies an intervention. */
  fork(
    action: Intervention extends infer I ? (I extends { at: number } ? Omit<I, 'at'> : never) : never,
    at = this.pos,
  ): Simulation {
    const interventions = [...this.config.interventions.filter((i) => i.at < at), { ...action, at } as Intervention];
    return new Simulation({ ...this.config, interventions });
  }

  // ---- running, checkpoints and seeking ------------------------------------------------

  /** Run until done or `maxSteps` more steps. */
  run(maxSteps = Infinity): this {
    for (let i = 0; i < maxSteps; i++) if (!this.step()) break;
    return this;
  }

  /** Put the simulation in the state after `position` events (running forward if needed). */
  seek(position: number): void {
    if (position < 0) position = 0;
    if (position > this.log.length)
      this.run(position - this.log.length + (this.pos < this.log.length ? this.log.length - this.pos : 0));
    position = Math.min(position, this.log.length);
    if (position < this.pos || position - this.pos > this.checkpointEvery) {
      let best = 0;
      for (const k of this.checkpoints.keys()) if (k <= position && k > best) best = k;
      this.restore(this.checkpoints.get(best)!);
    }
    while (this.pos < position) this.advance();
  }

  /** Guest memory before the first event (rings with their initial indices, zeroed buffers). */
  initialImage(): Uint8Array {
    return this.checkpoints.get(0)!.memory.slice();
  }

  snapshot(): Snapshot {
    const { sched, rngWorkload, rngDevice } = this.ctx;
    return {
      position: this.pos,
      engine: structuredClone(this.ctx.e),
      memory: this.vq.mem.image(),
      driver: this.vq.driver.save(),
      device: this.vq.device.save(),
      kick: this.vq.kick.save(),
      call: this.vq.call.save(),
      tables: this.vq.tables.save(),
      buffers: this.vq.buffers.save(),
      scheduler: sched.save(),
      prng: { workload: rngWorkload.save(), device: rngDevice.save() },
    };
  }

  restore(s: Snapshot): void {
    const { sched, rngWorkload, rngDevice } = this.ctx;
    this.pos = s.position;
    this.ctx.e = structuredClone(s.engine);
    const obs = this.vq.mem.observer;
    this.vq.mem.observer = null;
    this.vq.mem.load(s.memory);
    this.vq.mem.observer = obs;
    this.vq.driver.restore(s.driver);
    this.vq.device.restore(s.device);
    this.vq.kick.restore(s.kick);
    this.vq.call.restore(s.call);
    this.vq.tables.restore(s.tables);
    this.vq.buffers.restore(s.buffers);
    sched.restore(s.scheduler);
    rngWorkload.restore(s.prng.workload);
    rngDevice.restore(s.prng.device);
  }
}
