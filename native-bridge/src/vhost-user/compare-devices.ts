/**
 * Model vs reality for real devices, for `npm run compare -- --device blk|fs` (the CLI is the
 * lead's; these are the functions it calls).
 *
 * blk: one seeded mix of virtio-blk requests, run by the model's driver in batches against
 * qemu-storage-daemon (null-co or a file disk) and against the model blk device (same semantics,
 * in-memory disk). The real run goes first; the model device then completes each batch in the
 * order the real one did — the spec leaves completion order to the device, so that freedom is
 * reported (as "allowed") rather than allowed to cascade into different free lists and heads.
 * Everything else must agree: used heads and lengths per batch (513 for a 512-byte read), ring
 * indices, ring and buffer bytes at every quiescent point, and for a file disk the backing file's
 * bytes (read by Node) against the model's disk.
 *
 * fs: there is no model FUSE server, so the comparison is the path-walk one: WALK_CASES done for
 * real over virtiofsd, FUSE requests counted, shown as a measured column next to the gofer
 * model's designs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBatches, type BatchRunResult } from '@ringside/model/compare/batch-runner.ts';
import { compareRuns, type ComparisonReport, type Difference } from '@ringside/model/compare/compare.ts';
import { ModelDevicePort } from '@ringside/model/compare/model-port.ts';
import { BlkModel } from '@ringside/model/devices/blk.ts';
import { BlkWorkload } from '@ringside/model/devices/blk-workload.ts';
import { WALK_CASES, type WalkCase } from '@ringside/model/gofer/cases.ts';
import {
  DEFAULT_COLUMNS,
  comparisonTable,
  measuredColumn,
  type CaseCount,
  type ComparisonTable,
  type CountColumn,
} from '@ringside/model/gofer/compare.ts';
import { PRNG_VERSION } from '@ringside/model/sim/prng.ts';
import { TRACE_FORMAT, TRACE_VERSION, traceLines, type TraceHeader } from '@ringside/model/trace/format.ts';
import type { RingFeatures } from '@ringside/model/virtio/constants.ts';
import { createQueue, type QueueConfig, type Virtqueue } from '@ringside/model/virtio/queue.ts';
import { SIM_VERSION } from '@ringside/model/vqsim/engine.ts';
import type { SimEvent } from '@ringside/model/vqsim/events.ts';
import { BLK_DRIVER_FEATURES } from './blk.ts';
import { startStorageDaemon, startVirtiofsd, tempDir } from './daemons.ts';
import { openFs } from './fs.ts';
import { buildTree, measureCase } from './fs-walk.ts';
import { featureNames, getConfig } from './handshake.ts';
import { BLK_CONFIG_SIZE, readBlkConfig } from './protocol.ts';
import { createVhostUserQueue } from './queue.ts';
import { TraceRecorder } from './recorder.ts';

export function traceHeader(
  source: string,
  device: string,
  scenario: string,
  seed: number | null,
  cfg: QueueConfig,
  vq: Pick<Virtqueue, 'layout' | 'map'>,
  index = 0,
): TraceHeader {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    source,
    scenario,
    seed,
    queues: [{ device, index, size: cfg.queueSize, layout: vq.layout, memory: vq.map }],
    features: cfg.features,
    versions: { sim: SIM_VERSION, prng: PRNG_VERSION },
    interventions: [],
  };
}

export interface BlkCompareOptions {
  backend?: 'null' | 'file';
  queueSize?: number;
  features?: RingFeatures;
  requests?: number;
  batch?: number;
  seed?: number;
  /** Disk size in bytes (default 1 MiB). */
  diskBytes?: number;
  timeoutMs?: number;
}

export interface BatchOrder {
  batch: number;
  submitted: number[];
  completed: number[];
}

export interface BlkComparison {
  device: 'blk';
  backend: 'null' | 'file';
  options: Required<BlkCompareOptions>;
  model: BatchRunResult;
  real: BatchRunResult;
  report: ComparisonReport;
  /** Batches the real device completed in an order other than submission (allowed by the spec). */
  reordered: BatchOrder[];
  /** Per batch, the used lengths in completion order (real). */
  usedLengths: number[][];
  ring: {
    real: { availIdx: number; usedIdx: number; lastAvailAtStop: number | null };
    model: { availIdx: number; usedIdx: number };
  };
  /** File disk only: the backing file read by Node against the model's disk after the run. */
  disk: { checked: boolean; agrees: boolean | null; firstDifference: number | null };
  negotiated: { offered: string[]; acked: string[]; capacitySectors: number };
  traces: { model: string[]; real: string[] };
  backendLog: string;
}

/** Submission and completion order of each batch, from the driver's own events. */
export function batchOrders(r: BatchRunResult): BatchOrder[] {
  const out: BatchOrder[] = [];
  let start = 0;
  for (const q of r.quiescent) {
    const adds = r.events
      .slice(start, q.afterEvent + 1)
      .filter((e: SimEvent) => e.kind === 'add')
      .map((e) => e.data.head as number);
    out.push({ batch: q.batch, submitted: adds, completed: q.used.map((u) => u[0]) });
    start = q.afterEvent + 1;
  }
  return out;
}

export async function compareBlk(opts: BlkCompareOptions = {}): Promise<BlkComparison> {
  const o: Required<BlkCompareOptions> = {
    backend: 'null',
    queueSize: 64,
    features: { eventIdx: true, indirect: false },
    requests: 64,
    batch: 8,
    seed: 1,
    diskBytes: 1 << 20,
    timeoutMs: 2000,
    ...opts,
  };
  const cfg: QueueConfig = { queueSize: o.queueSize, features: o.features };
  const workload = new BlkWorkload({ seed: o.seed, sectors: o.diskBytes / 512 });
  if (o.batch > workload.regions)
    throw new RangeError(
      `batch ${o.batch} exceeds the ${workload.regions} disjoint 4 KiB regions of a ${o.diskBytes}-byte disk`,
    );
  const dir = tempDir('ringside-compare-');
  let initial: Uint8Array | undefined;
  const file = join(dir.path, 'disk.img');
  if (o.backend === 'file') {
    initial = new Uint8Array(o.diskBytes);
    for (let i = 0; i < initial.length; i++) initial[i] = (i * 13 + (i >> 9)) & 0xff;
    writeFileSync(file, initial);
  }
  const sd = await startStorageDaemon({
    dir: dir.path,
    nullSize: o.diskBytes,
    file: o.backend === 'file' ? file : undefined,
  });
  try {
    // 1. the real device
    let capacity = 0;
    const q = await createVhostUserQueue({
      socketPath: o.backend === 'file' ? sd.fileSocket! : sd.nullSocket,
      config: cfg,
      name: 'vhost-user-blk',
      deviceFeatures: BLK_DRIVER_FEATURES,
      backendLog: () => sd.daemon.lastLine(),
      onNegotiated: (ch, n) => {
        capacity = Number(readBlkConfig(getConfig(ch, n, BLK_CONFIG_SIZE)).capacity);
      },
    });
    let real: BatchRunResult;
    let stop: { lastAvail: number | null };
    let realIdx: { availIdx: number; usedIdx: number };
    try {
      real = await runBatches(q.vq, q.port, {
        source: workload.source,
        requests: o.requests,
        batch: o.batch,
        seed: o.seed,
        timeoutMs: o.timeoutMs,
      });
      realIdx = { availIdx: q.vq.driver.s.availIdxShadow, usedIdx: q.vq.driver.usedIdx() };
    } finally {
      stop = q.close();
    }
    // 2. the model device, completing in the real device's order
    const mq = createQueue(cfg);
    const blk = new BlkModel({ size: o.diskBytes, initial, nullDisk: o.backend === 'null' });
    const order = real.quiescent.flatMap((b) => b.used.map((u) => u[0]));
    const model = await runBatches(
      mq,
      new ModelDevicePort(mq, { name: 'model blk device', job: blk.job, completionOrder: order }),
      { source: workload.source, requests: o.requests, batch: o.batch, seed: o.seed, timeoutMs: o.timeoutMs },
    );

    const report = compareRuns(model, real, mq.layout, mq.map);
    const orders = batchOrders(real);
    const reordered = orders.filter((b) => JSON.stringify(b.submitted) !== JSON.stringify(b.completed));
    for (const b of reordered) {
      const d: Difference = {
        class: 'allowed',
        where: `batch ${b.batch} completion order`,
        model: `submission order ${b.submitted.join(',')}`,
        real: b.completed.join(','),
        note: 'the device completed chains out of order; the spec lets a device use buffers in any order (the model device was run in the same order)',
      };
      report.allowed.push(d);
    }
    let disk: BlkComparison['disk'] = { checked: false, agrees: null, firstDifference: null };
    if (o.backend === 'file') {
      const bytes = readFileSync(file);
      let first = -1;
      for (let i = 0; i < blk.disk.length; i++)
        if (bytes[i] !== blk.disk[i]) {
          first = i;
          break;
        }
      disk = {
        checked: true,
        agrees: first < 0 && bytes.length === blk.disk.length,
        firstDifference: first < 0 ? null : first,
      };
    }
    return {
      device: 'blk',
      backend: o.backend,
      options: o,
      model,
      real,
      report,
      reordered,
      usedLengths: real.quiescent.map((b) => b.used.map((u) => u[1])),
      ring: {
        real: { ...realIdx, lastAvailAtStop: stop.lastAvail },
        model: { availIdx: mq.driver.s.availIdxShadow, usedIdx: mq.driver.usedIdx() },
      },
      disk,
      negotiated: {
        offered: featureNames(q.negotiated.offered),
        acked: featureNames(q.negotiated.acked),
        capacitySectors: capacity,
      },
      traces: {
        model: [
          ...traceLines(traceHeader('model', 'model blk device', `blk-${o.backend}`, o.seed, cfg, mq), model.events),
        ],
        real: [
          ...traceLines(
            traceHeader('vhost-user', 'vhost-user-blk (qemu-storage-daemon)', `blk-${o.backend}`, o.seed, cfg, q.vq),
            real.events,
          ),
        ],
      },
      backendLog: sd.daemon.log(),
    };
  } finally {
    await sd.daemon.stop();
    dir.remove();
  }
}

export interface FsCompareOptions {
  cases?: readonly WalkCase[];
  features?: RingFeatures;
  queueSize?: number;
}

export interface FsComparison {
  device: 'fs';
  /** caseId → FUSE requests of the measured operation. */
  counts: Record<string, CaseCount>;
  column: CountColumn;
  /** The gofer designs' counts with the measured FUSE column last. */
  table: ComparisonTable;
  /** caseId → the driver-view trace of the whole session (set-up included). */
  traces: Record<string, string[]>;
  negotiated: { offered: string[]; acked: string[]; fuse: string };
}

/** Each case on a fresh virtiofsd (it serves one connection) over a fresh copy of the case's tree. */
export async function compareFs(opts: FsCompareOptions = {}): Promise<FsComparison> {
  const cases = opts.cases ?? WALK_CASES;
  const features = opts.features ?? { eventIdx: true, indirect: false };
  const counts: Record<string, CaseCount> = {};
  const traces: Record<string, string[]> = {};
  let negotiated: FsComparison['negotiated'] = { offered: [], acked: [], fuse: '' };
  for (const c of cases) {
    const dir = tempDir('ringside-fs-');
    const share = join(dir.path, 'share');
    buildTree(share, { '/': 'dir', ...c.tree });
    const v = await startVirtiofsd({ source: share, dir: dir.path });
    try {
      const fs = await openFs({
        socketPath: v.socket,
        features,
        queueSize: opts.queueSize ?? 64,
        backendLog: () => v.daemon.lastLine(),
        connectTimeoutMs: 2000,
        init: false,
      });
      const rec = new TraceRecorder(fs.queue.vq, () => fs.queue.port.now());
      fs.requests.recorder = rec;
      try {
        await fs.fuseInit();
        counts[c.id] = await measureCase(c, fs, share);
        const n = fs.queue.negotiated;
        negotiated = {
          offered: featureNames(n.offered),
          acked: featureNames(n.acked),
          fuse: `${fs.init!.major}.${fs.init!.minor}`,
        };
      } finally {
        rec.stop();
        fs.close();
      }
      const cfg: QueueConfig = { queueSize: fs.queue.vq.layout.queueSize, features };
      traces[c.id] = [
        ...traceLines(
          traceHeader('vhost-user', 'vhost-user-fs (virtiofsd)', `walk-${c.id}`, null, cfg, fs.queue.vq, 1),
          rec.events,
        ),
      ];
    } finally {
      await v.daemon.stop();
      dir.remove();
    }
  }
  const column = measuredColumn('virtiofsd/fuse', 'virtiofsd (FUSE, cache=none), measured', 'FUSE', counts);
  return {
    device: 'fs',
    counts,
    column,
    table: comparisonTable(cases, [...DEFAULT_COLUMNS, column]),
    traces,
    negotiated,
  };
}

export { blkAgrees, blkChecks, formatBlkComparison } from './compare-report.ts';
