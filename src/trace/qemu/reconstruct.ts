/**
 * Rebuilds request lives from decoded QEMU events, one event at a time (streaming: memory is
 * the output plus the in-flight set, never the input).
 *
 * Identity: a VirtQueueElement pointer names a request only from its pop to its fill —
 * QEMU frees the element after the push and malloc hands the same address to the next pop
 * (the sample log reuses one pointer for all 84 requests). So requests are keyed by elem
 * while in flight and by an import-assigned sequential id afterwards. Queues are keyed by
 * vq pointer; virtio_queue_notify / virtio_notify* tell which vdev (and which queue number)
 * a vq belongs to, possibly after the vq was first seen, so device/queue are resolved in
 * finish(). Nothing assumes one device, one queue or one thread.
 *
 * This module dispatches each event and assembles the result; the handlers are in
 * request-events.ts (the request life cycle) and device-events.ts (status, virtio-blk
 * details, annotations), and the state they share in reconstruct-state.ts.
 */

import { onBlkComplete, onBlkRequest, onBlkRwComplete, annotate, onStatus } from './device-events';
import type { QemuEvent } from './events';
import type { WarningLog } from './import-warnings';
import type { TraceLine } from './parse-line';
import { newReconstructing, type Reconstructing } from './reconstruct-state';
import { onAlloc, onFill, onFlush, onInterrupt, onKick, onPop } from './request-events';
import type {
  Annotation,
  ImportWarning,
  QemuDevice,
  QemuFlush,
  QemuInterrupt,
  QemuKick,
  QemuQueue,
  QemuRequest,
} from './types';

export interface Reconstruction {
  devices: QemuDevice[];
  queues: QemuQueue[];
  requests: QemuRequest[];
  kicks: QemuKick[];
  interrupts: QemuInterrupt[];
  flushes: QemuFlush[];
  annotations: Annotation[];
  warnings: ImportWarning[];
}

export class QemuReconstructor {
  private readonly st: Reconstructing = newReconstructing();
  readonly warnings: WarningLog = this.st.warnings;

  add(ev: QemuEvent, at: TraceLine, time: number): void {
    const st = this.st;
    switch (ev.kind) {
      case 'kick':
        onKick(st, ev, at, time);
        break;
      case 'alloc':
        onAlloc(st, ev);
        break;
      case 'pop':
        onPop(st, ev, at, time);
        break;
      case 'fill':
        onFill(st, ev, at, time);
        break;
      case 'flush':
        onFlush(st, ev, at, time);
        break;
      case 'interrupt':
        onInterrupt(st, ev, at, time);
        break;
      case 'status':
        onStatus(st, ev, at, time);
        break;
      case 'blk-request':
        onBlkRequest(st, ev, at, time);
        break;
      case 'blk-complete':
        onBlkComplete(st, ev, at, time);
        break;
      case 'blk-rw-complete':
        onBlkRwComplete(st, ev, at, time);
        break;
      case 'other':
        annotate(st, at, time);
        break;
    }
  }

  finish(): Reconstruction {
    const st = this.st;
    for (const r of st.requests) {
      const q = st.queues.get(r.vq);
      r.device = q?.vdev;
      r.queue = q?.n;
    }
    if (st.allocSize.size > 0)
      st.warnings.add('orphan-alloc', 0, () => `${st.allocSize.size} element allocation(s) never followed by a pop`);
    const queues: QemuQueue[] = [];
    for (const q of st.queues.values()) {
      queues.push({
        vq: q.vq,
        device: q.vdev,
        n: q.n,
        label: q.n !== undefined ? `q${q.n}` : `vq ${q.vq}`,
        requests: q.requests,
        completed: q.completed,
        kicks: q.kicks,
        emptyKicks: 0,
        kicklessRequests: q.kicklessRequests,
        unsignalled: q.unsignalled + q.awaitingInterrupt.length,
        interrupts: q.interrupts,
        flushes: q.flushes,
        batchSizes: [...q.batchSizes].sort((a, b) => a[0] - b[0]),
        maxInFlight: q.maxInFlight,
        inFlight: q.series,
      });
    }
    const byVq = new Map(queues.map((q) => [q.vq, q]));
    for (const k of st.kicks) if (k.requests === 0) byVq.get(k.vq)!.emptyKicks++;
    // Queues whose device is unknown still get listed, under an "unknown" device entry
    // only in summaries; here devices are the vdevs actually seen.
    const devices: QemuDevice[] = [...st.devices.values()].map((d) => ({ ...d }));
    return {
      devices,
      queues,
      requests: st.requests,
      kicks: st.kicks,
      interrupts: st.interrupts,
      flushes: st.flushes,
      annotations: st.annotations,
      warnings: st.warnings.list(),
    };
  }
}
