/**
 * The model device behind a DevicePort, in-process: a kick runs it at once (like a device
 * thread that was waiting): notifications off, pop everything, do the job (echo unless told
 * otherwise), fill, flush, interrupt decision, notifications back on, re-check — the same loop
 * as the native device (csrc/vq.c), so their ring memory can be compared.
 *
 * A real device may complete chains in any order. Given `completionOrder` (the heads in the
 * order a real device used them), the model fills each pass's chains in that order, so a
 * comparison can separate what the spec leaves free (order) from what it fixes (ids, lengths,
 * data). A job may drop a chain (no used entry), as qemu-storage-daemon does with a malformed
 * virtio-blk request.
 */
import type { Virtqueue } from '../virtio/queue';
import { echoJob, writeAt, type DeviceJob } from '../devices/job';
import { RingError } from '../virtio/errors';
import { DeviceTimeoutError, type DevicePort, type DeviceSideStats } from './port';

export interface ModelDeviceOptions {
  name?: string;
  job?: DeviceJob;
  /** Heads in the order another device completed them, across the whole run. */
  completionOrder?: number[];
}

export class ModelDevicePort implements DevicePort {
  readonly name: string;
  private clock = 0;
  private error: { code: string; message: string } | null = null;
  private readonly stats: DeviceSideStats = {
    kickWakeups: 0,
    chains: 0,
    interruptsSignalled: 0,
    interruptsSuppressed: 0,
  };
  private readonly job: DeviceJob;
  private readonly order: number[] | null;
  private cursor = 0;
  /** Chains the job dropped without a used entry: [head, reason]. */
  readonly dropped: [number, string][] = [];

  constructor(
    private readonly vq: Virtqueue,
    options: ModelDeviceOptions = {},
  ) {
    this.name = options.name ?? 'model device';
    this.job = options.job ?? echoJob;
    this.order = options.completionOrder ?? null;
  }

  now(): number {
    this.clock += 100;
    return this.clock;
  }

  deviceError() {
    return this.error;
  }

  deviceStats(): DeviceSideStats {
    return { ...this.stats };
  }

  private signal(): void {
    if (this.vq.device.shouldInterrupt().interrupt) {
      this.vq.call.write();
      this.stats.interruptsSignalled++;
    } else this.stats.interruptsSuppressed++;
  }

  kick(): void {
    this.vq.kick.write();
    this.serve();
  }

  private serve(): void {
    const { device, mem, kick } = this.vq;
    if (this.error || kick.read() === 0) return;
    this.stats.kickWakeups++;
    const saved = mem.observer;
    mem.observer = null; // the trace is the driver's view; device writes are not the driver's
    try {
      for (;;) {
        device.setNotification(false);
        const done: [number, number][] = [];
        for (let p = device.pop(); p; p = device.pop()) {
          const r = this.job(device.readFromChain(p.chain), p.chain.writableBytes);
          if ('drop' in r) {
            this.dropped.push([p.chain.head, r.drop]);
            continue;
          }
          for (const w of r.writes) writeAt(mem, p.chain, w.offset, w.bytes);
          done.push([p.chain.head, r.usedLen]);
          this.stats.chains++;
        }
        for (const [head, len] of this.ordered(done)) device.fill(head, len);
        if (device.flush().count > 0) this.signal();
        device.setNotification(true);
        if (device.available() === 0) break;
      }
    } catch (e) {
      if (!(e instanceof RingError)) throw e;
      this.error = { code: e.kind, message: e.message };
      if (device.flush().count > 0) this.signal(); // chains completed before the bad one are not lost
    } finally {
      mem.observer = saved;
    }
  }

  /** This pass's completions in the reference order when one was given and it covers them. */
  private ordered(done: [number, number][]): [number, number][] {
    if (!this.order || done.length === 0) return done;
    const next = this.order.slice(this.cursor, this.cursor + done.length);
    const byHead = new Map(done.map((d) => [d[0], d]));
    if (next.length !== done.length || !next.every((h) => byHead.has(h))) return done;
    this.cursor += done.length;
    return next.map((h) => byHead.get(h)!);
  }

  async waitForCall(timeoutMs: number): Promise<number> {
    const n = this.vq.call.read();
    if (n > 0) return n;
    // In-process the device runs at the kick, so no interrupt pending now means none will come.
    throw new DeviceTimeoutError(this.name, timeoutMs, this.vq.driver.s.inFlight);
  }
}
