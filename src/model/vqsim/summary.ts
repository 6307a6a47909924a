/** Figures of a run, computed from its event log (so the same code summarises a loaded trace). */
import type { SimEvent } from './events';

export interface RunSummary {
  steps: number;
  virtualTimeNs: number;
  requests: { added: number; completed: number; waits: number };
  kicks: { sent: number; suppressed: number; deviceWakeups: number };
  interrupts: { sent: number; suppressed: number; driverWakeups: number };
  perRequest: { kicks: number; interrupts: number };
  latencyNs: { median: number | null; p99: number | null; max: number | null };
  inFlight: { max: number; mean: number };
  flushBatch: { mean: number; max: number };
  error: { kind: string; message: string; step: number } | null;
}

export function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export function summarize(log: readonly SimEvent[]): RunSummary {
  const count = (k: string) => log.filter((e) => e.kind === k).length;
  const latencies = log
    .filter((e) => e.kind === 'reclaim' && typeof e.data.latency === 'number')
    .map((e) => e.data.latency as number)
    .sort((a, b) => a - b);
  const flushes = log.filter((e) => e.kind === 'flush').map((e) => Number(e.data.count ?? 0));
  const completed = count('reclaim');
  const kicks = count('kick');
  const interrupts = log.filter((e) => e.kind === 'flush' && e.data.interrupt === true).length;
  let inflightArea = 0;
  let maxIn = 0;
  for (let i = 0; i < log.length; i++) {
    maxIn = Math.max(maxIn, log[i].inFlight);
    const dt = i + 1 < log.length ? log[i + 1].time - log[i].time : 0;
    inflightArea += log[i].inFlight * dt;
  }
  const span = log.length > 0 ? log[log.length - 1].time - log[0].time : 0;
  const err = log.find((e) => e.kind === 'error');
  return {
    steps: log.length,
    virtualTimeNs: log.length > 0 ? log[log.length - 1].time : 0,
    requests: { added: count('add'), completed, waits: count('add-wait') },
    kicks: { sent: kicks, suppressed: count('kick-suppressed'), deviceWakeups: count('device-wake') },
    interrupts: {
      sent: interrupts,
      suppressed: log.filter((e) => e.kind === 'flush' && e.data.interrupt === false).length,
      driverWakeups: count('driver-wake'),
    },
    perRequest: { kicks: completed ? kicks / completed : 0, interrupts: completed ? interrupts / completed : 0 },
    latencyNs: {
      median: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: latencies.length ? latencies[latencies.length - 1] : null,
    },
    inFlight: { max: maxIn, mean: span > 0 ? inflightArea / span : 0 },
    flushBatch: {
      mean: flushes.length ? flushes.reduce((a, b) => a + b, 0) / flushes.length : 0,
      max: flushes.length ? Math.max(...flushes) : 0,
    },
    error: err?.error ? { kind: err.error.kind, message: err.error.message, step: err.step } : null,
  };
}

export function formatSummary(s: RunSummary): string {
  const us = (ns: number | null) => (ns === null ? '—' : `${(ns / 1000).toFixed(2)} µs`);
  const lines = [
    `steps            ${s.steps} (virtual time ${us(s.virtualTimeNs)})`,
    `requests         ${s.requests.completed} completed of ${s.requests.added} added; waited for descriptors ${s.requests.waits}×`,
    `kicks            ${s.kicks.sent} sent, ${s.kicks.suppressed} suppressed, ${s.kicks.deviceWakeups} device wake-ups`,
    `interrupts       ${s.interrupts.sent} sent, ${s.interrupts.suppressed} suppressed, ${s.interrupts.driverWakeups} driver wake-ups`,
    `per request      ${s.perRequest.kicks.toFixed(2)} kicks, ${s.perRequest.interrupts.toFixed(2)} interrupts`,
    `latency          median ${us(s.latencyNs.median)}, p99 ${us(s.latencyNs.p99)}, max ${us(s.latencyNs.max)}`,
    `in flight        max ${s.inFlight.max}, mean ${s.inFlight.mean.toFixed(2)}`,
    `flush batches    mean ${s.flushBatch.mean.toFixed(2)}, max ${s.flushBatch.max}`,
  ];
  if (s.error) lines.push(`error            at step ${s.error.step}: ${s.error.kind}: ${s.error.message}`);
  return lines.join('\n');
}
