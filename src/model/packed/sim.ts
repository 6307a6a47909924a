/**
 * A small scenario runner for the packed ring: a seeded workload drives the driver and the device, one event per
 * step, both reacting to eventfd notifications the way Linux and QEMU do (the device turns kicks off while it
 * works and back on before it sleeps, looking once more; the driver turns callbacks off while it reclaims and
 * back on before it sleeps, polling once more). Requests come in batches with a kick decision after each batch;
 * the device completes held buffers in order or out of order and flushes several at once; EVENT_IDX and
 * indirect tables are options. Invariants are checked after every step, and a run that can make no progress
 * while work remains ends with a 'stall' event: a lost notification shows up as exactly that.
 *
 * Everything random comes from two seeded streams, so (config, seed) reproduces a run byte for byte;
 * snapshot() / restore() copy the memory bytes and every side's private state.
 */
import type { GuestAllocator, AllocatorState } from '../memory/allocator';
import { Prng, type PrngState } from '../sim/prng';
import type { EventFdState } from '../virtio/eventfd';
import { eventFlagName, type PackedFeatures } from './constants';
import type { PackedDeviceState } from './device';
import type { BufferRef, PackedDriverOptions, PackedDriverState } from './driver';
import { PackedRingError, type PackedErrorInfo } from './errors';
import { checkPackedInvariants } from './invariants';
import { createPackedQueue, type PackedQueue } from './queue';
import { decodeOffWrap } from './wrap';

export interface PackedSimConfig {
  seed: number;
  /** 1..32768, any integer. */
  queueSize: number;
  features: PackedFeatures;
  /** Requests to issue in the whole run. */
  requests: number;
  /** Most requests added between two kick decisions (default 4). */
  batchMax?: number;
  /** Most elements (readable + writable) per request (default min(4, QS)). */
  maxElements?: number;
  /** Chance that a completion picks a random held buffer rather than the oldest (default 0.5). */
  outOfOrder?: number;
  /** Most completions the device gathers before a flush (default 3). */
  flushBatch?: number;
  /** Every n-th request uses QS elements, a list as long as the ring (0 = never, the default). */
  wholeRingEvery?: number;
  /**
   * Check the invariants after every step (default true). Off only to watch what a driver bug
   * does to a run (the pre-2023 whole-ring wrap bug breaks an invariant first, then hangs the
   * queue); a violation is then not reported, and its consequences play out.
   */
  checkInvariants?: boolean;
  driver?: Partial<PackedDriverOptions>;
}

export type PackedEventKind =
  | 'add'
  | 'add-wait'
  | 'reject'
  | 'kick'
  | 'kick-suppressed'
  | 'device-wake'
  | 'pop'
  | 'device-rearm'
  | 'device-sleep'
  | 'complete'
  | 'flush'
  | 'interrupt'
  | 'interrupt-suppressed'
  | 'driver-wake'
  | 'reclaim'
  | 'driver-rearm'
  | 'driver-sleep'
  | 'error'
  | 'stall';

/** Both sides' positions after a step (what a ring view draws). */
export interface PackedPositions {
  nextAvail: number;
  availWrap: number;
  lastUsed: number;
  usedWrap: number;
  numFree: number;
  driverInFlight: number;
  deviceAvail: number;
  deviceAvailWrap: number;
  deviceUsed: number;
  deviceUsedWrap: number;
  deviceInUse: number;
}

export type EventValue = number | boolean | string | number[];

export interface PackedEvent {
  step: number;
  actor: 'driver' | 'device' | 'sim';
  kind: PackedEventKind;
  /** What happened, in words a newcomer can follow; the numbers are in `data`. */
  text: string;
  data: Record<string, EventValue>;
  positions: PackedPositions;
  error?: PackedErrorInfo;
}

interface PendingRequest {
  no: number;
  outLens: number[];
  inLens: number[];
}

interface HeldBuffer {
  id: number;
  writable: BufferRef[];
  writableBytes: number;
}

/** The runner's own state: plain data, so a snapshot is a structured clone. */
interface SimState {
  step: number;
  issued: number;
  completed: number;
  rejected: number;
  batchLeft: number;
  blocked: boolean;
  next: PendingRequest | null;
  deviceAwake: boolean;
  driverAwake: boolean;
  decisionDue: boolean;
  held: HeldBuffer[];
  /** Per buffer id: the request number and the buffer addresses to free on reclaim. */
  requestOf: Record<number, { no: number; addrs: number[] }>;
  done: boolean;
  stalled: boolean;
  error: PackedErrorInfo | null;
}

export interface PackedSimSnapshot {
  state: SimState;
  memory: Uint8Array;
  driver: PackedDriverState;
  device: PackedDeviceState;
  tables: AllocatorState;
  buffers: AllocatorState;
  kick: EventFdState;
  call: EventFdState;
  prng: { workload: PrngState; device: PrngState };
  logLength: number;
}

interface Candidate {
  weight: number;
  run: () => Omit<PackedEvent, 'step' | 'positions'>;
}

const ELEMENT_MIN = 16;
const ELEMENT_MAX = 256;

export class PackedSim {
  readonly config: Required<Omit<PackedSimConfig, 'driver'>> & { driver: Partial<PackedDriverOptions> };
  readonly q: PackedQueue;
  readonly log: PackedEvent[] = [];
  private st: SimState;
  private readonly workload: Prng;
  private readonly rng: Prng;

  constructor(config: PackedSimConfig) {
    const qs = config.queueSize;
    this.config = {
      batchMax: 4,
      maxElements: Math.min(4, qs),
      outOfOrder: 0.5,
      flushBatch: 3,
      wholeRingEvery: 0,
      checkInvariants: true,
      driver: {},
      ...config,
    };
    const maxElements = Math.max(this.config.maxElements, this.config.wholeRingEvery > 0 ? qs : 0);
    this.q = createPackedQueue({
      queueSize: qs,
      features: config.features,
      driver: this.config.driver,
      // every slot and every table entry can hold a largest element at once
      bufferBytes: Math.max(64 << 10, (qs + maxElements) * maxElements * ELEMENT_MAX),
      tableBytes: config.features.indirect ? Math.max(4096, qs * maxElements * 16 * 2) : 0,
    });
    this.workload = Prng.stream(config.seed, 'packed-workload');
    this.rng = Prng.stream(config.seed, 'packed-device');
    this.st = {
      step: 0,
      issued: 0,
      completed: 0,
      rejected: 0,
      batchLeft: 0,
      blocked: false,
      next: null,
      deviceAwake: false,
      driverAwake: false,
      decisionDue: false,
      held: [],
      requestOf: {},
      done: config.requests === 0,
      stalled: false,
      error: null,
    };
    if (this.config.checkInvariants) checkPackedInvariants(this.q.driver, this.q.device, this.q.driver.tables, true);
  }

  get done(): boolean {
    return this.st.done;
  }
  get stalled(): boolean {
    return this.st.stalled;
  }
  get completed(): number {
    return this.st.completed;
  }
  get rejected(): number {
    return this.st.rejected;
  }
  get error(): PackedErrorInfo | null {
    return this.st.error;
  }

  positions(): PackedPositions {
    const d = this.q.driver.s;
    const v = this.q.device.s;
    return {
      nextAvail: d.nextAvail,
      availWrap: d.availWrap,
      lastUsed: d.lastUsed,
      usedWrap: d.usedWrap,
      numFree: d.numFree,
      driverInFlight: d.inFlight,
      deviceAvail: v.lastAvail,
      deviceAvailWrap: v.lastAvailWrap,
      deviceUsed: v.usedIdx,
      deviceUsedWrap: v.usedWrap,
      deviceInUse: v.inUse,
    };
  }

  /** Run one step and return its event, or null when the run is over. */
  step(): PackedEvent | null {
    if (this.st.done) return null;
    const candidates = this.candidates();
    let body: Omit<PackedEvent, 'step' | 'positions'>;
    if (candidates.length === 0) {
      this.st.done = true;
      this.st.stalled = true;
      body = {
        actor: 'sim',
        kind: 'stall',
        text: `nothing can happen any more, yet ${this.config.requests - this.st.completed - this.st.rejected} requests are unfinished: a notification was lost`,
        data: { unfinished: this.config.requests - this.st.completed - this.st.rejected },
      };
    } else {
      let total = 0;
      for (const c of candidates) total += c.weight;
      let pick = this.workload.next() * total;
      let chosen = candidates[candidates.length - 1];
      for (const c of candidates) {
        pick -= c.weight;
        if (pick < 0) {
          chosen = c;
          break;
        }
      }
      try {
        body = chosen.run();
      } catch (e) {
        if (!(e instanceof PackedRingError)) throw e;
        const info = e.toInfo();
        this.st.error = info;
        this.st.done = true;
        body = {
          actor: info.side === 'driver' ? 'driver' : 'device',
          kind: 'error',
          text: info.message,
          data: {},
          error: info,
        };
      }
    }
    if (!this.st.done && this.finished()) this.st.done = true;
    if (this.config.checkInvariants) checkPackedInvariants(this.q.driver, this.q.device, this.q.driver.tables, true);
    const event: PackedEvent = { step: this.st.step++, ...body, positions: this.positions() };
    this.log.push(event);
    return event;
  }

  /** Step until done or `maxSteps` more events; returns the events of this call. */
  run(maxSteps = 1_000_000): PackedEvent[] {
    const out: PackedEvent[] = [];
    for (let k = 0; k < maxSteps; k++) {
      const e = this.step();
      if (!e) break;
      out.push(e);
    }
    return out;
  }

  private finished(): boolean {
    const st = this.st;
    return st.completed + st.rejected === this.config.requests && this.q.driver.s.inFlight === 0;
  }

  snapshot(): PackedSimSnapshot {
    return {
      state: structuredClone(this.st),
      memory: this.q.mem.image(),
      driver: this.q.driver.save(),
      device: this.q.device.save(),
      tables: this.q.tables.save(),
      buffers: this.q.buffers.save(),
      kick: this.q.kick.save(),
      call: this.q.call.save(),
      prng: { workload: this.workload.save(), device: this.rng.save() },
      logLength: this.log.length,
    };
  }

  restore(snap: PackedSimSnapshot): void {
    this.st = structuredClone(snap.state);
    this.q.mem.load(snap.memory);
    this.q.driver.restore(snap.driver);
    this.q.device.restore(snap.device);
    this.q.tables.restore(snap.tables);
    this.q.buffers.restore(snap.buffers);
    this.q.kick.restore(snap.kick);
    this.q.call.restore(snap.call);
    this.workload.restore(snap.prng.workload);
    this.rng.restore(snap.prng.device);
    this.log.length = snap.logLength;
  }

  // ---- what may happen next ----

  private candidates(): Candidate[] {
    const st = this.st;
    const drv = this.q.driver;
    const dev = this.q.device;
    const out: Candidate[] = [];
    const moreToIssue = st.next !== null || st.issued < this.config.requests;
    if (!st.blocked && moreToIssue && (st.batchLeft > 0 || drv.s.numAdded === 0)) {
      out.push({ weight: 3, run: () => this.driverAdd() });
    }
    if (drv.s.numAdded > 0 && (st.batchLeft === 0 || st.blocked || !moreToIssue)) {
      out.push({ weight: 2, run: () => this.driverKick() });
    }
    if (!st.driverAwake && this.q.call.pending) out.push({ weight: 3, run: () => this.driverWake() });
    if (st.driverAwake) out.push({ weight: 3, run: () => this.driverReclaim() });
    if (st.decisionDue) {
      // the device decides about the interrupt right after its flush, before anything else it does
      out.push({ weight: 5, run: () => this.deviceInterrupt() });
      return out;
    }
    if (!st.deviceAwake && this.q.kick.pending) out.push({ weight: 3, run: () => this.deviceWake() });
    if (st.deviceAwake) out.push({ weight: 3, run: () => this.devicePop() });
    if (st.held.length > 0) out.push({ weight: 2, run: () => this.deviceComplete() });
    const pending = dev.s.pendingId.length;
    if (pending > 0) {
      const nothingElse = st.held.length === 0 && !st.deviceAwake;
      out.push({ weight: pending >= this.config.flushBatch || nothingElse ? 4 : 1, run: () => this.deviceFlush() });
    }
    return out;
  }

  // ---- driver ----

  private newRequest(): PendingRequest {
    const r = this.workload;
    const qs = this.config.queueSize;
    const no = this.st.issued++;
    const every = this.config.wholeRingEvery;
    const total = every > 0 && no % every === every - 1 ? qs : r.int(1, this.config.maxElements);
    const outCount = r.int(total > 1 ? 1 : 0, total > 1 ? total - 1 : 1);
    const outLens: number[] = [];
    const inLens: number[] = [];
    for (let k = 0; k < total; k++) (k < outCount ? outLens : inLens).push(r.int(ELEMENT_MIN, ELEMENT_MAX));
    return { no, outLens, inLens };
  }

  private driverAdd(): Omit<PackedEvent, 'step' | 'positions'> {
    const st = this.st;
    const drv = this.q.driver;
    if (st.batchLeft === 0) st.batchLeft = this.workload.int(1, this.config.batchMax);
    const req = st.next ?? this.newRequest();
    st.next = null;
    const addrs: number[] = [];
    const alloc = (lens: number[]): BufferRef[] | null => {
      const refs: BufferRef[] = [];
      for (const len of lens) {
        const at = this.q.buffers.alloc(len, 16);
        if (at === null) return null;
        addrs.push(at);
        refs.push({ addr: at, len });
      }
      return refs;
    };
    const out = alloc(req.outLens);
    const inb = out ? alloc(req.inLens) : null;
    const releaseAll = () => {
      for (const a of addrs) this.q.buffers.release(a);
    };
    const total = req.outLens.length + req.inLens.length;
    if (!out || !inb) {
      releaseAll();
      st.next = req;
      st.blocked = true;
      return {
        actor: 'driver',
        kind: 'add-wait',
        text: `driver has no buffer memory for request ${req.no} (${total} elements) and waits for the device to return buffers`,
        data: { request: req.no, elements: total },
      };
    }
    try {
      const r = drv.add(out, inb, req.no);
      st.batchLeft--;
      st.requestOf[r.id] = { no: req.no, addrs };
      const where =
        r.indirect !== null
          ? `as one INDIRECT descriptor pointing at a table of ${r.indirect.count} at 0x${r.indirect.addr.toString(16)}`
          : r.slots.length === 1
            ? 'in one descriptor'
            : `in ${r.slots.length} descriptors at slots ${r.slots.join('→')} linked by NEXT, the first one's flags written last`;
      const flipped =
        r.availWrap.from !== r.availWrap.to
          ? `; passing the end of the ring flipped its wrap counter to ${r.availWrap.to}`
          : '';
      return {
        actor: 'driver',
        kind: 'add',
        text: `driver made buffer ${r.id} (request ${req.no}) available at slot ${r.slot} (wrap counter ${r.wrap}) ${where}; next_avail ${r.nextAvail.from}→${r.nextAvail.to}${flipped}`,
        data: {
          request: req.no,
          id: r.id,
          slot: r.slot,
          wrap: r.wrap,
          slots: r.slots,
          ids: r.ids,
          flags: r.flags,
          readable: r.outCount,
          writable: r.inCount,
          indirect: r.indirect !== null,
          nextAvailFrom: r.nextAvail.from,
          nextAvailTo: r.nextAvail.to,
          availWrapFrom: r.availWrap.from,
          availWrapTo: r.availWrap.to,
        },
      };
    } catch (e) {
      releaseAll();
      if (!(e instanceof PackedRingError)) throw e;
      if (e.kind === 'NotEnoughFreeDescriptors') {
        st.next = req;
        st.blocked = true;
        return {
          actor: 'driver',
          kind: 'add-wait',
          text: `driver cannot add request ${req.no}: it needs ${total} free slots and ${drv.s.numFree} are free, so it waits for the device to return buffers`,
          data: { request: req.no, needed: total, free: drv.s.numFree },
        };
      }
      if (e.kind === 'ChainTooLong' || e.kind === 'InvalidBuffer') {
        st.rejected++;
        st.batchLeft = Math.max(0, st.batchLeft - 1);
        return {
          actor: 'driver',
          kind: 'reject',
          text: `driver refuses request ${req.no}: ${e.message}`,
          data: { request: req.no, elements: total },
          error: e.toInfo(),
        };
      }
      throw e;
    }
  }

  private driverKick(): Omit<PackedEvent, 'step' | 'positions'> {
    const st = this.st;
    const k = this.q.driver.kickPrepare();
    st.batchLeft = 0;
    const data: Record<string, EventValue> = {
      kick: k.kick,
      flags: k.flags,
      oldIdx: k.oldIdx,
      newIdx: k.newIdx,
      availWrap: k.availWrap,
    };
    let why: string;
    if (k.offWrap !== null && k.eventIdx !== null) {
      const ev = decodeOffWrap(k.offWrap);
      data.offWrap = k.offWrap;
      data.eventIdx = k.eventIdx;
      const moved =
        ev.wrap !== k.availWrap
          ? ` (its wrap counter ${ev.wrap} is not the driver's ${k.availWrap}, so it counts as ${k.eventIdx - 65536 < -this.q.driver.qs ? k.eventIdx : k.eventIdx - 65536} in this lap)`
          : '';
      why = `the device asked to be kicked at slot ${ev.off} wrap ${ev.wrap}${moved}, which ${k.kick ? 'lies' : 'does not lie'} in the slots just made available (${k.oldIdx}..${k.newIdx})`;
    } else {
      why = `the device event flags are ${eventFlagName(k.flags)}`;
    }
    if (k.kick) {
      this.q.kick.write();
      return { actor: 'driver', kind: 'kick', text: `driver kicks the device: ${why}`, data };
    }
    this.q.kick.suppress();
    return { actor: 'driver', kind: 'kick-suppressed', text: `driver does not kick: ${why}`, data };
  }

  private driverWake(): Omit<PackedEvent, 'step' | 'positions'> {
    this.q.call.read();
    this.st.driverAwake = true;
    this.q.driver.disableCallbacks();
    return {
      actor: 'driver',
      kind: 'driver-wake',
      text: 'driver wakes on the interrupt and turns callbacks off (driver event flags DISABLE) while it reclaims',
      data: {},
    };
  }

  private driverReclaim(): Omit<PackedEvent, 'step' | 'positions'> {
    const st = this.st;
    const drv = this.q.driver;
    const u = drv.getUsed();
    if (u) {
      const req = st.requestOf[u.id];
      for (const a of req.addrs) this.q.buffers.release(a);
      delete st.requestOf[u.id];
      st.completed++;
      st.blocked = false;
      const flipped =
        u.usedWrap.from !== u.usedWrap.to ? `; passing the end flipped the used wrap counter to ${u.usedWrap.to}` : '';
      return {
        actor: 'driver',
        kind: 'reclaim',
        text: `driver reclaimed buffer ${u.id} (request ${req.no}) from slot ${u.slot} (wrap counter ${u.wrap}): ${u.len} bytes written; it had taken ${u.count} slot${u.count === 1 ? '' : 's'}, so last_used moves ${u.lastUsed.from}→${u.lastUsed.to}${flipped}`,
        data: {
          request: req.no,
          id: u.id,
          len: u.len,
          slot: u.slot,
          wrap: u.wrap,
          count: u.count,
          ids: u.ids,
          lastUsedFrom: u.lastUsed.from,
          lastUsedTo: u.lastUsed.to,
          usedWrapFrom: u.usedWrap.from,
          usedWrapTo: u.usedWrap.to,
        },
      };
    }
    if (drv.enableCallbacks()) {
      st.driverAwake = false;
      return {
        actor: 'driver',
        kind: 'driver-sleep',
        text: `driver finds slot ${drv.s.lastUsed} not used yet, turns callbacks back on (${eventFlagName(drv.s.eventFlagsShadow)}${this.q.driver.features.eventIdx ? ` at slot ${drv.s.lastUsed} wrap ${drv.s.usedWrap}` : ''}), looks once more, and sleeps`,
        data: { slot: drv.s.lastUsed, wrap: drv.s.usedWrap, flags: drv.s.eventFlagsShadow },
      };
    }
    drv.disableCallbacks();
    return {
      actor: 'driver',
      kind: 'driver-rearm',
      text: `driver turned callbacks back on, but slot ${drv.s.lastUsed} became used meanwhile, so it turns them off again and keeps reclaiming`,
      data: { slot: drv.s.lastUsed, wrap: drv.s.usedWrap },
    };
  }

  // ---- device ----

  private deviceWake(): Omit<PackedEvent, 'step' | 'positions'> {
    this.q.kick.read();
    this.st.deviceAwake = true;
    this.q.device.setNotification(false);
    return {
      actor: 'device',
      kind: 'device-wake',
      text: 'device wakes on the kick and turns notifications off (device event flags DISABLE) while it reads',
      data: {},
    };
  }

  private devicePop(): Omit<PackedEvent, 'step' | 'positions'> {
    const dev = this.q.device;
    if (dev.isEmpty()) {
      if (!dev.s.notification) {
        const n = dev.setNotification(true);
        const where =
          n.offWrap !== null ? ` at slot ${decodeOffWrap(n.offWrap).off} wrap ${decodeOffWrap(n.offWrap).wrap}` : '';
        return {
          actor: 'device',
          kind: 'device-rearm',
          text: `device finds slot ${dev.s.lastAvail} not available (wrap counter ${dev.s.lastAvailWrap}), turns notifications back on (${eventFlagName(n.flags)}${where}) and looks once more`,
          data: { slot: dev.s.lastAvail, wrap: dev.s.lastAvailWrap, flags: n.flags, offWrap: n.offWrap ?? -1 },
        };
      }
      this.st.deviceAwake = false;
      return {
        actor: 'device',
        kind: 'device-sleep',
        text: `device finds slot ${dev.s.lastAvail} still not available and sleeps until the next kick`,
        data: { slot: dev.s.lastAvail, wrap: dev.s.lastAvailWrap },
      };
    }
    if (dev.s.notification) dev.setNotification(false);
    const p = dev.pop();
    if (!p) throw new Error('packed sim: the device saw a descriptor and then none');
    const c = p.chain;
    this.st.held.push({ id: c.id, writable: c.writable, writableBytes: c.writableBytes });
    const shape =
      c.indirect !== null
        ? `one INDIRECT descriptor whose table of ${c.indirect.count} it walked`
        : `${c.ndescs} descriptor${c.ndescs === 1 ? '' : 's'}`;
    const flipped =
      p.availWrap.from !== p.availWrap.to ? `; it passed the end, so its wrap counter is now ${p.availWrap.to}` : '';
    return {
      actor: 'device',
      kind: 'pop',
      text: `device read buffer ${c.id} at slot ${p.slot} (wrap counter ${p.wrap}), flags first and then addr/len/id: ${shape}, ${c.readable.length} readable and ${c.writable.length} writable; its avail position moves ${p.lastAvail.from}→${p.lastAvail.to}${flipped}`,
      data: {
        id: c.id,
        slot: p.slot,
        wrap: p.wrap,
        ndescs: c.ndescs,
        readable: c.readable.length,
        writable: c.writable.length,
        writableBytes: c.writableBytes,
        indirect: c.indirect !== null,
        lastAvailFrom: p.lastAvail.from,
        lastAvailTo: p.lastAvail.to,
        availWrapFrom: p.availWrap.from,
        availWrapTo: p.availWrap.to,
      },
    };
  }

  private deviceComplete(): Omit<PackedEvent, 'step' | 'positions'> {
    const st = this.st;
    const dev = this.q.device;
    const k = this.rng.bool(this.config.outOfOrder) ? this.rng.int(0, st.held.length - 1) : 0;
    const [h] = st.held.splice(k, 1);
    const len = this.rng.int(0, h.writableBytes);
    // the device's answer: a pattern that names the buffer, so a memory image shows whose bytes are where
    let off = 0;
    for (const b of h.writable) {
      if (off >= len) break;
      const n = Math.min(b.len, len - off);
      const data = new Uint8Array(n);
      for (let j = 0; j < n; j++) data[j] = (h.id + off + j) & 0xff;
      this.q.mem.writeBytes(b.addr, data);
      off += n;
    }
    const f = dev.fill(h.id, len);
    const early = k > 0 ? `, before ${k} buffer${k === 1 ? '' : 's'} it read earlier (out of order)` : '';
    return {
      actor: 'device',
      kind: 'complete',
      text: `device completed buffer ${h.id} (${len} bytes written)${early}; its used descriptor will go at slot ${f.slot} (wrap counter ${f.wrap}) at the next flush`,
      data: { id: h.id, len, slot: f.slot, wrap: f.wrap, outOfOrder: k > 0 },
    };
  }

  private deviceFlush(): Omit<PackedEvent, 'step' | 'positions'> {
    const f = this.q.device.flush();
    this.st.decisionDue = true;
    const ordered = [...f.written.slice(-1), ...f.written.slice(0, -1)];
    const list = ordered.map((w) => `buffer ${w.id} at slot ${w.slot} (wrap ${w.wrap})`).join(', ');
    const batch =
      f.written.length > 1 ? "; the first one's flags were written last, so the driver sees the batch at once" : '';
    const flipped =
      f.usedWrap.from !== f.usedWrap.to ? `, passing the end (used wrap counter now ${f.usedWrap.to})` : '';
    return {
      actor: 'device',
      kind: 'flush',
      text: `device wrote ${f.written.length} used descriptor${f.written.length === 1 ? '' : 's'}: ${list}${batch}; its used position moves ${f.usedIdx.from}→${f.usedIdx.to}${flipped}`,
      data: {
        ids: ordered.map((w) => w.id),
        slots: ordered.map((w) => w.slot),
        lens: ordered.map((w) => w.len),
        usedFrom: f.usedIdx.from,
        usedTo: f.usedIdx.to,
        usedWrapFrom: f.usedWrap.from,
        usedWrapTo: f.usedWrap.to,
      },
    };
  }

  private deviceInterrupt(): Omit<PackedEvent, 'step' | 'positions'> {
    this.st.decisionDue = false;
    const d = this.q.device.shouldInterrupt();
    const data: Record<string, EventValue> = {
      interrupt: d.interrupt,
      flags: d.flags,
      offWrap: d.offWrap,
      oldIdx: d.oldIdx,
      newIdx: d.newIdx,
      usedWrap: d.usedWrap,
    };
    let why: string;
    if (d.flags === 2) {
      const ev = decodeOffWrap(d.offWrap);
      why = !d.signalledValid
        ? `the driver asked for slot ${ev.off} wrap ${ev.wrap}, but this is the first decision since the used position wrapped, so the device interrupts anyway`
        : `the driver asked to be interrupted at slot ${ev.off} wrap ${ev.wrap}, which ${d.interrupt ? 'lies' : 'does not lie'} in the used slots just written (${d.oldIdx}..${d.newIdx}, used wrap counter ${d.usedWrap})`;
    } else {
      why = `the driver event flags are ${eventFlagName(d.flags)}`;
    }
    if (d.interrupt) {
      this.q.call.write();
      return { actor: 'device', kind: 'interrupt', text: `device interrupts the driver: ${why}`, data };
    }
    this.q.call.suppress();
    return { actor: 'device', kind: 'interrupt-suppressed', text: `device does not interrupt: ${why}`, data };
  }
}

/** A fresh allocator image helper for tests that compare snapshots (keeps the import used by type users). */
export type { GuestAllocator };
