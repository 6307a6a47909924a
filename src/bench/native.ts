/**
 * Benchmarks against the native addon: the C ring loop (the same work as the model's round trip, in C), the
 * C↔C eventfd ping-pong (the floor for a JS driver talking to the native device over real eventfds), and the
 * C driver on the native device (the floor for batched throughput). Each is a sampler, so run.ts can take its
 * samples in rounds interleaved with the JavaScript contenders it is divided by.
 */
import { GuestMemory } from '../model/memory/guest-memory';
import { createQueue, planMemory, type QueueConfig } from '../model/virtio/queue';
import { type BenchFigure, interleave, paired, type Sampler, spread } from './stats';

export type Bridge = typeof import('../../native-bridge/src/index.ts');

/** The addon, or why it cannot be loaded. */
export async function loadBridge(): Promise<{ bridge: Bridge } | { reason: string }> {
  try {
    const b = await import('../../native-bridge/src/index.ts');
    b.cBench.ringLoop(8, 1, 10, 1); // loads the addon or throws with the reason
    return { bridge: b };
  } catch (e) {
    return { reason: (e as Error).message };
  }
}

/** The C ring loop as a sampler: ns per request over `requests` requests. */
export function cRingLoopSampler(b: Bridge, qs: number, batch: number, requests: number): Sampler {
  const once = () => b.cBench.ringLoop(qs, batch, requests, 1).samples[0];
  once(); // page in the ring memory and the code
  return { sample: once };
}

interface NativeDriverSampler extends Sampler {
  close(): void;
  kicksPerRequest(): number;
  interruptsPerRequest(): number;
  error(): string | null;
}

/** The model's driver on a memfd against the native echo device; each sample: ns per request. */
function jsDriverOnNative(b: Bridge, cfg: QueueConfig, batch: number, requests: number): NativeDriverSampler {
  const { layout, map } = planMemory(cfg);
  const region = b.SharedRegion.create('ringside-bench', map.total);
  const kick = b.EventFd.create({ nonblocking: true });
  // blocking: the driver sleeps in one read() until the interrupt, as a C driver thread would
  const call = b.EventFd.create({ nonblocking: false });
  const mem = new GuestMemory(region.buffer, [{ gpa: 0, size: map.total, offset: 0 }]);
  const vq = createQueue(cfg, mem);
  const device = b.NativeDevice.create({
    memFd: region.fd,
    memSize: map.total,
    queueSize: layout.queueSize,
    descAddr: layout.desc,
    availAddr: layout.avail,
    usedAddr: layout.used,
    kickFd: kick.fd,
    callFd: call.fd,
    eventIdx: cfg.features.eventIdx,
    kind: 'echo',
  });
  const out = [{ addr: vq.buffers.alloc(16)!, len: 16 }];
  const inb = [{ addr: vq.buffers.alloc(64)!, len: 64 }];
  let kicks = 0;
  const round = () => {
    for (let i = 0; i < batch; i++) vq.driver.addBuffers(out, inb, i);
    if (vq.driver.needsKick()) {
      kick.write(1);
      kicks++;
    }
    for (let got = 0; got < batch; ) {
      if (vq.driver.reclaim() >= 0) {
        got++;
        continue;
      }
      // nothing used yet: sleep until the device's interrupt (no busy polling). The device
      // only signals after publishing used.idx, so a drained signal means entries to reclaim.
      if (vq.driver.moreUsed()) continue;
      call.read();
    }
  };
  const rounds = Math.max(1, Math.floor(requests / batch));
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    device.close();
    kick.close();
    call.close();
    region.close();
  };
  try {
    for (let i = 0; i < Math.min(rounds, 200); i++) round(); // warm up
  } catch (e) {
    close();
    throw e;
  }
  const before = device.stats();
  const kicks0 = kicks;
  let measured = 0;
  return {
    sample() {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < rounds; i++) round();
      measured += rounds * batch;
      return Number(process.hrtime.bigint() - t0) / (rounds * batch);
    },
    close,
    kicksPerRequest: () => (kicks - kicks0) / Math.max(1, measured),
    interruptsPerRequest: () =>
      (device.stats().interruptsSignalled - before.interruptsSignalled) / Math.max(1, measured),
    error: () => {
      const e = device.error();
      return e ? String(e.message) : null;
    },
  };
}

/**
 * The notification figures, in interleaved rounds: unbatched JS driver ↔ native device against a C↔C eventfd
 * round trip, and batch-32 JS driver against the C driver, both on the native device. Ratios are per round.
 */
export function nativeNotifications(
  b: Bridge,
  qs: number,
  rounds: number,
): { figures: BenchFigure[]; ratios: BenchFigure[] } {
  const figures: BenchFigure[] = [];
  const ratios: BenchFigure[] = [];
  let cNotifications = 0;
  let cRuns = 0;
  // Each C sample starts a fresh device thread (driver_run in bench_driver.c). Its clock starts after that, but a thread
  // just created may not be running at full speed yet, so the sample is long enough to make that negligible.
  const cDriver: Sampler = {
    sample() {
      const r = b.cBench.driverBatched({ queueSize: qs, batch: 32, requests: 200_000, repeats: 1 });
      cNotifications += r.notificationsPerRequest;
      cRuns++;
      return 1e9 / r.samples[0]; // its samples are requests per second
    },
  };
  const pingPong: Sampler = { sample: () => b.cBench.eventfdPingPong(5_000, 1).samples[0] };
  pingPong.sample(); // start-up: thread creation, first faults
  cDriver.sample();
  cNotifications = 0;
  cRuns = 0;
  const un = jsDriverOnNative(b, { queueSize: qs, features: { eventIdx: false, indirect: false } }, 1, 5_000);
  let bt: NativeDriverSampler | null = null;
  try {
    bt = jsDriverOnNative(b, { queueSize: qs, features: { eventIdx: true, indirect: false } }, 32, 100_000);
    const s = interleave({ pingPong, un, cDriver, bt }, rounds);
    figures.push({ name: 'C↔C eventfd round trip (two threads)', unit: 'ns', value: spread(s.pingPong) });
    figures.push({
      name: 'JS driver ↔ native device, unbatched',
      unit: 'ns/request',
      value: spread(s.un),
      note: `${un.kicksPerRequest().toFixed(2)} kicks + ${un.interruptsPerRequest().toFixed(2)} interrupts per request`,
    });
    const perSecond = (ns: number[]) => spread(ns.map((x) => 1e9 / x));
    figures.push({ name: 'JS driver ↔ native device, unbatched', unit: 'requests/s', value: perSecond(s.un) });
    figures.push({
      name: 'C driver ↔ native device, batch 32, EVENT_IDX',
      unit: 'requests/s',
      value: perSecond(s.cDriver),
      note: `${(cNotifications / Math.max(1, cRuns)).toFixed(3)} notifications per request`,
    });
    figures.push({
      name: 'JS driver ↔ native device, batch 32, EVENT_IDX',
      unit: 'requests/s',
      value: perSecond(s.bt),
      note: `${(bt.kicksPerRequest() + bt.interruptsPerRequest()).toFixed(3)} notifications per request`,
    });
    ratios.push({
      name: 'ratio JS↔native unbatched / C↔C eventfd',
      unit: '×',
      value: paired(s.un, s.pingPong),
      note: 'target ≤ 1.5',
    });
    // throughput ratio JS / C = (1/js ns) / (1/c ns) = c ns / js ns, per round
    ratios.push({
      name: 'ratio JS / C driver throughput, batch 32',
      unit: '×',
      value: paired(s.cDriver, s.bt),
      note: 'target ≥ 0.8 (issue 16)',
    });
    const error = un.error() ?? bt.error();
    if (error) figures.push({ name: 'native device error during benchmark', unit: '', value: 0, note: error });
  } finally {
    un.close();
    bt?.close();
  }
  return { figures, ratios };
}
