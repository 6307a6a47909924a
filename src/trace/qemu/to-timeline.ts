/** QemuTrace → the source-neutral Timeline used by summaries and exporters. */

import type { BatchMark, CounterSeries, InstantMark, RequestSpan, Timeline } from '../model';
import { IN_FLIGHT } from '../model';
import type { QemuRequest, QemuTrace } from './types';

export const UNKNOWN_DEVICE = 'unknown device';

function requestName(r: QemuRequest): string {
  const b = r.blk;
  if (b?.op) {
    if (b.sector !== undefined && b.nsectors !== undefined) return `${b.op} ${b.nsectors}@${b.sector}`;
    return b.op;
  }
  return `req ${r.id}`;
}

function requestArgs(r: QemuRequest): Record<string, string | number | boolean> {
  const a: Record<string, string | number | boolean> = {
    elem: r.elem,
    in_num: r.inNum,
    out_num: r.outNum,
    end: r.end,
    pop_line: r.popLine,
  };
  if (r.thread !== undefined) a.thread = r.thread;
  if (r.usedLen !== undefined) a.used_len = r.usedLen;
  if (r.batchSize !== undefined) a.batch = r.batchSize;
  if (r.fillTime !== undefined) a.fill_time = r.fillTime;
  const b = r.blk;
  if (b) {
    if (b.op !== undefined) a.op = b.op;
    if (b.sector !== undefined) a.sector = b.sector;
    if (b.nsectors !== undefined) a.nsectors = b.nsectors;
    if (b.status !== undefined) a.status = b.status;
    if (b.ret !== undefined) a.ret = b.ret;
  }
  return a;
}

export function qemuToTimeline(trace: QemuTrace): Timeline {
  const deviceLabel = new Map<string, string>();
  for (const d of trace.devices) deviceLabel.set(d.vdev, `${d.kind ?? 'virtio'} ${d.vdev}`);
  const where = new Map<string, { device: string; queue: string }>();
  for (const q of trace.queues) {
    where.set(q.vq, { device: (q.device && deviceLabel.get(q.device)) ?? UNKNOWN_DEVICE, queue: q.label });
  }
  const loc = (vq: string) => where.get(vq) ?? { device: UNKNOWN_DEVICE, queue: `vq ${vq}` };

  const spans: RequestSpan[] = trace.requests.map((r) => {
    const { device, queue } = loc(r.vq);
    const s: RequestSpan = { device, queue, id: r.id, start: r.popTime, name: requestName(r), args: requestArgs(r) };
    if (r.end === 'completed') s.end = r.flushTime;
    else if (r.droppedTime !== undefined) {
      s.end = r.droppedTime;
      s.outcome = 'dropped';
    }
    if (r.kickTime !== undefined) s.kick = r.kickTime;
    if (r.interruptTime !== undefined) s.interrupt = r.interruptTime;
    return s;
  });

  const instants: InstantMark[] = [];
  for (const k of trace.kicks) {
    const { device, queue } = loc(k.vq);
    instants.push({ device, queue, kind: 'kick', time: k.time, args: { requests: k.requests, line: k.line } });
  }
  for (const i of trace.interrupts) {
    const { device, queue } = loc(i.vq);
    instants.push({
      device,
      queue,
      kind: 'interrupt',
      time: i.time,
      args: { via: i.via, requests: i.requests, line: i.line },
    });
  }
  instants.sort((a, b) => a.time - b.time);

  const batches: BatchMark[] = trace.flushes.map((f) => ({ ...loc(f.vq), time: f.time, size: f.count }));
  const counters: CounterSeries[] = trace.queues.map((q) => ({
    ...loc(q.vq),
    name: IN_FLIGHT,
    time: q.inFlight.time,
    value: q.inFlight.value,
  }));

  return {
    timeUnit: trace.timeUnit,
    source: trace.format,
    spans,
    instants,
    batches,
    counters,
    queues: trace.queues.map((q) => loc(q.vq)),
    limitations: trace.limitations,
  };
}
