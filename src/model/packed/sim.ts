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
 * snapshot() / restore() copy the memory bytes and every side's private state (sim-state.ts).
 * This module decides which step happens next and records it; the steps themselves are in
 * sim-driver-steps.ts and sim-device-steps.ts.
 */
import type { GuestAllocator } from '../memory/allocator';
import { Prng } from '../sim/prng';
import { PackedRingError, type PackedErrorInfo } from './errors';
import { checkPackedInvariants } from './invariants';
import { createPackedQueue, type PackedQueue } from './queue';
import { ELEMENT_MAX, type PackedSimConfig, type PackedSimSettings, withDefaults } from './sim-config';
import { deviceComplete, deviceFlush, deviceInterrupt, devicePop, deviceWake } from './sim-device-steps';
import { driverAdd, driverKick, driverReclaim, driverWake } from './sim-driver-steps';
import type { EventBody, PackedEvent, PackedPositions } from './sim-events';
import { initialState, type PackedSimSnapshot, restoreRun, type SimRun, type SimState, snapshotRun } from './sim-state';

// The types callers know this runner by (the views, the lessons, the CLI and the tests import them from here).
export type { PackedSimConfig } from './sim-config';
export type { EventValue, PackedEvent, PackedEventKind, PackedPositions } from './sim-events';
export type { PackedSimSnapshot } from './sim-state';

interface Candidate {
  weight: number;
  run: () => EventBody;
}

export class PackedSim {
  readonly config: PackedSimSettings;
  readonly q: PackedQueue;
  readonly log: PackedEvent[] = [];
  private readonly r: SimRun;

  constructor(config: PackedSimConfig) {
    const qs = config.queueSize;
    this.config = withDefaults(config);
    const maxElements = Math.max(this.config.maxElements, this.config.wholeRingEvery > 0 ? qs : 0);
    this.q = createPackedQueue({
      queueSize: qs,
      features: config.features,
      driver: this.config.driver,
      // every slot and every table entry can hold a largest element at once
      bufferBytes: Math.max(64 << 10, (qs + maxElements) * maxElements * ELEMENT_MAX),
      tableBytes: config.features.indirect ? Math.max(4096, qs * maxElements * 16 * 2) : 0,
    });
    this.r = {
      config: this.config,
      q: this.q,
      workload: Prng.stream(config.seed, 'packed-workload'),
      rng: Prng.stream(config.seed, 'packed-device'),
      st: initialState(this.config),
    };
    if (this.config.checkInvariants) checkPackedInvariants(this.q.driver, this.q.device, this.q.driver.tables, true);
  }

  private get st(): SimState {
    return this.r.st;
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
    let body: EventBody;
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
      let pick = this.r.workload.next() * total;
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
    return snapshotRun(this.r, this.log.length);
  }

  restore(snap: PackedSimSnapshot): void {
    restoreRun(this.r, snap);
    this.log.length = snap.logLength;
  }

  // ---- what may happen next ----

  private candidates(): Candidate[] {
    const r = this.r;
    const st = this.st;
    const drv = this.q.driver;
    const dev = this.q.device;
    const out: Candidate[] = [];
    const moreToIssue = st.next !== null || st.issued < this.config.requests;
    if (!st.blocked && moreToIssue && (st.batchLeft > 0 || drv.s.numAdded === 0)) {
      out.push({ weight: 3, run: () => driverAdd(r) });
    }
    if (drv.s.numAdded > 0 && (st.batchLeft === 0 || st.blocked || !moreToIssue)) {
      out.push({ weight: 2, run: () => driverKick(r) });
    }
    if (!st.driverAwake && this.q.call.pending) out.push({ weight: 3, run: () => driverWake(r) });
    if (st.driverAwake) out.push({ weight: 3, run: () => driverReclaim(r) });
    if (st.decisionDue) {
      // the device decides about the interrupt right after its flush, before anything else it does
      out.push({ weight: 5, run: () => deviceInterrupt(r) });
      return out;
    }
    if (!st.deviceAwake && this.q.kick.pending) out.push({ weight: 3, run: () => deviceWake(r) });
    if (st.deviceAwake) out.push({ weight: 3, run: () => devicePop(r) });
    if (st.held.length > 0) out.push({ weight: 2, run: () => deviceComplete(r) });
    const pending = dev.s.pendingId.length;
    if (pending > 0) {
      const nothingElse = st.held.length === 0 && !st.deviceAwake;
      out.push({ weight: pending >= this.config.flushBatch || nothingElse ? 4 : 1, run: () => deviceFlush(r) });
    }
    return out;
  }
}

/** A fresh allocator image helper for tests that compare snapshots (keeps the import used by type users). */
export type { GuestAllocator };
