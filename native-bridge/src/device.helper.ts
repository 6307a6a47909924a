// Test-only: one native device on a fresh region + eventfds, with the hand-written ring view.
import { EventFd, NativeDevice, SharedRegion, type DeviceConfig, type DeviceReport } from './index.ts';
import { RingWriter, ringLayout, waitFor } from './ring-writer.helper.ts';

export interface QueueOptions {
  name?: string;
  qs?: number;
  size?: number;
  kind?: DeviceConfig['kind'];
  eventIdx?: boolean;
  indirectDesc?: boolean;
  diskSize?: number;
  serial?: string;
}

export interface TestQueue {
  region: SharedRegion;
  kick: EventFd;
  call: EventFd;
  config: EventFd;
  ring: RingWriter;
  dev: NativeDevice;
  /** Make heads available and kick. */
  submit(...heads: number[]): void;
  /** Wait until used.idx reaches n. */
  waitUsed(n: number): Promise<void>;
  waitBroken(): Promise<void>;
  /** Wait until the device has made n interrupt decisions (signalled + suppressed). */
  waitDecisions(n: number): Promise<void>;
  close(): DeviceReport;
}

export function openQueue(o: QueueOptions = {}): TestQueue {
  const qs = o.qs ?? 8;
  const size = o.size ?? 64 * 1024;
  const region = SharedRegion.create(o.name ?? 'rs-test-queue', size);
  const kick = EventFd.create({ nonblocking: true });
  const call = EventFd.create({ nonblocking: true });
  const config = EventFd.create({ nonblocking: true });
  const l = ringLayout(qs);
  const ring = new RingWriter(region.buffer, l);
  const dev = NativeDevice.create({
    memFd: region.fd,
    memSize: size,
    queueSize: qs,
    descAddr: l.descAddr,
    availAddr: l.availAddr,
    usedAddr: l.usedAddr,
    kickFd: kick.fd,
    callFd: call.fd,
    configFd: config.fd,
    eventIdx: o.eventIdx ?? false,
    indirectDesc: o.indirectDesc ?? false,
    kind: o.kind ?? 'echo',
    diskSize: o.diskSize,
    serial: o.serial,
  });
  return {
    region,
    kick,
    call,
    config,
    ring,
    dev,
    submit(...heads) {
      ring.publish(...heads);
      kick.write(1);
    },
    waitUsed: (n) => waitFor(() => ring.usedIdx() === n, 5000, `used.idx ${n}`),
    waitBroken: () => waitFor(() => dev.stats().broken, 5000, 'broken queue'),
    waitDecisions: (n) =>
      waitFor(
        () => {
          const s = dev.stats();
          return s.interruptsSignalled + s.interruptsSuppressed === n;
        },
        5000,
        `${n} interrupt decisions`,
      ),
    close() {
      const report = dev.close();
      region.close();
      kick.close();
      call.close();
      config.close();
      return report;
    },
  };
}
