/**
 * A real device session whose events are handed out as they happen, for streaming to the
 * page: the model's driver runs virtio-blk requests against qemu-storage-daemon (or the
 * native echo device) and every driver-view event goes to `onLine` as a trace line, the
 * header first, with the device's used-ring writes the driver has seen by then. Ends with
 * the session's result; the daemon and all fds are released.
 */
import { runBatches, type BatchRunResult } from '@ringside/model/compare/batch-runner.ts';
import { BlkWorkload } from '@ringside/model/devices/blk-workload.ts';
import { eventLine, headerLine } from '@ringside/model/trace/format.ts';
import type { SimEvent } from '@ringside/model/vqsim/events.ts';
import type { RingFeatures } from '@ringside/model/virtio/constants.ts';
import type { QueueConfig } from '@ringside/model/virtio/queue.ts';
import { createNativeQueue } from '../native-port.ts';
import { BLK_DRIVER_FEATURES } from './blk.ts';
import { traceHeader } from './compare-devices.ts';
import { startStorageDaemon, tempDir } from './daemons.ts';
import { createVhostUserQueue } from './queue.ts';

export interface LiveSessionOptions {
  device: 'blk' | 'native';
  requests: number;
  batch: number;
  queueSize: number;
  features: RingFeatures;
  seed: number;
  /** Pause between batches so a person can watch (ms). */
  paceMs: number;
  /**
   * Awaited after each batch's pause (its number, from 0): a session that must not go on until
   * someone says so (the live e2e holds it, so "still arriving" is an event it controls, not a
   * race against the clock).
   */
  hold?: (batch: number) => Promise<void>;
  onLine: (line: string) => void;
  signal?: AbortSignal;
}

export async function runLiveSession(o: LiveSessionOptions): Promise<BatchRunResult> {
  const cfg: QueueConfig = { queueSize: o.queueSize, features: o.features };
  const diskBytes = 1 << 20;
  const workload = new BlkWorkload({ seed: o.seed, sectors: diskBytes / 512 });
  const batch = Math.min(o.batch, workload.regions);
  // Pace the run: a pause at each quiescent point so a person can watch; stop when asked.
  const afterBatch = async (n: number) => {
    if (o.paceMs > 0) await new Promise((r) => setTimeout(r, o.paceMs));
    if (o.hold && !o.signal?.aborted) await o.hold(n);
    return !o.signal?.aborted;
  };
  const onEvent = (e: SimEvent) => o.onLine(eventLine(e));
  if (o.device === 'native') {
    const nq = createNativeQueue(cfg, 'echo', 'ringside-live');
    try {
      o.onLine(headerLine(traceHeader('native-device', 'native echo device', 'steady', o.seed, cfg, nq.vq)));
      return await runBatches(nq.vq, nq.port, {
        scenario: 'steady',
        seed: o.seed,
        requests: o.requests,
        batch,
        onEvent,
        afterBatch,
      });
    } finally {
      nq.close();
    }
  }
  const dir = tempDir('ringside-live-');
  const sd = await startStorageDaemon({ dir: dir.path, nullSize: diskBytes });
  try {
    const q = await createVhostUserQueue({
      socketPath: sd.nullSocket,
      config: cfg,
      name: 'vhost-user-blk',
      deviceFeatures: BLK_DRIVER_FEATURES,
      backendLog: () => sd.daemon.lastLine(),
    });
    try {
      o.onLine(
        headerLine(traceHeader('vhost-user', 'vhost-user-blk (qemu-storage-daemon)', 'blk-live', o.seed, cfg, q.vq)),
      );
      return await runBatches(q.vq, q.port, {
        source: workload.source,
        requests: o.requests,
        batch,
        seed: o.seed,
        onEvent,
        afterBatch,
      });
    } finally {
      q.close();
    }
  } finally {
    await sd.daemon.stop();
    dir.remove();
  }
}
