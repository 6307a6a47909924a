/**
 * The native device thread behind the model's DevicePort: the model's driver runs
 * unchanged on a memfd mapping; kicks are eventfd writes; interrupts arrive through epoll
 * on a native thread (the JS thread never blocks); a queue the device breaks is reported
 * through a config eventfd, like a NEEDS_RESET config interrupt.
 */
import { CallWaiter } from './call-waiter';
import { GuestMemory } from '@ringside/model/memory/guest-memory.ts';
import { createQueue, planMemory, type QueueConfig, type Virtqueue } from '@ringside/model/virtio/queue.ts';
import {
  DeviceTimeoutError,
  QueueClosedError,
  type DevicePort,
  type DeviceSideStats,
} from '@ringside/model/compare/port.ts';
import { EpollWatcher, EventFd, NativeDevice, SharedRegion } from './index.ts';

export interface NativeQueue {
  vq: Virtqueue;
  port: NativeDevicePort;
  region: SharedRegion;
  device: NativeDevice;
  /** Stop the device thread and release every fd and mapping. Idempotent. */
  close(): ReturnType<NativeDevice['close']>;
}

export class NativeDevicePort implements DevicePort {
  readonly name: string;
  private readonly calls = new CallWaiter();
  private failed = false;
  private closed = false;
  private readonly t0 = process.hrtime.bigint();
  private readonly watcher: EpollWatcher;

  constructor(
    private readonly device: NativeDevice,
    private readonly kickFd: EventFd,
    callFd: EventFd,
    private readonly configFd: EventFd,
    kind: string,
  ) {
    this.name = `native ${kind} device`;
    this.watcher = new EpollWatcher((fd, count, err) => {
      if (err) return this.fail(err);
      if (fd === this.configFd.fd) {
        this.failed = true;
        return this.fail(new Error(`${this.name} reported a broken queue`));
      }
      this.calls.signal(count ?? 1);
    });
    this.watcher.add(callFd.fd, 'eventfd');
    this.watcher.add(configFd.fd, 'eventfd');
  }

  private fail(e: Error): void {
    this.calls.fail(e);
  }

  now(): number {
    return Number(process.hrtime.bigint() - this.t0);
  }

  kick(): void {
    this.kickFd.write(1);
  }

  deviceStats(): DeviceSideStats {
    const s = this.device.stats();
    return {
      kickWakeups: s.kickWakeups,
      chains: s.chains,
      interruptsSignalled: s.interruptsSignalled,
      interruptsSuppressed: s.interruptsSuppressed,
    };
  }

  deviceError() {
    const e = this.device.error();
    return e ? { code: e.code, message: e.message } : null;
  }

  waitForCall(timeoutMs: number): Promise<number> {
    const refusal = this.closed
      ? new QueueClosedError(this.name, 0)
      : this.failed
        ? new Error(`${this.name} reported a broken queue`)
        : null;
    return this.calls.wait(timeoutMs, refusal, () => new DeviceTimeoutError(this.name, timeoutMs, 0));
  }

  close(): void {
    this.closed = true;
    this.fail(new QueueClosedError(this.name, 0));
    this.watcher.close();
  }
}

/** A model queue laid out in a fresh memfd, served by a native device thread. */
export function createNativeQueue(
  config: QueueConfig,
  kind: 'echo' | 'blk' = 'echo',
  name = 'ringside-queue',
): NativeQueue {
  const { layout, map } = planMemory(config);
  const region = SharedRegion.create(name, map.total);
  const kick = EventFd.create({ nonblocking: true });
  const call = EventFd.create({ nonblocking: true });
  const cfg = EventFd.create({ nonblocking: true });
  let device: NativeDevice | null = null;
  let port: NativeDevicePort | null = null;
  try {
    const mem = new GuestMemory(region.buffer, [{ gpa: 0, size: map.total, offset: 0, name: 'memfd' }]);
    const vq = createQueue(config, mem);
    device = NativeDevice.create({
      memFd: region.fd,
      memSize: map.total,
      queueSize: layout.queueSize,
      descAddr: layout.desc,
      availAddr: layout.avail,
      usedAddr: layout.used,
      kickFd: kick.fd,
      callFd: call.fd,
      configFd: cfg.fd,
      eventIdx: config.features.eventIdx,
      indirectDesc: config.features.indirect,
      kind,
    });
    port = new NativeDevicePort(device, kick, call, cfg, kind);
    let report: ReturnType<NativeDevice['close']> | null = null;
    const d = device;
    const p = port;
    return {
      vq,
      port: p,
      region,
      device: d,
      close() {
        if (report) return report;
        report = d.close();
        p.close();
        kick.close();
        call.close();
        cfg.close();
        region.close();
        return report;
      },
    };
  } catch (e) {
    port?.close();
    device?.close();
    kick.close();
    call.close();
    cfg.close();
    region.close();
    throw e;
  }
}
