/**
 * The worker's side of a replay: loads one trace (format detected), keeps the big index,
 * and answers "what is the state after step N" and "rows N…M". Plain async code over
 * byte iterables, so node tests drive it with in-memory traces.
 */
import { TraceError, TraceParseError, LineTooLongError } from '../../trace/errors';
import { importQemuTrace } from '../../trace/qemu/import';
import { qemuToTimeline } from '../../trace/qemu/to-timeline';
import { summarizeTimeline } from '../../trace/summary';
import type { Timeline } from '../../trace/model';
import { chromeTraceJsonChunks } from '../../trace/chrome-export';
import { ACTOR_CODES, KIND_CODES, RingsideTraceIndex } from '../../trace/replay/ringside-index';
import { columnsTimeline, flushFacts, type FlushFacts } from './column-timeline';
import { counted, peekFormat } from './detect';
import { timelineLanes } from './lanes';
import { readLinesAt, type LineRef } from './lines-at';
import { PrivateStateTracker } from './private-state';
import type { EventRow, LoadOptions, Progress, StepState, TraceInfo } from './protocol';
import { qemuSteps, type StepTable } from './steps';
import { UNIT_WORD } from './units';

/** Where the bytes come from: re-openable (the second pass and line fetches read it again). */
export interface ByteSource {
  name: string;
  totalBytes: number | null;
  open(): AsyncIterable<Uint8Array>;
  /** Bytes [start, end) (Blob.slice in the page). */
  slice(start: number, end: number): Promise<Uint8Array>;
}

/** Bytes of consecutive lines starting at line `from`. */
interface LinesRead {
  from: number;
  bytes: Uint8Array;
}

const MARKED = new Set(['error', 'corrupt', 'intervention']);

function plain(v: unknown): string {
  if (typeof v === 'string') return v;
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s;
}

export class ReplaySession {
  private constructor(
    readonly info: TraceInfo,
    private readonly src: ByteSource,
    private readonly index: RingsideTraceIndex | null,
    private readonly tracker: PrivateStateTracker | null,
    private readonly timeline: Timeline,
  ) {}

  static async load(src: ByteSource, options: LoadOptions, onProgress: (p: Progress) => void, signal?: AbortSignal): Promise<ReplaySession> {
    const t0 = performance.now();
    let bytes = 0;
    const report = (phase: Progress['phase'], events: number) => onProgress({ phase, bytes, totalBytes: src.totalBytes, events });
    const { format, chunks } = await peekFormat(counted(src.open(), (n) => (bytes = n)));
    if (format === 'qemu') {
      let lastReport = 0;
      const trace = await importQemuTrace(chunks, {
        onBadLine: options.skipBadLines ? 'skip' : 'stop',
        signal,
        onProgress: () => {
          if (bytes - lastReport > 1 << 20) {
            lastReport = bytes;
            report('reading', 0);
          }
        },
      });
      report('summarising', trace.events);
      const tl = qemuToTimeline(trace);
      const lanes = timelineLanes(tl);
      const laneIdx = new Map(lanes.map((l, i) => [`${l.device}\u0000${l.queue}`, i]));
      const steps = qemuSteps(tl, (d, q) => laneIdx.get(`${d}\u0000${q}`) ?? 0);
      const info: TraceInfo = {
        name: src.name,
        format,
        bytes,
        timeUnit: tl.timeUnit,
        header: null,
        summary: summarizeTimeline(tl),
        limitations: tl.limitations ?? [],
        badLines: { count: trace.badLines, samples: trace.badLineSamples.map((b) => `line ${b.line}: ${b.message}`) },
        lanes,
        steps,
        markers: [],
        ringside: null,
        loadMs: performance.now() - t0,
        retainedBytes: 0,
      };
      return new ReplaySession(info, src, null, null, tl);
    }

    const index = await RingsideTraceIndex.build(chunks, {
      totalBytes: src.totalBytes ?? undefined,
      signal,
      onBadLine: options.skipBadLines ? 'skip' : 'stop',
      onProgress: (p) => {
        bytes = p.bytesRead;
        report('reading', p.events);
      },
    });
    const n = index.count;
    // Second pass over the bytes, for what the columns lack: flush facts and the private
    // indices' starting values (the first pop's last_avail, the first reclaim's last_used).
    report('details', n);
    const flushIdx = index.indicesOf('flush');
    const firstPop = firstOf(index, 'pop');
    const firstReclaim = firstOf(index, 'reclaim');
    const wanted = [...flushIdx, firstPop, firstReclaim].filter((i) => i >= 0).sort((a, b) => a - b);
    const unique = wanted.filter((v, i) => i === 0 || wanted[i - 1] !== v);
    const refs: LineRef[] = unique.map((i) => ({ start: index.lineStart[i], length: index.lineLength[i] }));
    const flushes: FlushFacts = new Map();
    let lastAvail0: number | null = null;
    let lastUsed0 = 0;
    await readLinesAt(
      src.open(),
      refs,
      (k, text) => {
        const i = unique[k];
        if (index.kind[i] === KIND_CODES.indexOf('flush')) {
          const f = flushFacts(text);
          if (f) flushes.set(i, f);
        }
        if (i === firstPop) lastAvail0 = fromOf(text, 'lastAvail') ?? 0;
        if (i === firstReclaim) lastUsed0 = fromOf(text, 'lastUsed') ?? 0;
      },
      signal,
    );
    report('summarising', n);
    const q = index.header.queues[0];
    const qs = q?.size ?? 0;
    const tracker = q ? new PrivateStateTracker({ count: n, kindNames: KIND_CODES, kind: index.kind, head: index.head, request: index.request }, qs) : null;
    const cols = { count: n, kindNames: KIND_CODES, kind: index.kind, time: index.time, head: index.head, request: index.request, inFlight: index.inFlight };
    const tl = columnsTimeline(index.header, cols, flushes);
    const lanes = timelineLanes(tl);
    const markers: TraceInfo['markers'] = [];
    for (let i = 0; i < n && markers.length < 2000; i++) if (MARKED.has(KIND_CODES[index.kind[i]])) markers.push({ step: i, kind: KIND_CODES[index.kind[i]] });
    const steps: StepTable = {
      kindNames: KIND_CODES,
      time: index.time.slice(),
      kind: index.kind.slice(),
      lane: new Uint16Array(n),
      ref: new Uint32Array(0),
      actor: index.actor.slice(),
      actorNames: ACTOR_CODES,
      head: index.head.slice(),
      request: index.request.slice(),
    };
    const info: TraceInfo = {
      name: src.name,
      format,
      bytes,
      timeUnit: 'ns',
      header: index.header,
      summary: summarizeTimeline(tl),
      limitations: [
        ...(tl.limitations ?? []),
        ...(firstPop < 0 && n > 0 ? ['The device’s pops are not in this trace (a driver-side capture): last_avail is inferred from avail.idx and the chains still waiting, and chains the device holds show as waiting.'] : []),
      ],
      badLines: { count: index.badLines, samples: [] },
      lanes,
      steps,
      markers,
      ringside: q ? { layout: q.layout, eventIdx: !!index.header.features.eventIdx, bases: { lastAvail0, lastUsed0 } } : null,
      loadMs: performance.now() - t0,
      retainedBytes: index.retainedBytes() + (tracker?.retainedBytes() ?? 0),
    };
    return new ReplaySession(info, src, index, tracker, tl);
  }

  get count(): number {
    return this.info.steps.time.length;
  }

  async state(position: number, rowsFrom: number, rowsTo: number): Promise<StepState> {
    const p = Math.max(0, Math.min(this.count, Math.floor(position)));
    // One read covers the list and the current event (p − 1): file reads dominate a seek.
    const from = Math.max(0, Math.min(rowsFrom, p - 1));
    const to = Math.min(this.count, Math.max(rowsTo, p));
    const lines = this.index && to > from ? await this.src.slice(this.index.lineStart[from], this.index.lineStart[to - 1] + this.index.lineLength[to - 1]) : null;
    const rows = await this.rows(Math.max(0, rowsFrom), Math.min(this.count, rowsTo), lines ? { from, bytes: lines } : null);
    let event: StepState['event'] = null;
    if (p > 0) event = await this.detail(p - 1, rows, lines ? { from, bytes: lines } : null);
    let ring: StepState['ring'] = null;
    if (this.index && this.tracker) ring = { memory: this.index.memoryAt(p), priv: this.tracker.at(p) };
    return { position: p, event, rows, ring };
  }

  private async detail(i: number, rows: EventRow[], read: LinesRead | null): Promise<StepState['event']> {
    if (this.index) {
      const raw = new TextDecoder().decode(read ? this.lineIn(read, i) : await this.src.slice(this.index.lineStart[i], this.index.lineStart[i] + this.index.lineLength[i]));
      const fields: [string, string][] = [];
      try {
        const e = JSON.parse(raw) as Record<string, unknown>;
        for (const k of ['step', 'time', 'actor', 'kind', 'text', 'inFlight', 'free']) if (k in e) fields.push([k, plain(e[k])]);
        if (e.data && typeof e.data === 'object') for (const [k, v] of Object.entries(e.data)) fields.push([`data.${k}`, plain(v)]);
        if (e.error) fields.push(['error', plain(e.error)]);
        if (Array.isArray(e.writes)) fields.push(['writes', `${e.writes.length} (${e.writes.filter((w) => Array.isArray(w) && w.length === 2).length} exact ring writes)`]);
      } catch {
        fields.push(['line', 'not JSON (skipped when loading)']);
      }
      return { step: i, fields, raw };
    }
    const row = rows.find((r) => r.step === i) ?? (await this.rows(i, i + 1))[0];
    const fields: [string, string][] = [
      ['time', `${row.time} ${UNIT_WORD[this.info.timeUnit]}`],
      ['kind', row.kind],
      ['queue', row.actor],
    ];
    const k = this.info.steps.kindNames[this.info.steps.kind[i]];
    const ref = this.info.steps.ref[i];
    if (k === 'pop' || k === 'complete' || k === 'dropped') {
      const s = this.timeline.spans[ref];
      fields.push(['request', `${s.name ?? s.id}`]);
      fields.push(['popped at', `${s.start}`]);
      if (s.end !== undefined) fields.push([s.outcome === 'dropped' ? 'dropped at' : 'completed at', `${s.end}`]);
      if (s.kick !== undefined) fields.push(['kick', `${s.kick}`]);
      if (s.interrupt !== undefined) fields.push(['interrupt', `${s.interrupt}`]);
      for (const [a, v] of Object.entries(s.args ?? {})) fields.push([a, String(v)]);
    } else {
      const m = this.timeline.instants[ref];
      for (const [a, v] of Object.entries(m.args ?? {})) fields.push([a, String(v)]);
    }
    return { step: i, fields, raw: null };
  }

  /** Line i's bytes out of a read that covers it. */
  private lineIn(read: LinesRead, i: number): Uint8Array {
    const ix = this.index!;
    const a = ix.lineStart[i] - ix.lineStart[read.from];
    return read.bytes.subarray(a, a + ix.lineLength[i]);
  }

  /** Event-list rows [from, to): Ringside rows come from one read of their (contiguous) lines. */
  async rows(from: number, to: number, read: LinesRead | null = null): Promise<EventRow[]> {
    if (to <= from) return [];
    const steps = this.info.steps;
    if (this.index) {
      const ix = this.index;
      const r = read ?? { from, bytes: await this.src.slice(ix.lineStart[from], ix.lineStart[to - 1] + ix.lineLength[to - 1]) };
      const out: EventRow[] = [];
      const dec = new TextDecoder();
      for (let i = from; i < to; i++) {
        let words = '';
        try {
          const e = JSON.parse(dec.decode(this.lineIn(r, i))) as { text?: unknown };
          words = typeof e.text === 'string' ? e.text : '';
        } catch {
          words = '';
        }
        out.push({ step: i, time: ix.time[i], kind: ix.kindOf(i), actor: ACTOR_CODES[ix.actor[i]] ?? '?', text: words });
      }
      return out;
    }
    const out: EventRow[] = [];
    for (let i = from; i < to; i++) {
      const k = steps.kindNames[steps.kind[i]];
      const lane = this.info.lanes[steps.lane[i]];
      const ref = steps.ref[i];
      let text: string;
      if (k === 'pop' || k === 'complete' || k === 'dropped') {
        const s = this.timeline.spans[ref];
        text = `${k === 'pop' ? 'Device pops' : k === 'complete' ? 'Device completes' : 'Dropped:'} ${s.name ?? `request ${s.id}`}${k === 'pop' && typeof s.args?.pop_line === 'number' ? ` (log line ${s.args.pop_line})` : ''}`;
      } else {
        const m = this.timeline.instants[ref];
        text = `${k === 'kick' ? 'Guest kicks the queue' : k === 'interrupt' ? 'Device interrupts the guest' : m.kind}${typeof m.args?.line === 'number' ? ` (log line ${m.args.line})` : ''}`;
      }
      out.push({ step: i, time: steps.time[i], kind: k, actor: lane ? `${lane.device} ${lane.queue}` : '', text });
    }
    return out;
  }

  /** The trace as Chrome trace-event JSON (Perfetto, chrome://tracing). */
  exportChrome(): Blob {
    return new Blob([...chromeTraceJsonChunks(this.timeline)], { type: 'application/json' });
  }
}

function firstOf(index: RingsideTraceIndex, kind: string): number {
  const code = KIND_CODES.indexOf(kind as (typeof KIND_CODES)[number]);
  for (let i = 0; i < index.count; i++) if (index.kind[i] === code) return i;
  return -1;
}

function fromOf(line: string, key: string): number | null {
  try {
    const v = (JSON.parse(line) as { data?: Record<string, { from?: unknown }> }).data?.[key]?.from;
    return typeof v === 'number' ? v : null;
  } catch {
    return null;
  }
}

/** A load failure as the page shows it: the message, and the line when there is one. */
export function describeFailure(e: unknown): { message: string; line: number | null } {
  if (e instanceof TraceParseError) return { message: e.message, line: e.line };
  if (e instanceof LineTooLongError) return { message: e.message, line: e.line };
  if (e instanceof TraceError) return { message: e.message, line: null };
  if (e instanceof DOMException && e.name === 'AbortError') return { message: 'Loading was cancelled.', line: null };
  if (e instanceof RangeError) return { message: `The trace is too large for this tab's memory (${e.message}).`, line: null };
  return { message: e instanceof Error ? `${e.name}: ${e.message}` : String(e), line: null };
}
