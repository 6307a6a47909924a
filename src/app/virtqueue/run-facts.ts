/** Facts about a whole run for the virtqueue view: the plots' series, the timeline's marks, the first refusal. */
import type { SimEvent } from '../../model/vqsim/events';
import { realTerms, type RingErrorInfo } from '../../model/virtio/errors';

export interface Series {
  /** Per event k (state after step k): chains in flight, free descriptors. */
  inFlight: Float64Array;
  free: Float64Array;
  /** Cumulative kicks / interrupts / completions after step k. */
  kicks: Float64Array;
  interrupts: Float64Array;
  completed: Float64Array;
  suppressedKicks: Float64Array;
  suppressedInterrupts: Float64Array;
  time: Float64Array;
}

export function computeSeries(log: readonly SimEvent[]): Series {
  const n = log.length;
  const s: Series = {
    inFlight: new Float64Array(n),
    free: new Float64Array(n),
    kicks: new Float64Array(n),
    interrupts: new Float64Array(n),
    completed: new Float64Array(n),
    suppressedKicks: new Float64Array(n),
    suppressedInterrupts: new Float64Array(n),
    time: new Float64Array(n),
  };
  let k = 0,
    irq = 0,
    done = 0,
    sk = 0,
    si = 0;
  for (let i = 0; i < n; i++) {
    const e = log[i];
    if (e.kind === 'kick') k++;
    if (e.kind === 'kick-suppressed') sk++;
    if (e.kind === 'flush') {
      if (e.data.interrupt === true) irq++;
      else if (e.data.interrupt === false) si++;
    }
    if (e.kind === 'reclaim') done++;
    s.inFlight[i] = e.inFlight;
    s.free[i] = e.free;
    s.kicks[i] = k;
    s.interrupts[i] = irq;
    s.completed[i] = done;
    s.suppressedKicks[i] = sk;
    s.suppressedInterrupts[i] = si;
    s.time[i] = e.time;
  }
  return s;
}

/** Steps of notable events, for timeline markers. */
export function markers(log: readonly SimEvent[]): { step: number; kind: 'error' | 'intervention' | 'corrupt' }[] {
  const out: { step: number; kind: 'error' | 'intervention' | 'corrupt' }[] = [];
  for (const e of log)
    if (e.kind === 'error' || e.kind === 'intervention' || e.kind === 'corrupt')
      out.push({ step: e.step, kind: e.kind });
  return out;
}

/** The first fatal error of a run, with the words the real implementations print. */
export function firstError(
  log: readonly SimEvent[],
): { event: SimEvent; info: RingErrorInfo; terms: [string, string][] } | null {
  const e = log.find((x) => x.kind === 'error' && x.error);
  if (!e?.error) return null;
  const t = realTerms(e.error.kind);
  const names: Record<string, string> = {
    qemu: 'QEMU',
    libvhostUser: 'libvhost-user',
    rustVmm: 'rust-vmm',
    linux: 'Linux',
  };
  return { event: e, info: e.error, terms: Object.entries(t).map(([k, v]) => [names[k] ?? k, String(v)]) };
}

/** Descriptor a refusal points at (from its details), to mark it in the table. */
export function errorFocus(info: RingErrorInfo | undefined, qs: number): number | null {
  if (!info) return null;
  for (const key of ['index', 'head', 'id']) {
    const v = info.details[key];
    if (typeof v === 'number' && v >= 0 && v < qs) return v;
  }
  return null;
}
