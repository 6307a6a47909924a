/**
 * Requests as promises over a virtqueue and a DevicePort: each submit() copies the device-
 * readable bytes into freshly allocated guest buffers, adds the chain with the model's driver,
 * and resolves with the device-writable bytes and the used length once the chain comes back.
 * One pump loop waits for interrupts and reclaims; a request that cannot get descriptors waits
 * in a backlog until chains come back.
 *
 * Failure is all-or-nothing, like a real driver facing a dead device: when the device hangs up,
 * the queue is closed, or nothing comes back within the timeout, every request in flight (and
 * every one waiting) is rejected with the same typed error, and later submits fail at once.
 */
import {
  DeviceFailedError,
  DeviceTimeoutError,
  QueueClosedError,
  type DevicePort,
} from '@ringside/model/compare/port.ts';
import { RingError } from '@ringside/model/virtio/errors.ts';
import type { Virtqueue } from '@ringside/model/virtio/queue.ts';
import { VhostUserTimeoutError } from './port.ts';
import type { TraceRecorder } from './recorder.ts';
import { chainText } from '@ringside/model/vqsim/events.ts';

export interface Completion {
  head: number;
  /** used.len as the device wrote it. */
  len: number;
  /** Copies of the device-writable buffers, in order. */
  in: Uint8Array[];
  /** Submit → reclaim, ns (port clock). */
  latencyNs: number;
}

interface Pending {
  out: Uint8Array[];
  inSizes: number[];
  resolve: (c: Completion) => void;
  reject: (e: Error) => void;
  addrs: number[];
  inAddrs: number[];
  t0: number;
}

export class RequestQueue {
  private readonly inflight = new Map<number, Pending>();
  private readonly backlog: Pending[] = [];
  private token = 1;
  private pumping = false;
  private failure: Error | null = null;
  /** Kick decisions made: sent and suppressed (EVENT_IDX / NO_NOTIFY). */
  readonly kicks = { sent: 0, suppressed: 0 };
  /** Driver wake-ups (waitForCall returned) and the signals they carried. */
  readonly interrupts = { wakeups: 0, signals: 0 };
  completed = 0;
  /** When set, every driver step is recorded as a trace event (the front-end's view). */
  recorder: TraceRecorder | null = null;

  constructor(
    readonly vq: Virtqueue,
    readonly port: DevicePort,
    /** How long to wait for an interrupt while requests are in flight. */
    readonly timeoutMs = 2000,
  ) {}

  get inFlight(): number {
    return this.inflight.size + this.backlog.length;
  }

  get error(): Error | null {
    return this.failure;
  }

  /** Queue a request (not kicked yet: call kick(), or use request()). */
  submit(out: Uint8Array[], inSizes: number[]): Promise<Completion> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const p: Pending = { out, inSizes, resolve, reject, addrs: [], inAddrs: [], t0: 0 };
      if (this.backlog.length > 0 || !this.tryAdd(p)) this.backlog.push(p);
    });
  }

  /** submit + kick: one request on its own. */
  request(out: Uint8Array[], inSizes: number[]): Promise<Completion> {
    const r = this.submit(out, inSizes);
    this.kick();
    return r;
  }

  private tryAdd(p: Pending): boolean {
    const { buffers, mem, driver } = this.vq;
    const take = (len: number) => {
      const a = buffers.alloc(len);
      if (a === null) throw new RangeError(`no room in guest memory for a ${len}-byte buffer`);
      p.addrs.push(a);
      return a;
    };
    try {
      const outRefs = p.out.map((b) => {
        const addr = take(b.length);
        mem.writeBytes(addr, b);
        return { addr, len: b.length };
      });
      const inRefs = p.inSizes.map((len) => {
        const addr = take(len);
        mem.fill(addr, len, 0);
        p.inAddrs.push(addr);
        return { addr, len };
      });
      const id = this.token++;
      p.t0 = this.port.now();
      const r = driver.add(outRefs, inRefs, id);
      this.inflight.set(id, p);
      this.recorder?.emit(
        'add',
        `Driver added chain ${r.indirect ? `${r.head} (indirect)` : chainText(r.descriptors)} for request #${id}; avail.idx ${r.availIdx.from}→${r.availIdx.to}.`,
        { id, head: r.head, descriptors: r.descriptors, slot: r.slot, availIdx: r.availIdx, indirect: r.indirect },
      );
      return true;
    } catch (e) {
      for (const a of p.addrs) buffers.release(a);
      p.addrs = [];
      p.inAddrs = [];
      if (e instanceof RingError && e.kind === 'NotEnoughFreeDescriptors' && this.inflight.size > 0) return false;
      if (e instanceof RangeError && this.inflight.size > 0) return false;
      throw e;
    }
  }

  /** The driver's kick decision for everything added since the last one; kicks when it says so. */
  kick(): boolean {
    if (this.failure) return false;
    const k = this.vq.driver.kickPrepare();
    if (k.kick) {
      this.port.kick();
      this.kicks.sent++;
      this.recorder?.emit(
        'kick',
        `Driver kicks ${this.port.name}${k.availEvent !== null ? ` (avail_event=${k.availEvent})` : ''}.`,
        { ...k },
      );
    } else {
      this.kicks.suppressed++;
      this.recorder?.emit(
        'kick-suppressed',
        `Kick suppressed${k.availEvent !== null ? `: avail_event=${k.availEvent} outside (${k.oldIdx}, ${k.newIdx}]` : ': NO_NOTIFY'}.`,
        { ...k },
      );
    }
    if (this.inflight.size > 0) void this.pump();
    return k.kick;
  }

  private reclaim(): number {
    const { driver, mem, buffers } = this.vq;
    let n = 0;
    for (let u = driver.getUsed(); u; u = driver.getUsed()) {
      const p = this.inflight.get(u.token);
      if (!p) continue;
      this.inflight.delete(u.token);
      const ins = p.inAddrs.map((a, i) => mem.readBytes(a, p.inSizes[i]));
      for (const a of p.addrs) buffers.release(a);
      this.completed++;
      n++;
      this.recorder?.emit(
        'reclaim',
        `Driver reclaims chain ${chainText(u.descriptors)} (len ${u.len}), request #${u.token} done.`,
        {
          id: u.token,
          head: u.head,
          len: u.len,
          descriptors: u.descriptors,
          usedSlot: u.usedSlot,
          lastUsed: u.lastUsed,
        },
      );
      p.resolve({ head: u.head, len: u.len, in: ins, latencyNs: this.port.now() - p.t0 });
    }
    // chains came back: requests waiting for descriptors can go now
    let added = 0;
    while (this.backlog.length > 0 && this.tryAdd(this.backlog[0])) {
      this.backlog.shift();
      added++;
    }
    if (added > 0) this.kick();
    return n;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    const { driver } = this.vq;
    try {
      while (this.inflight.size > 0 && !this.failure) {
        this.reclaim();
        if (this.inflight.size === 0) break;
        // Ask for an interrupt; if entries slipped in meanwhile, reclaim before sleeping.
        if (!driver.enableCallbacks()) continue;
        let count: number;
        try {
          count = await this.port.waitForCall(this.timeoutMs);
        } catch (e) {
          this.fail(this.wrap(e as Error));
          break;
        }
        this.interrupts.wakeups++;
        this.interrupts.signals += count;
        driver.disableCallbacks();
        this.recorder?.emit('driver-wake', `Interrupt from ${this.port.name}: call eventfd = ${count}.`, { count });
      }
    } catch (e) {
      // a ring error (e.g. a used id that is not a head): the queue is broken
      this.fail(e as Error);
    } finally {
      this.pumping = false;
    }
  }

  private wrap(e: Error): Error {
    const n = this.inFlight;
    const de = this.port.deviceError();
    if (de) return new DeviceFailedError(this.port.name, de.code, de.message, n);
    // the port does not know how many requests wait on it: restate with the real count
    if (e instanceof VhostUserTimeoutError) return new VhostUserTimeoutError(e.device, e.waitedMs, n, e.backendLog);
    if (e instanceof DeviceTimeoutError) return new DeviceTimeoutError(e.device, e.waitedMs, n);
    if (e instanceof QueueClosedError) return new QueueClosedError(e.device, n);
    return e;
  }

  /** The device reported a failure (e.g. hang-up): fail everything, even with nobody waiting. */
  failFromDevice(): void {
    const de = this.port.deviceError();
    if (de) this.fail(new DeviceFailedError(this.port.name, de.code, de.message, this.inFlight));
  }

  /** Fail everything in flight and waiting with `e`; later submits fail with it too. */
  fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.recorder?.emit('error', `Requests failed: ${e.message}`, {
      kind: (e as { kind?: string }).kind ?? e.name,
      message: e.message,
    });
    for (const p of this.inflight.values()) p.reject(e);
    for (const p of this.backlog) p.reject(e);
    this.inflight.clear();
    this.backlog.length = 0;
  }
}
