/**
 * The virtqueue simulator: interprets a scenario as a sequence of small steps on virtual
 * time, one event per step, driver and device each reacting to eventfd notifications as
 * a real pair would. Everything random comes from per-subsystem seeded streams, so a
 * (scenario, seed, options, interventions) tuple reproduces a run exactly. Checkpoints
 * let any step be reached quickly, backwards too; interventions fork a run.
 */
import { Prng, PRNG_VERSION, type PrngState } from '../sim/prng';
import { Scheduler, type SchedulerState } from '../sim/scheduler';
import type { AllocatorState } from '../memory/allocator';
import type { BufferRef, DescriptorChain } from '../virtio/chain';
import type { RingFeatures } from '../virtio/constants';
import type { DeviceState } from '../virtio/device';
import type { AddResult, DriverState } from '../virtio/driver';
import { RingError, type RingErrorInfo } from '../virtio/errors';
import type { EventFdState } from '../virtio/eventfd';
import { createQueue, type Virtqueue } from '../virtio/queue';
import { chainText, fnv32, toHex, type Actor, type EventKind, type MemoryWrite, type SimEvent } from './events';
import { injectCorruption, needsHeldChain } from './hostile';
import { checkInvariants } from './invariants';
import { findScenario, scenarioNames, type Arrivals, type Corruption, type Scenario } from './scenarios';

/** Version of the run semantics; with the seed it reproduces a run. Bump when a change alters any event. */
export const SIM_VERSION = 1;

export type Intervention =
  | { at: number; action: 'add-request' }
  | { at: number; action: 'complete-now'; head: number }
  | { at: number; action: 'corrupt'; corruption: Corruption };

export interface RunConfig {
  scenario: string;
  seed: number;
  queueSize?: number;
  features?: Partial<RingFeatures>;
  /** Override the scenario's request count. */
  requests?: number;
  interventions?: Intervention[];
  /** Check invariants after every step (default true). */
  checkInvariants?: boolean;
  /** Record memory writes in events (default true). */
  recordWrites?: boolean;
}

export interface ResolvedConfig {
  scenario: string;
  seed: number;
  queueSize: number;
  features: RingFeatures;
  requests: number;
  interventions: Intervention[];
  checkInvariants: boolean;
  recordWrites: boolean;
}

type Action =
  | { a: 'arrive' }
  | { a: 'submit' }
  | { a: 'kick-check'; from: 'submit' | 'reclaim' }
  | { a: 'device-wake' }
  | { a: 'device-pop' }
  | { a: 'device-done'; head: number; reqId: number }
  | { a: 'flush' }
  | { a: 'driver-wake' }
  | { a: 'reclaim' }
  | { a: 'recycle'; head: number }
  | { a: 'packet' }
  | { a: 'corrupt'; corruption: Corruption };

interface Pending {
  id: number;
  arrivedAt: number;
  outSizes: number[];
  inSizes: number[];
}

interface Live {
  id: number;
  arrivedAt: number;
  addedAt: number;
  buffers: number[];
}

interface EngineState {
  generated: number;
  nextId: number;
  backlog: Pending[];
  live: Record<number, Live>;
  submitting: boolean;
  blocked: boolean;
  addedSinceKick: number;
  device: 'sleeping' | 'polling' | 'saturated';
  deviceWakeScheduled: boolean;
  inService: number;
  unflushed: number;
  flushScheduled: boolean;
  driver: 'idle' | 'reclaiming';
  driverWakeScheduled: boolean;
  completed: number;
  dropped: number;
  hostileDone: boolean;
  corrupted: boolean;
  broken: RingErrorInfo | null;
  /** Interventions applied so far. */
  applied: number;
  /** rx: packets waiting at the device for a buffer. */
  packetsWaiting: number;
  /** Chains the device is working on, as it walked them at pop time. */
  chains: Record<number, DescriptorChain>;
}

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

export function resolveConfig(config: RunConfig): { resolved: ResolvedConfig; scenario: Scenario } {
  const scenario = findScenario(config.scenario);
  if (!scenario) throw new RangeError(`unknown scenario "${config.scenario}"; known: ${scenarioNames().join(', ')}`);
  if (!Number.isInteger(config.seed) || config.seed < 0 || config.seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${config.seed}`);
  }
  const resolved: ResolvedConfig = {
    scenario: scenario.name,
    seed: config.seed,
    queueSize: config.queueSize ?? scenario.defaults.queueSize,
    features: { ...scenario.defaults.features, ...config.features },
    requests: config.requests ?? scenario.workload.count,
    interventions: [...(config.interventions ?? [])].sort((x, y) => x.at - y.at),
    checkInvariants: config.checkInvariants ?? true,
    recordWrites: config.recordWrites ?? true,
  };
  return { resolved, scenario };
}

/**
 * Bytes of guest memory for data buffers: room for as many of the workload's largest
 * requests as can be in flight at once (plus alignment slack), within 64 KiB … 32 MiB.
 */
function bufferAreaFor(scenario: Scenario, c: ResolvedConfig): number {
  const w = scenario.workload;
  const perRequest = [...w.out, ...w.in].reduce((sum, [, hi]) => sum + Math.ceil(hi / 16) * 16, 0);
  const want = Math.ceil((Math.min(c.queueSize, c.requests) * perRequest * 1.25) / 4096) * 4096;
  return Math.min(32 << 20, Math.max(64 << 10, want));
}

export class Simulation {
  readonly config: ResolvedConfig;
  readonly scenario: Scenario;
  readonly vq: Virtqueue;
  /** Every event, in order; the state after event k is position k+1. */
  readonly log: SimEvent[] = [];
  private readonly sched = new Scheduler<Action>();
  private readonly rngWorkload: Prng;
  private readonly rngDevice: Prng;
  private e: EngineState;
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
      driver: { segmentSize: scenario.driver.segmentSize },
      baseIndex: scenario.defaults.baseIndex ?? 0,
      bufferBytes: bufferAreaFor(scenario, resolved),
    });
    this.rngWorkload = Prng.stream(resolved.seed, 'workload');
    this.rngDevice = Prng.stream(resolved.seed, 'device');
    this.e = {
      generated: 0,
      nextId: 0,
      backlog: [],
      live: {},
      submitting: false,
      blocked: false,
      addedSinceKick: 0,
      device: 'sleeping',
      deviceWakeScheduled: false,
      inService: 0,
      unflushed: 0,
      flushScheduled: false,
      driver: 'idle',
      driverWakeScheduled: false,
      completed: 0,
      dropped: 0,
      hostileDone: false,
      corrupted: false,
      broken: null,
      applied: 0,
      packetsWaiting: 0,
      chains: {},
    };
    if (scenario.workload.kind === 'rx') {
      // The driver posts empty buffers up front, as nebula does at start.
      const n = Math.min(resolved.queueSize, resolved.requests);
      for (let i = 0; i < n; i++) this.e.backlog.push(this.newPending(0));
      this.e.submitting = true;
      this.sched.schedule(0, { a: 'submit' });
      this.sched.schedule(this.nextArrivalDelay(), { a: 'packet' });
    } else {
      this.sched.schedule(0, { a: 'arrive' });
    }
    this.vq.mem.observer = resolved.recordWrites ? (gpa, bytes) => this.recordWrite(gpa, bytes) : null;
    // Checkpoint often enough that seeking replays few steps, rarely enough that big rings stay cheap.
    this.checkpointEvery = Math.max(64, Math.ceil(this.vq.map.total / 4096));
    this.checkpoints.set(0, this.snapshot());
  }

  get position(): number {
    return this.pos;
  }
  get done(): boolean {
    return this.pos === this.log.length && this.sched.size === 0 && this.dueIntervention() === null;
  }
  get broken(): RingErrorInfo | null {
    return this.e.broken;
  }
  get now(): number {
    return this.sched.now;
  }
  get completed(): number {
    return this.e.completed;
  }
  /** Read-only engine state for views. */
  get engine(): Readonly<EngineState> {
    return this.e;
  }
  static get versions(): { sim: number; prng: number } {
    return { sim: SIM_VERSION, prng: PRNG_VERSION };
  }

  private recordWrite(gpa: number, bytes: Uint8Array): void {
    if (gpa < this.vq.map.buffers.base) this.writes.push([gpa, toHex(bytes)]);
    else this.writes.push([gpa, bytes.length, fnv32(bytes)]);
  }

  // ---- workload -------------------------------------------------------------------

  private nextArrivalDelay(): number {
    const a: Arrivals = this.scenario.workload.arrivals;
    const r = this.rngWorkload;
    switch (a.type) {
      case 'periodic':
        return a.interval;
      case 'poisson':
        return Math.max(1, Math.round(r.exp(a.mean)));
      case 'bursty':
        return this.e.generated % a.burst === 0 ? a.gap : a.spacing;
    }
  }

  private newPending(now: number): Pending {
    const w = this.scenario.workload;
    const r = this.rngWorkload;
    const outSizes = w.out.map(([lo, hi]) => r.int(lo, hi));
    const inSizes = w.in.map(([lo, hi]) => r.int(lo, hi));
    return { id: this.e.nextId++, arrivedAt: now, outSizes, inSizes };
  }

  // ---- stepping ---------------------------------------------------------------------

  private dueIntervention(): Intervention | null {
    const iv = this.config.interventions[this.e.applied];
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
      this.e.applied++;
      ev = this.guarded('user', () => this.applyIntervention(iv));
    } else {
      const item = this.sched.pop();
      if (!item) return null;
      ev = this.guarded(this.actorOf(item.payload), () => this.perform(item.payload));
    }
    this.maybeScheduleHostile();
    if (this.config.checkInvariants && !replaying) {
      checkInvariants(this.vq.driver, this.vq.device, this.vq.tables, !this.e.corrupted);
    }
    this.pos++;
    if (this.pos % this.checkpointEvery === 0 && !this.checkpoints.has(this.pos)) this.checkpoints.set(this.pos, this.snapshot());
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
  private guarded(actor: Actor, f: () => Omit<SimEvent, 'step' | 'time' | 'writes' | 'inFlight' | 'free'>): SimEvent {
    let body: Omit<SimEvent, 'step' | 'time' | 'writes' | 'inFlight' | 'free'>;
    try {
      body = f();
    } catch (err) {
      if (!(err instanceof RingError)) throw err;
      const info = err.toInfo();
      if (info.fatal) {
        this.e.broken = info;
        this.vq.driver.markBroken(info);
        this.vq.device.markBroken(info);
        // Nothing more will happen on this queue: drop all pending work, keep all results.
        this.sched.cancel(() => true);
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
    const ev: SimEvent = { step: this.pos, time: this.sched.now, actor: body.actor, kind: body.kind, text: body.text, data: body.data, writes: this.writes, inFlight: this.vq.driver.s.inFlight, free: this.vq.driver.s.numFree };
    if (body.error) ev.error = body.error;
    return ev;
  }

  private maybeScheduleHostile(): void {
    const h = this.scenario.hostile;
    if (!h || this.e.hostileDone || this.e.broken) return;
    if (this.e.completed < h.afterCompleted) return;
    if (needsHeldChain(h.corruption) && this.vq.device.s.inUse === 0) return;
    this.e.hostileDone = true;
    this.sched.schedule(0, { a: 'corrupt', corruption: h.corruption });
  }

  private perform(act: Action): Omit<SimEvent, 'step' | 'time' | 'writes' | 'inFlight' | 'free'> {
    switch (act.a) {
      case 'arrive':
        return this.onArrive();
      case 'submit':
        return this.onSubmit();
      case 'kick-check':
        return this.onKickCheck(act.from);
      case 'device-wake':
        return this.onDeviceWake();
      case 'device-pop':
        return this.onDevicePop();
      case 'device-done':
        return this.onDeviceDone(act.head, act.reqId);
      case 'flush':
        return this.onFlush();
      case 'driver-wake':
        return this.onDriverWake();
      case 'reclaim':
        return this.onReclaim();
      case 'recycle':
        return this.onRecycle(act.head);
      case 'packet':
        return this.onPacket();
      case 'corrupt':
        return this.onCorrupt(act.corruption, 'hostile');
    }
  }

  private ev(actor: Actor, kind: EventKind, text: string, data: Record<string, unknown> = {}) {
    return { actor, kind, text, data };
  }

  // ---- driver -------------------------------------------------------------------------

  private onArrive() {
    const p = this.newPending(this.sched.now);
    this.e.generated++;
    this.e.backlog.push(p);
    if (this.e.generated < this.config.requests) this.sched.schedule(this.nextArrivalDelay(), { a: 'arrive' });
    this.startSubmitting();
    const bytes = [...p.outSizes, ...p.inSizes].reduce((x, y) => x + y, 0);
    return this.ev('workload', 'arrive', `Request #${p.id} arrives (${p.outSizes.length} out, ${p.inSizes.length} in, ${bytes} bytes); ${this.e.backlog.length} waiting to be added.`, { id: p.id, out: p.outSizes, in: p.inSizes });
  }

  private startSubmitting(): void {
    if (!this.e.submitting && !this.e.blocked && this.e.backlog.length > 0 && !this.e.broken) {
      this.e.submitting = true;
      this.sched.schedule(0, { a: 'submit' });
    }
  }

  private allocBuffers(p: Pending): { out: BufferRef[]; inb: BufferRef[]; addrs: number[] } | null {
    const addrs: number[] = [];
    const take = (len: number): BufferRef | null => {
      const addr = this.vq.buffers.alloc(len, 16);
      if (addr === null) return null;
      addrs.push(addr);
      return { addr, len };
    };
    const out: BufferRef[] = [];
    const inb: BufferRef[] = [];
    for (const n of p.outSizes) {
      const b = take(n);
      if (!b) return this.releaseAll(addrs);
      out.push(b);
    }
    for (const n of p.inSizes) {
      const b = take(n);
      if (!b) return this.releaseAll(addrs);
      inb.push(b);
    }
    return { out, inb, addrs };
  }

  private releaseAll(addrs: number[]): null {
    for (const a of addrs) this.vq.buffers.release(a);
    return null;
  }

  private onSubmit() {
    const e = this.e;
    const p = e.backlog[0];
    const drv = this.vq.driver;
    const bufs = p ? this.allocBuffers(p) : null;
    let r: AddResult | null = null;
    let why = 'nothing to add';
    if (p && bufs) {
      // The payload goes in before the chain is published: a real device may read it at once.
      // A recognisable pattern (the request id) so dumps show whose bytes are where.
      for (const b of bufs.out) this.vq.mem.fill(b.addr, b.len, p.id & 0xff);
      try {
        r = drv.add(bufs.out, bufs.inb, p.id);
      } catch (err) {
        if (err instanceof RingError && err.kind === 'ChainTooLong') {
          // This request can never fit this queue: refuse it alone and go on with the rest.
          e.backlog.shift();
          this.releaseAll(bufs.addrs);
          this.continueSubmitting();
          return this.ev('driver', 'reject', `Request #${p.id} is refused: ${err.message}. ${err.explanation} The queue itself is fine; the next request goes ahead.`, { id: p.id, kind: err.kind, message: err.message });
        }
        // Not enough free descriptors is not an error: the request waits for reclaims.
        if (!(err instanceof RingError) || err.kind !== 'NotEnoughFreeDescriptors') throw err;
        why = err.message.replace(/^need/, 'needs');
      }
    } else if (p) {
      if (this.vq.buffers.inUse === 0) {
        // Not even empty memory holds it: waiting would be forever.
        e.backlog.shift();
        this.continueSubmitting();
        return this.ev('driver', 'reject', `Request #${p.id} is refused: its buffers do not fit in the ${this.vq.map.buffers.size}-byte buffer area of guest memory even when it is empty.`, { id: p.id, kind: 'InvalidBuffer' });
      }
      why = 'no room for its buffers in guest memory';
    }
    if (!p || !bufs || !r) {
      if (bufs) this.releaseAll(bufs.addrs);
      e.blocked = p !== undefined;
      if (e.addedSinceKick > 0) this.sched.schedule(0, { a: 'kick-check', from: 'submit' });
      else e.submitting = false;
      return this.ev('driver', 'add-wait', `Request #${p?.id} must wait: ${why}. The driver adds it when the device returns chains.`, { id: p?.id, numFree: drv.s.numFree });
    }
    e.backlog.shift();
    e.live[p.id] = { id: p.id, arrivedAt: p.arrivedAt, addedAt: this.sched.now, buffers: bufs.addrs };
    e.addedSinceKick++;
    this.continueSubmitting(this.scenario.driver.addCost);
    const chain = r.indirect ? `${r.head} (indirect table of ${r.indirect.count} at 0x${r.indirect.addr.toString(16)})` : chainText(r.descriptors);
    return this.ev(
      'driver',
      'add',
      `Driver added chain ${chain} for request #${p.id} (${r.outCount} out, ${r.inCount} in) in avail.ring[${r.slot}]; avail.idx ${r.availIdx.from}→${r.availIdx.to}.`,
      { id: p.id, head: r.head, descriptors: r.descriptors, indirect: r.indirect, out: r.outCount, in: r.inCount, slot: r.slot, availIdx: r.availIdx },
    );
  }

  /** After one add (or refusal): add the next request, or decide about a kick for what was added. */
  private continueSubmitting(delay = 0): void {
    const e = this.e;
    if (e.backlog.length > 0 && e.addedSinceKick < this.scenario.driver.batch) this.sched.schedule(delay, { a: 'submit' });
    else if (e.addedSinceKick > 0) this.sched.schedule(delay, { a: 'kick-check', from: 'submit' });
    else e.submitting = false;
  }

  private onKickCheck(from: 'submit' | 'reclaim') {
    const e = this.e;
    const k = this.vq.driver.kickPrepare();
    e.addedSinceKick = 0;
    if (from === 'submit') {
      e.submitting = false;
      this.startSubmitting();
    }
    const window = `(${k.oldIdx}, ${k.newIdx}]`;
    if (!k.kick) {
      this.vq.kick.suppress();
      const why = k.availEvent !== null ? `avail_event=${k.availEvent} is outside the new entries ${window}` : 'the device set NO_NOTIFY (it is polling)';
      return this.ev('driver', 'kick-suppressed', `Kick suppressed: ${why}.`, { ...k });
    }
    const woke = this.vq.kick.write();
    if (e.device === 'sleeping' && !e.deviceWakeScheduled) {
      e.deviceWakeScheduled = true;
      this.sched.schedule(this.scenario.latency.kick, { a: 'device-wake' });
    }
    const why = k.availEvent !== null ? `avail_event=${k.availEvent} is inside ${window}` : 'NO_NOTIFY is clear';
    const co = woke ? '' : ` The kick eventfd already held ${this.vq.kick.s.counter - 1}: this kick coalesces into the same wake-up.`;
    return this.ev('driver', 'kick', `Driver kicks the device (${why}); kick eventfd = ${this.vq.kick.s.counter}.${co}`, { ...k, counter: this.vq.kick.s.counter, coalesced: !woke });
  }

  private onDriverWake() {
    const e = this.e;
    e.driverWakeScheduled = false;
    const n = this.vq.call.read();
    e.driver = 'reclaiming';
    this.vq.driver.disableCallbacks();
    this.sched.schedule(0, { a: 'reclaim' });
    return this.ev('driver', 'driver-wake', `Interrupt: the driver reads the call eventfd (${n}${n > 1 ? ', coalesced' : ''}) and turns callbacks off while it reclaims.`, { count: n });
  }

  private onReclaim() {
    const e = this.e;
    const drv = this.vq.driver;
    const rx = this.scenario.workload.kind === 'rx';
    const keep = rx && this.scenario.workload.rxReturn === 'recycle';
    const u = drv.getUsed(keep);
    if (!u) {
      const delayed = this.scenario.driver.callbacks === 'delayed';
      const quiet = delayed ? drv.enableCallbacksDelayed() : drv.enableCallbacks();
      if (!quiet) {
        this.sched.schedule(0, { a: 'reclaim' });
        drv.disableCallbacks();
        return this.ev('driver', 'driver-idle', 'Used entries arrived while callbacks were being re-enabled: the driver keeps reclaiming instead of sleeping through them.', { race: true });
      }
      e.driver = 'idle';
      // Chains recycled during this reclaim pass are published: decide whether to kick for them.
      if (this.vq.driver.s.numAdded > 0 && !e.submitting) this.sched.schedule(0, { a: 'kick-check', from: 'reclaim' });
      if (this.vq.call.pending && !e.driverWakeScheduled) {
        e.driverWakeScheduled = true;
        this.sched.schedule(0, { a: 'driver-wake' });
      }
      this.startSubmitting();
      const ue = this.config.features.eventIdx ? ` used_event=${this.vq.mem.readU16(this.vq.layout.avail + 4 + 2 * this.vq.layout.queueSize)}.` : ' NO_INTERRUPT cleared.';
      return this.ev('driver', 'driver-idle', `Nothing more to reclaim: callbacks back on${delayed ? ' (delayed: interrupt after 3/4 of what is in flight)' : ''};${ue}`, { race: false });
    }
    const live = e.live[u.token];
    delete e.live[u.token];
    e.completed++;
    if (live && !keep) for (const a of live.buffers) this.vq.buffers.release(a);
    const latency = live ? this.sched.now - live.arrivedAt : null;
    if (keep) {
      this.sched.schedule(this.scenario.driver.reclaimCost, { a: 'recycle', head: u.head });
    } else {
      this.sched.schedule(this.scenario.driver.reclaimCost, { a: 'reclaim' });
      if (rx && e.generated < this.config.requests) {
        e.backlog.push(this.newPending(this.sched.now));
      }
    }
    if (e.blocked) {
      e.blocked = false;
      this.startSubmitting();
    }
    const what = keep ? 'keeps it to recycle' : `frees ${u.descriptors.length} descriptor${u.descriptors.length > 1 ? 's' : ''} (free_head=${drv.s.freeHead}, num_free=${drv.s.numFree})`;
    return this.ev(
      'driver',
      'reclaim',
      `Driver reclaims chain ${u.indirect ? `${u.head} (indirect)` : chainText(u.descriptors)} from used.ring[${u.usedSlot}] (len ${u.len}), request #${u.token} done${latency !== null ? ` in ${(latency / 1000).toFixed(1)} µs` : ''}; ${what}. last_used ${u.lastUsed.from}→${u.lastUsed.to}.`,
      { id: u.token, head: u.head, len: u.len, descriptors: u.descriptors, usedSlot: u.usedSlot, lastUsed: u.lastUsed, latency },
    );
  }

  private onRecycle(head: number) {
    const r = this.vq.driver.recycle(head);
    const id = this.e.nextId++;
    this.vq.driver.s.token[head] = id;
    this.e.live[id] = { id, arrivedAt: this.sched.now, addedAt: this.sched.now, buffers: [] };
    this.sched.schedule(0, { a: 'reclaim' });
    return this.ev('driver', 'recycle', `Driver recycles chain ${head} straight back into avail.ring[${r.slot}] without freeing it (nebula RecycleDescriptorChains); avail.idx ${r.availIdx.from}→${r.availIdx.to}.`, { head, slot: r.slot, availIdx: r.availIdx });
  }

  // ---- device --------------------------------------------------------------------------

  private onDeviceWake() {
    const e = this.e;
    e.deviceWakeScheduled = false;
    const n = this.vq.kick.read();
    const rx = this.scenario.workload.kind === 'rx';
    if (rx) {
      // RX device: kicks only matter when it ran out of buffers; take waiting packets now.
      if (e.packetsWaiting > 0) this.sched.schedule(0, { a: 'packet' });
      return this.ev('device', 'device-wake', `Device woken by the kick eventfd (${n}): buffers are back.`, { count: n });
    }
    e.device = 'polling';
    const nf = this.vq.device.setNotification(false);
    this.sched.schedule(this.scenario.device.popCost, { a: 'device-pop' });
    const coalesced = n > 1 ? ` — ${n} kicks coalesced into this one wake-up` : '';
    const how = nf.usedFlags !== null ? ' sets NO_NOTIFY' : ' stops moving avail_event';
    return this.ev('device', 'device-wake', `Device wakes: reads kick eventfd = ${n}${coalesced}; it${how} while it works through the ring.`, { count: n });
  }

  private onDevicePop() {
    const e = this.e;
    const dev = this.vq.device;
    const popped = dev.pop();
    if (!popped) {
      dev.setNotification(true);
      if (dev.available() > 0) {
        dev.setNotification(false);
        this.sched.schedule(this.scenario.device.popCost, { a: 'device-pop' });
        return this.ev('device', 'device-idle', 'Ring empty, notifications back on — but a chain arrived meanwhile, so the device keeps polling (the re-check that closes the race).', { race: true });
      }
      e.device = 'sleeping';
      if (this.vq.kick.pending && !e.deviceWakeScheduled) {
        e.deviceWakeScheduled = true;
        this.sched.schedule(0, { a: 'device-wake' });
      }
      const ae = this.config.features.eventIdx ? `avail_event=${this.vq.mem.readU16(this.vq.layout.used + 4 + 8 * this.vq.layout.queueSize)}` : 'NO_NOTIFY cleared';
      return this.ev('device', 'device-idle', `Available ring empty: the device turns notifications back on (${ae}) and sleeps until kicked.`, { race: false });
    }
    const c = popped.chain;
    e.chains[c.head] = c;
    e.inService++;
    const reqId = this.vq.driver.s.token[c.head];
    const mean = this.scenario.device.serviceMean;
    const service = this.scenario.device.serviceDist === 'exp' ? Math.max(1, Math.round(this.rngDevice.exp(mean))) : mean;
    this.sched.schedule(service, { a: 'device-done', head: c.head, reqId });
    if (e.inService < this.scenario.device.parallelism) this.sched.schedule(this.scenario.device.popCost, { a: 'device-pop' });
    else e.device = 'saturated';
    const descs = c.indirect ? `${c.head} → indirect [${c.descriptors.slice(1).map((d) => d.index).join('→')}]` : chainText(c.descriptors.map((d) => d.index));
    const ae = popped.availEvent !== null ? `; avail_event=${popped.availEvent}` : '';
    const sat = e.device === 'saturated' ? ` The device is now busy with ${e.inService} chains and stops taking more.` : '';
    return this.ev(
      'device',
      'pop',
      `Device pops head ${c.head} from avail.ring[${popped.availSlot}]: chain ${descs} (${c.readableBytes} bytes to read, ${c.writableBytes} to write); last_avail ${popped.lastAvail.from}→${popped.lastAvail.to}${ae}.${sat}`,
      { head: c.head, availSlot: popped.availSlot, lastAvail: popped.lastAvail, descriptors: c.descriptors.map((d) => d.index), indirect: c.indirect, readable: c.readableBytes, writable: c.writableBytes, service },
    );
  }

  private onDeviceDone(head: number, reqId: number) {
    const e = this.e;
    const dev = this.vq.device;
    const c = e.chains[head];
    delete e.chains[head];
    e.inService--;
    let len = 0;
    if (c) {
      // The device's job: checksum what it read, fill the writable buffers, last byte = status 0 (OK).
      const input = dev.readFromChain(c);
      const sum = fnv32(input);
      if (c.writableBytes > 0) {
        const out = new Uint8Array(c.writableBytes).fill(sum & 0xff);
        out[out.length - 1] = 0;
        len = dev.writeToChain(c, out);
      }
    }
    const { usedSlot } = dev.fill(head, len);
    e.unflushed++;
    if ((e.unflushed >= this.scenario.device.flushBatch || e.inService === 0) && !e.flushScheduled) {
      e.flushScheduled = true;
      this.sched.schedule(0, { a: 'flush' });
    }
    if (e.device === 'saturated') {
      e.device = 'polling';
      this.sched.schedule(this.scenario.device.popCost, { a: 'device-pop' });
    }
    return this.ev('device', 'complete', `Device finishes request #${reqId} (head ${head}): writes ${len} bytes and fills used.ring[${usedSlot}] = {id ${head}, len ${len}} — not visible to the driver until used.idx moves.`, { head, id: reqId, len, usedSlot });
  }

  private onFlush() {
    const e = this.e;
    const dev = this.vq.device;
    e.flushScheduled = false;
    const f = dev.flush();
    e.unflushed = 0;
    const d = dev.shouldInterrupt();
    const window = `(${d.oldIdx}, ${d.newIdx}]`;
    let tail: string;
    if (d.interrupt) {
      const woke = this.vq.call.write();
      if (e.driver === 'idle' && !e.driverWakeScheduled) {
        e.driverWakeScheduled = true;
        this.sched.schedule(this.scenario.latency.interrupt, { a: 'driver-wake' });
      }
      tail = `interrupt sent (${d.usedEvent !== null ? `used_event=${d.usedEvent} is inside ${window}` : 'NO_INTERRUPT is clear'})${woke ? '' : ', coalescing with one not yet read'}.`;
    } else {
      this.vq.call.suppress();
      tail = `interrupt suppressed (${d.usedEvent !== null ? `used_event=${d.usedEvent} is outside ${window}` : 'the driver set NO_INTERRUPT'}).`;
    }
    return this.ev('device', 'flush', `Device publishes ${f.count} used entr${f.count === 1 ? 'y' : 'ies'}: used.idx ${f.usedIdx.from}→${f.usedIdx.to}; ${tail}`, { count: f.count, usedIdx: f.usedIdx, ...d });
  }

  private onPacket() {
    const e = this.e;
    const dev = this.vq.device;
    if (e.generated >= this.config.requests && e.packetsWaiting === 0) {
      return this.ev('device', 'device-idle', 'No more packets.', {});
    }
    if (e.packetsWaiting === 0) {
      e.generated++;
      e.packetsWaiting++;
      if (e.generated < this.config.requests) this.sched.schedule(this.nextArrivalDelay(), { a: 'packet' });
    }
    const popped = dev.pop();
    if (!popped) {
      dev.setNotification(true);
      return this.ev('device', 'device-idle', `A packet arrives but the driver has posted no empty buffer: it waits (${e.packetsWaiting} waiting); the device asks to be kicked when buffers come back.`, { waiting: e.packetsWaiting });
    }
    e.packetsWaiting--;
    dev.setNotification(false);
    const c = popped.chain;
    const size = this.rngDevice.int(60, Math.max(60, Math.min(1500, c.writableBytes)));
    const pkt = new Uint8Array(Math.min(size, c.writableBytes)).fill(e.generated & 0xff);
    const len = dev.writeToChain(c, pkt);
    dev.fill(c.head, len);
    e.unflushed++;
    if (!e.flushScheduled) {
      e.flushScheduled = true;
      this.sched.schedule(this.scenario.device.serviceMean, { a: 'flush' });
    }
    if (e.packetsWaiting > 0) this.sched.schedule(this.scenario.device.popCost, { a: 'packet' });
    return this.ev('device', 'pop', `A ${len}-byte packet arrives: the device pops buffer ${c.head} from avail.ring[${popped.availSlot}], writes the packet into it and fills a used entry; last_avail ${popped.lastAvail.from}→${popped.lastAvail.to}.`, { head: c.head, len, availSlot: popped.availSlot, lastAvail: popped.lastAvail, descriptors: c.descriptors.map((d) => d.index), writable: c.writableBytes, readable: 0 });
  }

  // ---- hostile input and interventions ------------------------------------------------

  private onCorrupt(corruption: Corruption, actor: Actor) {
    const e = this.e;
    e.corrupted = true;
    const res = injectCorruption(this.vq, corruption);
    if (res.wakes === 'device') {
      this.vq.kick.write();
      if (!e.deviceWakeScheduled) {
        e.deviceWakeScheduled = true;
        e.device = 'sleeping';
        this.sched.schedule(this.scenario.latency.kick, { a: 'device-wake' });
      }
    } else {
      this.vq.call.write();
      if (!e.driverWakeScheduled && e.driver === 'idle') {
        e.driverWakeScheduled = true;
        this.sched.schedule(this.scenario.latency.interrupt, { a: 'driver-wake' });
      }
    }
    return this.ev(actor, actor === 'user' ? 'intervention' : 'corrupt', res.text, { corruption, ...res.data });
  }

  private applyIntervention(iv: Intervention) {
    switch (iv.action) {
      case 'add-request': {
        const w = this.scenario.workload;
        if (w.kind === 'rx' && w.rxReturn === 'recycle' && this.vq.driver.s.numFree - this.e.backlog.length <= 0) {
          return this.ev('user', 'intervention', 'No room for another buffer: every descriptor already carries (or is about to carry) a posted RX buffer that is recycled forever (nebula never frees them), so nothing was added.', { action: 'add-request', applied: false });
        }
        const p = this.newPending(this.sched.now);
        this.e.backlog.unshift(p);
        this.startSubmitting();
        return this.ev('user', 'intervention', `You added request #${p.id}; the driver will add it next.`, { action: 'add-request', id: p.id });
      }
      case 'complete-now': {
        const pending = this.sched.cancel((a) => a.a === 'device-done' && a.head === iv.head);
        if (pending === 0) {
          return this.ev('user', 'intervention', `Chain ${iv.head} is not being worked on by the device, so it cannot be completed now.`, { action: 'complete-now', head: iv.head, applied: false });
        }
        const reqId = this.vq.driver.s.token[iv.head];
        this.sched.schedule(0, { a: 'device-done', head: iv.head, reqId });
        return this.ev('user', 'intervention', `You made the device finish chain ${iv.head} now, ahead of the others.`, { action: 'complete-now', head: iv.head, applied: true });
      }
      case 'corrupt':
        return this.onCorrupt(iv.corruption, 'user');
    }
  }

  /** A new run that shares this one's history up to `position` and then applies an intervention. */
  fork(action: Intervention extends infer I ? (I extends { at: number } ? Omit<I, 'at'> : never) : never, at = this.pos): Simulation {
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
    if (position > this.log.length) this.run(position - this.log.length + (this.pos < this.log.length ? this.log.length - this.pos : 0));
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
    return {
      position: this.pos,
      engine: structuredClone(this.e),
      memory: this.vq.mem.image(),
      driver: this.vq.driver.save(),
      device: this.vq.device.save(),
      kick: this.vq.kick.save(),
      call: this.vq.call.save(),
      tables: this.vq.tables.save(),
      buffers: this.vq.buffers.save(),
      scheduler: this.sched.save(),
      prng: { workload: this.rngWorkload.save(), device: this.rngDevice.save() },
    };
  }

  restore(s: Snapshot): void {
    this.pos = s.position;
    this.e = structuredClone(s.engine);
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
    this.sched.restore(s.scheduler);
    this.rngWorkload.restore(s.prng.workload);
    this.rngDevice.restore(s.prng.device);
  }
}
