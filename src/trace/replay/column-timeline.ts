/**
 * A Ringside trace's Timeline (the source-neutral request-life model the summary and the
 * Perfetto export use) built from the replay index's columns instead of parsed events, so
 * a million-event trace never holds a million event objects. Same rules as
 * src/trace/ringside/to-timeline.ts (a test checks both give the same summary); the two
 * facts the columns lack — a flush's batch size and whether it interrupted — come from
 * the flush lines (ring-facts.ts).
 */
import type { TraceHeader } from '../../model/trace/format';
import {
  IN_FLIGHT,
  type BatchMark,
  type CounterSeries,
  type InstantMark,
  type RequestSpan,
  type Timeline,
} from '../model';

export interface TimelineColumns {
  count: number;
  kindNames: readonly string[];
  kind: Uint8Array;
  time: Float64Array;
  head: Int32Array;
  request: Int32Array;
  inFlight: Uint32Array;
}

/** Per flush event (by event index): how many entries it published and whether it interrupted. */
export type FlushFacts = Map<number, { count: number; interrupt: boolean }>;

export function columnsTimeline(header: TraceHeader, c: TimelineColumns, flushes: FlushFacts): Timeline {
  const q = header.queues[0];
  const device = q ? `${q.device}${header.scenario ? ` (${header.scenario})` : ''}` : 'queue';
  const queue = q ? `q${q.index}` : 'q0';
  const code = (k: string) => c.kindNames.indexOf(k);
  const K = {
    kick: code('kick'),
    add: code('add'),
    recycle: code('recycle'),
    pop: code('pop'),
    flush: code('flush'),
    complete: code('complete'),
    wake: code('driver-wake'),
    reclaim: code('reclaim'),
    error: code('error'),
  };
  const open = new Map<number, RequestSpan>();
  const spans: RequestSpan[] = [];
  const instants: InstantMark[] = [];
  const batches: BatchMark[] = [];
  const counter: CounterSeries = {
    device,
    queue,
    name: IN_FLIGHT,
    time: new Array<number>(c.count),
    value: new Array<number>(c.count),
  };
  const awaitingIrq: RequestSpan[] = [];
  let deviceSide = false;
  for (let i = 0; i < c.count; i++)
    if (c.kind[i] === K.flush) {
      deviceSide = true;
      break;
    }
  for (let i = 0; i < c.count; i++) {
    const k = c.kind[i];
    const t = c.time[i];
    const head = c.head[i];
    if (k === K.kick) instants.push({ device, queue, kind: 'kick', time: t });
    else if (k === K.add || k === K.recycle) {
      const span: RequestSpan =
        k === K.add
          ? {
              device,
              queue,
              id: `${i}`,
              start: t,
              name: `#${c.request[i]} head ${head}`,
              args: { head, request: c.request[i], addStep: i },
            }
          : { device, queue, id: `${i}`, start: t, name: `recycled head ${head}`, args: { head, addStep: i } };
      open.set(head, span);
      spans.push(span);
    } else if (k === K.pop) {
      const s = open.get(head);
      if (s) s.args = { ...s.args, popAt: t };
    } else if (k === K.flush) {
      const f = flushes.get(i);
      if (f && f.count > 0) batches.push({ device, queue, time: t, size: f.count });
      if (f?.interrupt) {
        instants.push({ device, queue, kind: 'interrupt', time: t });
        for (const s of awaitingIrq.splice(0)) s.interrupt = t;
      }
    } else if (k === K.complete) {
      const s = open.get(head);
      if (s) awaitingIrq.push(s);
    } else if (k === K.wake) {
      if (!deviceSide) instants.push({ device, queue, kind: 'interrupt', time: t });
    } else if (k === K.reclaim) {
      const s = open.get(head);
      if (s) {
        s.end = t;
        s.outcome = 'completed';
        if (c.request[i] >= 0) s.args = { ...s.args, request: c.request[i] };
        open.delete(head);
      }
    } else if (k === K.error) instants.push({ device, queue, kind: 'error', time: t });
    counter.time[i] = t;
    counter.value[i] = c.inFlight[i];
  }
  return {
    timeUnit: 'ns',
    source: `ringside-${header.source}`,
    spans,
    instants,
    batches,
    counters: [counter],
    queues: [{ device, queue }],
    limitations:
      header.source === 'model' ? [] : [`Captured from ${header.source}: times are as the capturing side saw them.`],
  };
}
