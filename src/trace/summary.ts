/**
 * Per device / per queue figures from a Timeline, as plain data, and a plain-text rendering
 * for the CLI. Works on any Timeline, so simulator runs and QEMU imports compare directly.
 */

import type { CounterSeries, RequestSpan, TimeUnit, Timeline } from './model';
import { IN_FLIGHT, inFlightFromSpans } from './model';
import type { Distribution } from './stats';
import { distribution, timeWeightedMean } from './stats';

export interface QueueSummary {
  device: string;
  queue: string;
  requests: number;
  completed: number;
  dropped: number;
  /** Still in flight when the trace ended. */
  unfinished: number;
  kicks: number;
  interrupts: number;
  batches: number;
  inFlight: { max: number; mean: number };
  latency: {
    /** start → end of completed requests (QEMU: pop → flush). */
    service: Distribution | null;
    /** kick → start, where the kick is known (device pickup delay). */
    kickToStart: Distribution | null;
    /** kick → interrupt, where both are known (what the driver experiences, minus guest-side time). */
    kickToInterrupt: Distribution | null;
  };
  /** [size, number of batches of that size], ascending. */
  batchSizes: Array<[size: number, count: number]>;
  /** Per request: null when there were no requests. */
  perRequest: { kicks: number; interrupts: number; notifications: number } | null;
}

export interface DeviceSummary {
  device: string;
  requests: number;
  kicks: number;
  interrupts: number;
  batches: number;
  queues: QueueSummary[];
}

export interface TraceSummary {
  timeUnit: TimeUnit;
  source: string | undefined;
  /** First and last time seen, or null for an empty timeline. */
  window: { start: number; end: number } | null;
  devices: DeviceSummary[];
  limitations: string[];
}

interface QueueAcc {
  device: string;
  queue: string;
  spans: RequestSpan[];
  kicks: number;
  interrupts: number;
  batchSizes: Map<number, number>;
  batches: number;
  inFlight: CounterSeries | undefined;
  lastTime: number;
}

export function summarizeTimeline(tl: Timeline): TraceSummary {
  const accs = new Map<string, QueueAcc>();
  let tMin = Infinity;
  let tMax = -Infinity;
  const see = (t: number) => {
    if (t < tMin) tMin = t;
    if (t > tMax) tMax = t;
  };
  const acc = (device: string, queue: string): QueueAcc => {
    const key = `${device}\u0000${queue}`;
    let a = accs.get(key);
    if (!a) {
      a = {
        device,
        queue,
        spans: [],
        kicks: 0,
        interrupts: 0,
        batchSizes: new Map(),
        batches: 0,
        inFlight: undefined,
        lastTime: -Infinity,
      };
      accs.set(key, a);
    }
    return a;
  };
  for (const q of tl.queues ?? []) acc(q.device, q.queue);
  for (const s of tl.spans) {
    const a = acc(s.device, s.queue);
    a.spans.push(s);
    see(s.start);
    const last = s.end ?? s.start;
    see(last);
    if (last > a.lastTime) a.lastTime = last;
  }
  for (const m of tl.instants) {
    const a = acc(m.device, m.queue);
    see(m.time);
    if (m.time > a.lastTime) a.lastTime = m.time;
    if (m.kind === 'kick') a.kicks++;
    else if (m.kind === 'interrupt') a.interrupts++;
  }
  for (const b of tl.batches ?? []) {
    const a = acc(b.device, b.queue);
    see(b.time);
    a.batches++;
    a.batchSizes.set(b.size, (a.batchSizes.get(b.size) ?? 0) + 1);
  }
  for (const c of tl.counters ?? []) if (c.name === IN_FLIGHT) acc(c.device, c.queue).inFlight = c;

  const devices = new Map<string, DeviceSummary>();
  for (const a of accs.values()) {
    const q = summarizeQueue(a);
    let d = devices.get(a.device);
    if (!d) {
      d = { device: a.device, requests: 0, kicks: 0, interrupts: 0, batches: 0, queues: [] };
      devices.set(a.device, d);
    }
    d.queues.push(q);
    d.requests += q.requests;
    d.kicks += q.kicks;
    d.interrupts += q.interrupts;
    d.batches += q.batches;
  }
  return {
    timeUnit: tl.timeUnit,
    source: tl.source,
    window: tMin <= tMax ? { start: tMin, end: tMax } : null,
    devices: [...devices.values()],
    limitations: tl.limitations ?? [],
  };
}

function summarizeQueue(a: QueueAcc): QueueSummary {
  let completed = 0;
  let dropped = 0;
  let unfinished = 0;
  const service: number[] = [];
  const kickToStart: number[] = [];
  const kickToIrq: number[] = [];
  for (const s of a.spans) {
    if (s.kick !== undefined) kickToStart.push(s.start - s.kick);
    if (s.end === undefined) unfinished++;
    else if (s.outcome === 'dropped') dropped++;
    else {
      completed++;
      service.push(s.end - s.start);
      if (s.kick !== undefined && s.interrupt !== undefined) kickToIrq.push(s.interrupt - s.kick);
    }
  }
  const series = a.inFlight ?? inFlightFromSpans(a.spans);
  let max = 0;
  for (const v of series.value) if (v > max) max = v;
  const until = Math.max(a.lastTime, series.time.length ? series.time[series.time.length - 1] : -Infinity);
  const n = a.spans.length;
  return {
    device: a.device,
    queue: a.queue,
    requests: n,
    completed,
    dropped,
    unfinished,
    kicks: a.kicks,
    interrupts: a.interrupts,
    batches: a.batches,
    inFlight: { max, mean: timeWeightedMean(series.time, series.value, until) },
    latency: {
      service: distribution(service),
      kickToStart: distribution(kickToStart),
      kickToInterrupt: distribution(kickToIrq),
    },
    batchSizes: [...a.batchSizes].sort((x, y) => x[0] - y[0]),
    perRequest:
      n > 0 ? { kicks: a.kicks / n, interrupts: a.interrupts / n, notifications: (a.kicks + a.interrupts) / n } : null,
  };
}

const UNIT_LABEL: Record<TimeUnit, string> = { s: 's', ms: 'ms', us: 'µs', ns: 'ns', line: 'lines' };

function fmtNum(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toFixed(2);
}

function fmtDist(d: Distribution | null, unit: string): string {
  if (!d) return 'n/a';
  return `median ${fmtNum(d.median)} ${unit}, p99 ${fmtNum(d.p99)} ${unit}, min ${fmtNum(d.min)}, max ${fmtNum(d.max)} (n=${d.count})`;
}

/** Plain text for a terminal. */
export function formatSummary(s: TraceSummary): string {
  const unit = UNIT_LABEL[s.timeUnit];
  const out: string[] = [];
  const win = s.window ? `${fmtNum(s.window.start)} … ${fmtNum(s.window.end)} ${unit}` : 'empty';
  out.push(`Trace${s.source ? ` (${s.source})` : ''}: times in ${unit}, ${win}`);
  for (const d of s.devices) {
    out.push('');
    out.push(`${d.device}: ${d.requests} requests, ${d.kicks} kicks, ${d.interrupts} interrupts, ${d.batches} batches`);
    for (const q of d.queues) {
      const extra = [q.dropped ? `${q.dropped} dropped` : '', q.unfinished ? `${q.unfinished} unfinished` : '']
        .filter(Boolean)
        .join(', ');
      out.push(
        `  ${q.queue}: ${q.requests} requests (${q.completed} completed${extra ? `, ${extra}` : ''}), ${q.kicks} kicks, ${q.interrupts} interrupts, ${q.batches} batches`,
      );
      out.push(`    in flight:       max ${q.inFlight.max}, mean ${fmtNum(q.inFlight.mean)}`);
      out.push(`    start→end:       ${fmtDist(q.latency.service, unit)}`);
      out.push(`    kick→start:      ${fmtDist(q.latency.kickToStart, unit)}`);
      out.push(`    kick→interrupt:  ${fmtDist(q.latency.kickToInterrupt, unit)}`);
      out.push(
        `    batch sizes:     ${q.batchSizes.length ? q.batchSizes.map(([k, c]) => `${k}×${c}`).join(' ') : 'n/a'}`,
      );
      const p = q.perRequest;
      out.push(
        `    per request:     ${p ? `${fmtNum(p.kicks)} kicks, ${fmtNum(p.interrupts)} interrupts, ${fmtNum(p.notifications)} notifications` : 'n/a'}`,
      );
    }
  }
  if (s.limitations.length) {
    out.push('');
    out.push('What this trace cannot tell:');
    for (const l of s.limitations) out.push(`  - ${l}`);
  }
  return `${out.join('\n')}\n`;
}
