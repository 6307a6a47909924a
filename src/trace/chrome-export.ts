/**
 * Timeline → Chrome trace-event JSON (opens in ui.perfetto.dev and chrome://tracing).
 *
 * Layout: one process per device; per queue, one thread for notifications (kicks,
 * interrupts and flush batches as instant events) and as many "request" threads as the
 * queue ever had requests in flight at once. Complete ("X") slices on one thread must nest,
 * and concurrent requests overlap without nesting, so each request is put on the lowest
 * free lane. In-flight is a counter ("C") per queue.
 */

import type { RequestSpan, Timeline } from './model';
import { IN_FLIGHT, inFlightFromSpans, microsPer } from './model';

export interface ChromeTraceEvent {
  name: string;
  ph: 'X' | 'i' | 'C' | 'M';
  ts?: number;
  dur?: number;
  pid: number;
  tid?: number;
  cat?: string;
  /** Instant scope: thread. */
  s?: 't';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ms' | 'ns';
  otherData: Record<string, string>;
}

interface QueueTracks {
  pid: number;
  queue: string;
  notifyTid: number;
  /** tid of request lane i. */
  laneTids: number[];
}

/** Binary min-heap on a key, for lane assignment. */
class MinHeap<T> {
  private a: T[] = [];
  constructor(private key: (x: T) => number) {}
  get size(): number {
    return this.a.length;
  }
  peek(): T | undefined {
    return this.a[0];
  }
  push(x: T): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.key(a[p]) <= this.key(a[i])) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.key(a[l]) < this.key(a[m])) m = l;
        if (r < a.length && this.key(a[r]) < this.key(a[m])) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Lane per span such that spans on one lane never overlap; lowest free lane first, so the
 * lane count equals the peak concurrency. O(n log n).
 */
export function assignLanes(spans: readonly RequestSpan[]): Int32Array {
  // Shorter first at equal starts, so a zero-length span does not take a lane of its own.
  const order = Array.from(spans.keys()).sort(
    (x, y) => spans[x].start - spans[y].start || (spans[x].end ?? Infinity) - (spans[y].end ?? Infinity) || 0, // ∞-∞ is NaN
  );
  const lanes = new Int32Array(spans.length);
  const busy = new MinHeap<{ end: number; lane: number }>((b) => b.end);
  const free = new MinHeap<number>((l) => l);
  let next = 0;
  for (const i of order) {
    const s = spans[i];
    while (busy.size > 0 && busy.peek()!.end <= s.start) free.push(busy.pop()!.lane);
    const lane = free.size > 0 ? free.pop()! : next++;
    lanes[i] = lane;
    busy.push({ end: s.end ?? Infinity, lane });
  }
  return lanes;
}

function* events(tl: Timeline): Generator<ChromeTraceEvent> {
  const k = microsPer(tl.timeUnit);
  const ts = (t: number) => t * k;
  const pids = new Map<string, number>();
  const tracks = new Map<string, QueueTracks>();
  const nextTid = new Map<number, number>();
  const meta: ChromeTraceEvent[] = [];

  const pidOf = (device: string): number => {
    let pid = pids.get(device);
    if (pid === undefined) {
      pid = pids.size + 1;
      pids.set(device, pid);
      nextTid.set(pid, 1);
      meta.push({ name: 'process_name', ph: 'M', pid, args: { name: device } });
      meta.push({ name: 'process_sort_index', ph: 'M', pid, args: { sort_index: pid } });
    }
    return pid;
  };
  const newTid = (pid: number, name: string): number => {
    const tid = nextTid.get(pid)!;
    nextTid.set(pid, tid + 1);
    meta.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name } });
    meta.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } });
    return tid;
  };
  const tracksOf = (device: string, queue: string): QueueTracks => {
    const key = `${device}\u0000${queue}`;
    let t = tracks.get(key);
    if (!t) {
      const pid = pidOf(device);
      t = { pid, queue, notifyTid: newTid(pid, `${queue} notifications`), laneTids: [] };
      tracks.set(key, t);
    }
    return t;
  };
  const laneTid = (t: QueueTracks, lane: number): number => {
    while (t.laneTids.length <= lane) t.laneTids.push(newTid(t.pid, `${t.queue} requests #${t.laneTids.length}`));
    return t.laneTids[lane];
  };

  for (const q of tl.queues ?? []) tracksOf(q.device, q.queue);

  // Trace end, to draw requests that never finished.
  let tEnd = -Infinity;
  for (const s of tl.spans) tEnd = Math.max(tEnd, s.end ?? s.start);
  for (const m of tl.instants) tEnd = Math.max(tEnd, m.time);

  // Group spans per queue for lane assignment.
  const byQueue = new Map<QueueTracks, RequestSpan[]>();
  for (const s of tl.spans) {
    const t = tracksOf(s.device, s.queue);
    let list = byQueue.get(t);
    if (!list) {
      list = [];
      byQueue.set(t, list);
    }
    list.push(s);
  }
  const body: ChromeTraceEvent[] = [];
  for (const [t, list] of byQueue) {
    const lanes = assignLanes(list);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      const end = s.end ?? tEnd;
      const args: Record<string, unknown> = { id: s.id, ...s.args };
      if (s.kick !== undefined) args.kick_ts = ts(s.kick);
      if (s.interrupt !== undefined) args.interrupt_ts = ts(s.interrupt);
      if (s.end === undefined) args.unfinished = true;
      else if (s.outcome === 'dropped') args.dropped = true;
      body.push({
        name: s.name ?? `req ${s.id}`,
        cat: 'request',
        ph: 'X',
        ts: ts(s.start),
        dur: Math.max(0, (end - s.start) * k), // scale the difference: exact for integer ns
        pid: t.pid,
        tid: laneTid(t, lanes[i]),
        args,
      });
    }
  }
  for (const m of tl.instants) {
    const t = tracksOf(m.device, m.queue);
    body.push({
      name: m.kind,
      cat: m.kind,
      ph: 'i',
      s: 't',
      ts: ts(m.time),
      pid: t.pid,
      tid: t.notifyTid,
      ...(m.args ? { args: m.args } : {}),
    });
  }
  for (const b of tl.batches ?? []) {
    const t = tracksOf(b.device, b.queue);
    body.push({
      name: `batch ×${b.size}`,
      cat: 'batch',
      ph: 'i',
      s: 't',
      ts: ts(b.time),
      pid: t.pid,
      tid: t.notifyTid,
      args: { size: b.size },
    });
  }
  const given = new Set<QueueTracks>();
  const counter = (t: QueueTracks, name: string, time: readonly number[], value: readonly number[]) => {
    for (let i = 0; i < time.length; i++) {
      body.push({
        name: `${t.queue} ${name}`,
        cat: 'counter',
        ph: 'C',
        ts: ts(time[i]),
        pid: t.pid,
        args: { [name]: value[i] },
      });
    }
  };
  for (const c of tl.counters ?? []) {
    const t = tracksOf(c.device, c.queue);
    if (c.name === IN_FLIGHT) given.add(t);
    counter(t, c.name, c.time, c.value);
  }
  for (const [t, list] of byQueue) {
    if (given.has(t)) continue;
    const s = inFlightFromSpans(list);
    counter(t, IN_FLIGHT, s.time, s.value);
  }
  // Metadata first: some viewers name tracks from the first event they see.
  yield* meta;
  yield* body;
}

function otherData(tl: Timeline): Record<string, string> {
  const o: Record<string, string> = { generator: 'ringside', timeUnit: tl.timeUnit };
  if (tl.source) o.source = tl.source;
  if (tl.timeUnit === 'line') o.note = 'The source had no timestamps: 1 µs in this view = 1 log line.';
  return o;
}

export function toChromeTrace(tl: Timeline): ChromeTrace {
  return {
    traceEvents: [...events(tl)],
    displayTimeUnit: tl.timeUnit === 'ns' ? 'ns' : 'ms',
    otherData: otherData(tl),
  };
}

/**
 * The same JSON as `JSON.stringify(toChromeTrace(tl))`, in pieces, so a million-request
 * trace can be written to a file or a Blob without one giant string.
 */
export function* chromeTraceJsonChunks(tl: Timeline, eventsPerChunk = 4096): Generator<string> {
  const head = { displayTimeUnit: tl.timeUnit === 'ns' ? 'ns' : 'ms', otherData: otherData(tl) };
  yield `${JSON.stringify(head).slice(0, -1)},"traceEvents":[\n`;
  let buf: string[] = [];
  let first = true;
  for (const e of events(tl)) {
    buf.push(JSON.stringify(e));
    if (buf.length >= eventsPerChunk) {
      yield (first ? '' : ',\n') + buf.join(',\n');
      first = false;
      buf = [];
    }
  }
  if (buf.length) yield (first ? '' : ',\n') + buf.join(',\n');
  yield '\n]}\n';
}
