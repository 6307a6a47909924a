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
 */

import type { QemuEvent } from './events';
import { deviceKindOf, mentionedDevice } from './events';
import type { TraceLine } from './parse-line';
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

interface QueueState {
  vq: string;
  vdev: string | undefined;
  n: number | undefined;
  requests: number;
  completed: number;
  kicks: number;
  kicklessRequests: number;
  unsignalled: number;
  interrupts: number;
  flushes: number;
  batchSizes: Map<number, number>;
  inFlight: number;
  maxInFlight: number;
  series: { time: number[]; value: number[] };
  /** Last kick, eligible for new pops until this queue next flushes. */
  lastKick: QemuKick | undefined;
  kickOpen: boolean;
  /** Filled, awaiting flush, in fill order; null = a fill whose pop we never saw. */
  pendingFill: Array<QemuRequest | null>;
  /** Flushed, awaiting the interrupt that tells the driver. */
  awaitingInterrupt: QemuRequest[];
}

interface DeviceState {
  vdev: string;
  kind: string | undefined;
  queues: string[];
  status: Array<{ time: number; line: number; val: number }>;
  resets: number;
}

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

/** Counts repeated anomalies instead of storing one message per occurrence. */
export class WarningLog {
  private byKey = new Map<string, ImportWarning>();
  add(key: string, line: number, message: () => string): void {
    const w = this.byKey.get(key);
    if (w) w.count++;
    else this.byKey.set(key, { message: message(), count: 1, firstLine: line });
  }
  list(): ImportWarning[] {
    return [...this.byKey.values()];
  }
}

export class QemuReconstructor {
  private queues = new Map<string, QueueState>();
  private devices = new Map<string, DeviceState>();
  private inFlightByElem = new Map<string, QemuRequest>();
  private allocSize = new Map<string, number>();
  private requests: QemuRequest[] = [];
  private kicks: QemuKick[] = [];
  private interrupts: QemuInterrupt[] = [];
  private flushes: QemuFlush[] = [];
  private annotations: Annotation[] = [];
  readonly warnings = new WarningLog();

  private queue(vq: string): QueueState {
    let q = this.queues.get(vq);
    if (!q) {
      q = {
        vq,
        vdev: undefined,
        n: undefined,
        requests: 0,
        completed: 0,
        kicks: 0,
        kicklessRequests: 0,
        unsignalled: 0,
        interrupts: 0,
        flushes: 0,
        batchSizes: new Map(),
        inFlight: 0,
        maxInFlight: 0,
        series: { time: [], value: [] },
        lastKick: undefined,
        kickOpen: false,
        pendingFill: [],
        awaitingInterrupt: [],
      };
      this.queues.set(vq, q);
    }
    return q;
  }

  private device(vdev: string): DeviceState {
    let d = this.devices.get(vdev);
    if (!d) {
      d = { vdev, kind: undefined, queues: [], status: [], resets: 0 };
      this.devices.set(vdev, d);
    }
    return d;
  }

  private bindQueue(q: QueueState, vdev: string, n: number | undefined, line: number): void {
    if (q.vdev === undefined) {
      q.vdev = vdev;
      this.device(vdev).queues.push(q.vq);
    } else if (q.vdev !== vdev) {
      this.warnings.add(
        'vq-device-changed',
        line,
        () => `vq ${q.vq} appeared under two devices (${q.vdev}, ${vdev}); kept the first`,
      );
    }
    if (n !== undefined) {
      if (q.n === undefined) q.n = n;
      else if (q.n !== n)
        this.warnings.add(
          'vq-number-changed',
          line,
          () => `vq ${q.vq} was notified as queue ${q.n} and as ${n}; kept ${q.n}`,
        );
    }
  }

  private setInFlight(q: QueueState, delta: number, time: number): void {
    q.inFlight += delta;
    if (q.inFlight > q.maxInFlight) q.maxInFlight = q.inFlight;
    q.series.time.push(time);
    q.series.value.push(q.inFlight);
  }

  add(ev: QemuEvent, at: TraceLine, time: number): void {
    switch (ev.kind) {
      case 'kick': {
        const q = this.queue(ev.vq);
        this.bindQueue(q, ev.vdev, ev.n, at.line);
        const k: QemuKick = {
          id: this.kicks.length,
          time,
          line: at.line,
          thread: at.thread,
          vdev: ev.vdev,
          n: ev.n,
          vq: ev.vq,
          requests: 0,
        };
        this.kicks.push(k);
        q.kicks++;
        // Completions still waiting for an interrupt when the guest kicks again were
        // evidently not signalled (suppressed, or signalled by an event not traced):
        // don't let a much later interrupt claim them.
        q.unsignalled += q.awaitingInterrupt.length;
        q.awaitingInterrupt.length = 0;
        q.lastKick = k;
        q.kickOpen = true;
        return;
      }
      case 'alloc':
        this.allocSize.set(ev.elem, ev.size);
        return;
      case 'pop': {
        const q = this.queue(ev.vq);
        const prev = this.inFlightByElem.get(ev.elem);
        if (prev) {
          // Same element popped twice without a fill: QEMU detached or unpopped it
          // (no trace event for that) or the log lost lines. Close the old one.
          prev.end = 'repopped';
          prev.droppedTime = time;
          this.setInFlight(this.queue(prev.vq), -1, time);
          this.warnings.add(
            'repop',
            at.line,
            () => `element ${ev.elem} popped again before it was filled; the earlier request is marked "repopped"`,
          );
        }
        const r: QemuRequest = {
          id: this.requests.length,
          vq: ev.vq,
          elem: ev.elem,
          device: undefined,
          queue: undefined,
          thread: at.thread,
          popLine: at.line,
          popTime: time,
          inNum: ev.inNum,
          outNum: ev.outNum,
          end: 'in-flight',
        };
        const size = this.allocSize.get(ev.elem);
        if (size !== undefined) {
          r.allocSize = size;
          this.allocSize.delete(ev.elem);
        }
        // A pop belongs to the last kick unless the queue has completed work since: then it
        // was picked up by a device that was already running (notifications disabled /
        // polling) and has no kick of its own.
        if (q.kickOpen && q.lastKick) {
          r.kickId = q.lastKick.id;
          r.kickTime = q.lastKick.time;
          q.lastKick.requests++;
        } else q.kicklessRequests++;
        this.requests.push(r);
        this.inFlightByElem.set(ev.elem, r);
        q.requests++;
        this.setInFlight(q, +1, time);
        return;
      }
      case 'fill': {
        const q = this.queue(ev.vq);
        const r = this.inFlightByElem.get(ev.elem);
        if (!r) {
          q.pendingFill.push(null);
          this.warnings.add(
            'orphan-fill',
            at.line,
            () => `fill of element ${ev.elem} that was never popped in this trace (trace started mid-flight?)`,
          );
          return;
        }
        if (r.vq !== ev.vq)
          this.warnings.add(
            'fill-other-vq',
            at.line,
            () => `element ${ev.elem} popped from vq ${r.vq} but filled on vq ${ev.vq}`,
          );
        this.inFlightByElem.delete(ev.elem);
        r.fillTime = time;
        r.usedLen = ev.len;
        r.fillIdx = ev.idx;
        r.end = 'filled';
        q.pendingFill.push(r);
        return;
      }
      case 'flush': {
        const q = this.queue(ev.vq);
        const f: QemuFlush = {
          id: this.flushes.length,
          time,
          line: at.line,
          thread: at.thread,
          vq: ev.vq,
          count: ev.count,
          matched: 0,
        };
        this.flushes.push(f);
        q.flushes++;
        q.batchSizes.set(ev.count, (q.batchSizes.get(ev.count) ?? 0) + 1);
        const pending = q.pendingFill;
        if (pending.length !== ev.count)
          this.warnings.add(
            'flush-mismatch',
            at.line,
            () => `flush count ${ev.count} but ${pending.length} fills pending on vq ${ev.vq}`,
          );
        // QEMU publishes fills in fill order; take the oldest `count`.
        const take = Math.min(ev.count, pending.length);
        let published = 0;
        for (let i = 0; i < take; i++) {
          const r = pending[i];
          if (!r) continue;
          r.flushId = f.id;
          r.flushTime = time;
          r.batchSize = ev.count;
          r.end = 'completed';
          q.awaitingInterrupt.push(r);
          published++;
        }
        f.matched = take;
        if (take === pending.length) pending.length = 0;
        else q.pendingFill = pending.slice(take);
        q.completed += published;
        // Filled requests left in flight until their flush, when the driver can see them.
        if (published > 0) this.setInFlight(q, -published, time);
        q.kickOpen = false;
        return;
      }
      case 'interrupt': {
        const q = this.queue(ev.vq);
        this.bindQueue(q, ev.vdev, undefined, at.line);
        const list = q.awaitingInterrupt;
        const irq: QemuInterrupt = {
          id: this.interrupts.length,
          time,
          line: at.line,
          thread: at.thread,
          vdev: ev.vdev,
          vq: ev.vq,
          via: at.name,
          requests: list.length,
        };
        this.interrupts.push(irq);
        q.interrupts++;
        for (let i = 0; i < list.length; i++) {
          list[i].interruptId = irq.id;
          list[i].interruptTime = time;
        }
        list.length = 0;
        return;
      }
      case 'status': {
        const d = this.device(ev.vdev);
        d.status.push({ time, line: at.line, val: ev.val });
        if (ev.val === 0) this.reset(d, time);
        return;
      }
      case 'blk-request': {
        this.device(ev.vdev).kind ??= 'virtio-blk';
        const r = this.inFlightByElem.get(ev.req);
        if (!r) return this.annotate(at, time);
        r.blk ??= {};
        r.blk.op = ev.op;
        if (ev.sector !== undefined) r.blk.sector = ev.sector;
        if (ev.nsectors !== undefined) r.blk.nsectors = ev.nsectors;
        return;
      }
      case 'blk-complete': {
        const r = this.inFlightByElem.get(ev.req);
        if (!r) return this.annotate(at, time);
        (r.blk ??= {}).status = ev.status;
        return;
      }
      case 'blk-rw-complete': {
        const r = this.inFlightByElem.get(ev.req);
        if (!r) return this.annotate(at, time);
        (r.blk ??= {}).ret = ev.ret;
        return;
      }
      case 'other':
        return this.annotate(at, time);
    }
  }

  private annotate(at: TraceLine, time: number): void {
    const a: Annotation = { line: at.line, time, thread: at.thread, name: at.name, args: at.args };
    const dev = mentionedDevice(at.args);
    if (dev !== undefined) {
      a.device = dev;
      const kind = deviceKindOf(at.name);
      if (kind) this.device(dev).kind ??= kind;
    }
    this.annotations.push(a);
  }

  /** Device reset discards every request in its queues (the driver re-initialises rings). */
  private reset(d: DeviceState, time: number): void {
    d.resets++;
    const vqs = new Set(d.queues);
    if (vqs.size === 0) return;
    for (const [elem, r] of this.inFlightByElem) {
      if (!vqs.has(r.vq)) continue;
      r.end = 'reset';
      r.droppedTime = time;
      this.inFlightByElem.delete(elem); // deleting the current entry is safe in Map iteration
    }
    for (const vq of vqs) {
      const q = this.queue(vq);
      for (const r of q.pendingFill) {
        if (r) {
          r.end = 'reset';
          r.droppedTime = time;
        }
      }
      q.pendingFill = [];
      q.unsignalled += q.awaitingInterrupt.length;
      q.awaitingInterrupt = [];
      q.kickOpen = false;
      if (q.inFlight !== 0) this.setInFlight(q, -q.inFlight, time);
    }
  }

  finish(): Reconstruction {
    for (const r of this.requests) {
      const q = this.queues.get(r.vq);
      r.device = q?.vdev;
      r.queue = q?.n;
    }
    if (this.allocSize.size > 0)
      this.warnings.add(
        'orphan-alloc',
        0,
        () => `${this.allocSize.size} element allocation(s) never followed by a pop`,
      );
    const queues: QemuQueue[] = [];
    for (const q of this.queues.values()) {
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
    for (const k of this.kicks) if (k.requests === 0) byVq.get(k.vq)!.emptyKicks++;
    // Queues whose device is unknown still get listed, under an "unknown" device entry
    // only in summaries; here devices are the vdevs actually seen.
    const devices: QemuDevice[] = [...this.devices.values()].map((d) => ({ ...d }));
    return {
      devices,
      queues,
      requests: this.requests,
      kicks: this.kicks,
      interrupts: this.interrupts,
      flushes: this.flushes,
      annotations: this.annotations,
      warnings: this.warnings.list(),
    };
  }
}
