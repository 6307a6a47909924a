/**
 * The steps a replay walks through. A Ringside trace's steps are its events. A QEMU log's
 * are the moments its Timeline knows — each request's pop and its completion (or drop),
 * each kick and each interrupt — in time order, so the same transport, keyboard and
 * scrubbing work on both.
 */
import type { Timeline } from '../model';

export const QEMU_STEP_KINDS = ['pop', 'complete', 'dropped', 'kick', 'interrupt', 'other'] as const;

export interface StepTable {
  kindNames: readonly string[];
  time: Float64Array;
  kind: Uint8Array;
  /** Which lane (queue) the step belongs to. */
  lane: Uint16Array;
  /** QEMU: the span or instant index it came from (its detail). */
  ref: Uint32Array;
  /** Ringside: the index's columns two traces are compared on (actor code, head, request). */
  actor?: Uint8Array;
  actorNames?: readonly string[];
  head?: Int32Array;
  request?: Int32Array;
}

export function stepBuffers(s: StepTable): ArrayBuffer[] {
  const out = [s.time, s.kind, s.lane, s.ref, s.actor, s.head, s.request]
    .filter((a) => a !== undefined)
    .map((a) => a.buffer as ArrayBuffer);
  return [...new Set(out)];
}

export function qemuSteps(tl: Timeline, laneOf: (device: string, queue: string) => number): StepTable {
  const n = tl.spans.length * 2 + tl.instants.length;
  const time = new Float64Array(n);
  const kind = new Uint8Array(n);
  const lane = new Uint16Array(n);
  const ref = new Uint32Array(n);
  let m = 0;
  const push = (t: number, k: number, l: number, r: number) => {
    time[m] = t;
    kind[m] = k;
    lane[m] = l;
    ref[m++] = r;
  };
  tl.spans.forEach((s, i) => {
    const l = laneOf(s.device, s.queue);
    push(s.start, 0, l, i);
    if (s.end !== undefined) push(s.end, s.outcome === 'dropped' ? 2 : 1, l, i);
  });
  tl.instants.forEach((x, i) => {
    push(x.time, x.kind === 'kick' ? 3 : x.kind === 'interrupt' ? 4 : 5, laneOf(x.device, x.queue), i);
  });
  // Stable by time: at equal times pops before completions before notifications, as built.
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => time[a] - time[b] || a - b);
  const pick = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array>(src: T, make: (n: number) => T): T => {
    const out = make(m);
    for (let i = 0; i < m; i++) out[i] = src[order[i]];
    return out;
  };
  return {
    kindNames: QEMU_STEP_KINDS,
    time: pick(time, (k) => new Float64Array(k)),
    kind: pick(kind, (k) => new Uint8Array(k)),
    lane: pick(lane, (k) => new Uint16Array(k)),
    ref: pick(ref, (k) => new Uint32Array(k)),
  };
}
