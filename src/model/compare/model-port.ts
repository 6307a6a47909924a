/**
 * The model device behind a DevicePort, in-process: a kick runs it at once (like a device
 * thread that was waiting): notifications off, pop everything, do the echo job, fill,
 * flush, interrupt decision, notifications back on, re-check — the same loop as the
 * native device (csrc/vq.c), so their ring memory can be compared.
 */
import type { Virtqueue } from '../virtio/queue';
import { echoResponse } from '../devices/echo';
import { RingError } from '../virtio/errors';
import { DeviceTimeoutError, type DevicePort, type DeviceSideStats } from './port';

export class ModelDevicePort implements DevicePort {
  readonly name = 'model device';
  private clock = 0;
  private error: { code: string; message: string } | null = null;
  private readonly stats: DeviceSideStats = { kickWakeups: 0, chains: 0, interruptsSignalled: 0, interruptsSuppressed: 0 };

  constructor(private readonly vq: Virtqueue) {}

  now(): number {
    return (this.clock += 100);
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
        for (let p = device.pop(); p; p = device.pop()) {
          const out = echoResponse(device.readFromChain(p.chain), p.chain.writableBytes);
          const len = device.writeToChain(p.chain, out);
          device.fill(p.chain.head, len);
          this.stats.chains++;
        }
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

  async waitForCall(timeoutMs: number): Promise<number> {
    const n = this.vq.call.read();
    if (n > 0) return n;
    // In-process the device runs at the kick, so no interrupt pending now means none will come.
    throw new DeviceTimeoutError(this.name, timeoutMs, this.vq.driver.s.inFlight);
  }
}
