/**
 * npm run bench:devices — the model's driver doing 4 KiB reads, closed loop at queue depth 1, 8
 * and 32, with and without EVENT_IDX, against a real vhost-user-blk back-end (qemu-storage-daemon,
 * null-co with read-zeroes) and against the native C blk device thread, in the same process run.
 * Same driver code and request pump on both; only the device behind the port differs.
 *
 * Per configuration: IOPS, median and p99 latency (submit → reclaim, as the driver sees it),
 * and notifications per request (kicks written + interrupt signals drained, each per request).
 * Prints a table, then one "BENCH {json}" line per figure (stats.ts benchLine), like src/bench/run.ts.
 * BENCH_DEVICE_MS sets the measuring time per configuration (default 500 ms).
 */
import type { RequestQueue } from '../../native-bridge/src/vhost-user/requests.ts';
import { BlkType, blkHeader } from '../model/devices/blk';
import { benchContext } from './context';
import { benchHangup } from './hangup';
import { benchLine, spread, type Spread } from './stats';

export interface DeviceBenchRow {
  device: 'vhost-user-blk' | 'native-blk';
  depth: number;
  eventIdx: boolean;
  requests: number;
  iops: number;
  medianUs: number;
  p99Us: number;
  /** Submit → reclaim latency over every measured request, µs (null if none completed). */
  latencyUs: Spread | null;
  kicksPerRequest: number;
  interruptsPerRequest: number;
  notificationsPerRequest: number;
  error: string | null;
}

const READ_BYTES = 4096;
const DISK_SECTORS = 2048; // 1 MiB on both devices

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Keep `depth` reads in flight for `ms`; every completion submits the next. */
async function closedLoop(
  rq: RequestQueue,
  depth: number,
  ms: number,
  warmupMs: number,
): Promise<{ lat: number[]; done: number; kicks: number; signals: number; elapsedNs: number; error: string | null }> {
  let measuring = false;
  let stop = false;
  const lat: number[] = [];
  let done = 0;
  let k0 = 0;
  let s0 = 0;
  let error: string | null = null;
  let sector = 0;
  const worker = async () => {
    while (!stop) {
      sector = (sector + 8) % (DISK_SECTORS - 8);
      try {
        const c = await rq.request([blkHeader(BlkType.IN, sector)], [READ_BYTES, 1]);
        if (c.in[1][0] !== 0) throw new Error(`read status ${c.in[1][0]}`);
        if (measuring) {
          lat.push(c.latencyNs);
          done++;
        }
      } catch (e) {
        error ??= (e as Error).message;
        return;
      }
    }
  };
  const workers = Array.from({ length: depth }, worker);
  await new Promise((r) => setTimeout(r, warmupMs));
  measuring = true;
  k0 = rq.kicks.sent;
  s0 = rq.interrupts.signals;
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, ms));
  measuring = false;
  const elapsedNs = Number(process.hrtime.bigint() - t0);
  const kicks = rq.kicks.sent - k0;
  const signals = rq.interrupts.signals - s0;
  stop = true;
  await Promise.all(workers);
  return { lat: lat.sort((a, b) => a - b), done, kicks, signals, elapsedNs, error };
}

function row(
  device: DeviceBenchRow['device'],
  depth: number,
  eventIdx: boolean,
  r: Awaited<ReturnType<typeof closedLoop>>,
): DeviceBenchRow {
  const n = Math.max(1, r.done);
  return {
    device,
    depth,
    eventIdx,
    requests: r.done,
    iops: r.done / (r.elapsedNs / 1e9),
    medianUs: percentile(r.lat, 0.5) / 1000,
    p99Us: percentile(r.lat, 0.99) / 1000,
    latencyUs: r.lat.length ? spread(r.lat.map((ns) => ns / 1000)) : null,
    kicksPerRequest: r.kicks / n,
    interruptsPerRequest: r.signals / n,
    notificationsPerRequest: (r.kicks + r.signals) / n,
    error: r.error,
  };
}

export async function benchDevices(
  opts: { ms?: number; depths?: number[]; queueSize?: number } = {},
): Promise<{ rows: DeviceBenchRow[]; skipped: string | null }> {
  const ms = opts.ms ?? Number(process.env.BENCH_DEVICE_MS ?? 500);
  const depths = opts.depths ?? [1, 8, 32];
  const qs = opts.queueSize ?? 128;
  let vu: typeof import('../../native-bridge/src/vhost-user/blk.ts');
  let daemons: typeof import('../../native-bridge/src/vhost-user/daemons.ts');
  let native: typeof import('../../native-bridge/src/native-port.ts');
  let reqs: typeof import('../../native-bridge/src/vhost-user/requests.ts');
  try {
    vu = await import('../../native-bridge/src/vhost-user/blk.ts');
    daemons = await import('../../native-bridge/src/vhost-user/daemons.ts');
    native = await import('../../native-bridge/src/native-port.ts');
    reqs = await import('../../native-bridge/src/vhost-user/requests.ts');
    (await import('../../native-bridge/src/index.ts')).loadNativeBridge();
  } catch (e) {
    return { rows: [], skipped: `native bridge not available: ${(e as Error).message}` };
  }
  if (!daemons.daemonsAvailable().blk)
    return { rows: [], skipped: `${daemons.QEMU_STORAGE_DAEMON} is missing (Debian qemu-system-common)` };
  const rows: DeviceBenchRow[] = [];
  const dir = daemons.tempDir('ringside-bench-');
  const sd = await daemons.startStorageDaemon({ dir: dir.path, nullSize: DISK_SECTORS * 512 });
  try {
    for (const eventIdx of [false, true]) {
      const features = { eventIdx, indirect: false };
      for (const depth of depths) {
        const b = await vu.openBlk({
          socketPath: sd.nullSocket,
          features,
          queueSize: qs,
          bufferBytes: 4 << 20,
          requestTimeoutMs: 5000,
        });
        try {
          rows.push(
            row('vhost-user-blk', depth, eventIdx, await closedLoop(b.requests, depth, ms, Math.min(200, ms / 2))),
          );
        } finally {
          b.close();
        }
        const nq = native.createNativeQueue({ queueSize: qs, features, bufferBytes: 4 << 20 }, 'blk', 'ringside-bench');
        try {
          const rq = new reqs.RequestQueue(nq.vq, nq.port, 5000);
          rows.push(row('native-blk', depth, eventIdx, await closedLoop(rq, depth, ms, Math.min(200, ms / 2))));
        } finally {
          nq.close();
        }
      }
    }
  } finally {
    await sd.daemon.stop();
    dir.remove();
  }
  return { rows, skipped: null };
}

export function formatDeviceBench(rows: DeviceBenchRow[]): string {
  const out = ['device           QD  EVENT_IDX      IOPS   median µs   p99 µs   kicks/req  irqs/req  notif/req'];
  for (const r of rows) {
    out.push(
      `${r.device.padEnd(16)} ${String(r.depth).padStart(3)}  ${(r.eventIdx ? 'on' : 'off').padEnd(9)} ${r.iops.toFixed(0).padStart(9)} ${r.medianUs.toFixed(1).padStart(11)} ${r.p99Us.toFixed(1).padStart(8)} ${r.kicksPerRequest.toFixed(3).padStart(11)} ${r.interruptsPerRequest.toFixed(3).padStart(9)} ${r.notificationsPerRequest.toFixed(3).padStart(10)}${r.error ? `  error: ${r.error}` : ''}`,
    );
  }
  return out.join('\n');
}

export async function main(): Promise<void> {
  const { rows, skipped } = await benchDevices();
  const hang = await benchHangup();
  process.stdout.write(
    `Ringside device benchmark: 4 KiB reads, closed loop, null-co (qemu-storage-daemon) vs the native blk device\n\n`,
  );
  if (skipped) {
    process.stdout.write(`(skipped: ${skipped})\n`);
    return;
  }
  process.stdout.write(`${formatDeviceBench(rows)}\n\n`);
  const ctx = benchContext('devices');
  const line = (f: Parameters<typeof benchLine>[0]) => process.stdout.write(`${benchLine(f, ctx)}\n`);
  for (const r of rows) {
    const name = `${r.device} 4KiB read QD${r.depth} EVENT_IDX ${r.eventIdx ? 'on' : 'off'}`;
    const extra = { requests: r.requests, error: r.error };
    line({ name: `${name} iops`, unit: 'requests/s', value: r.iops, extra });
    if (r.latencyUs)
      line({ name: `${name} latency`, unit: 'µs', value: r.latencyUs, extra: { ...extra, p99: r.p99Us } });
    line({ name: `${name} notifications`, unit: 'per request', value: r.notificationsPerRequest, extra });
  }
  if ('skipped' in hang) process.stdout.write(`(SIGKILL figures skipped: ${hang.skipped})\n`);
  else {
    process.stdout.write(
      `\nqemu-storage-daemon SIGKILLed with 8 reads in flight, ${hang.rounds} rounds: first request failed after ` +
        `${hang.firstMs.median.toFixed(2)} ms (IQR ${hang.firstMs.p25.toFixed(2)}–${hang.firstMs.p75.toFixed(2)}), ` +
        `all after ${hang.allMs.median.toFixed(2)} ms` +
        `${hang.wrongErrors ? `; ${hang.wrongErrors} failed with something other than the hang-up` : ''}\n`,
    );
    for (const [what, f] of [
      ['first in-flight request failed', hang.firstMs],
      ['every in-flight request failed', hang.allMs],
    ] as const)
      line({
        name: `vhost-user-blk SIGKILL to ${what}`,
        unit: 'ms',
        value: f,
        extra: { rounds: hang.rounds, wrongErrors: hang.wrongErrors },
      });
  }
}
