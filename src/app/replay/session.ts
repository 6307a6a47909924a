/**
 * The worker's side of a replay: loads one trace (format detected), keeps the big index,
 * and answers "what is the state after step N" and "rows N…M". A live stream is indexed as
 * it arrives and the session answers for the prefix received so far; a snapshot of it
 * goes to the page every few hundred milliseconds. Plain async code over byte iterables,
 * so node tests drive it with in-memory traces.
 */
import { TraceError, TraceParseError, LineTooLongError } from '../../trace/errors';
import { importQemuTrace } from '../../trace/qemu/import';
import { qemuToTimeline } from '../../trace/qemu/to-timeline';
import { summarizeTimeline } from '../../trace/summary';
import type { Timeline } from '../../trace/model';
import { chromeTraceJsonChunks } from '../../trace/chrome-export';
import { ACTOR_CODES, KIND_CODES, RingsideTraceIndex } from '../../trace/replay/ringside-index';
import { ring } from '../../model/virtio/layout';
import { columnsTimeline } from './column-timeline';
import { counted, peekFormat, refuseUnreadable } from './detect';
import { timelineLanes } from './lanes';
import { PrivateStateTracker } from './private-state';
import type { EventRow, LiveState, LoadOptions, Progress, StepState, TraceInfo } from './protocol';
import { PublishPacer, type PacerOptions } from './publish-pacer';
import { RingFacts } from './ring-facts';
import { qemuSteps, type StepTable } from './steps';
import { UNIT_WORD } from './units';

/** Where the bytes come from: read once to index, then sliced for the lines a seek shows. */
export interface ByteSource {
  name: string;
  totalBytes: number | null;
  /** Still being written (a live session): indexed as it arrives, each prefix navigable. */
  live?: boolean;
  open(): AsyncIterable<Uint8Array>;
  /** Bytes [start, end) (Blob.slice in the page); for a live source, of what has arrived. */
  slice(start: number, end: number): Promise<Uint8Array>;
}

/** How a live source is followed. */
export interface FollowOptions {
  /** A new prefix is ready: the session now describes it (info) and answers state() within it. */
  onPrefix(session: ReplaySession): void;
  /** Aborted: stop reading; the session ends with what has arrived ('stopped'). */
  stop?: AbortSignal;
  /** How often prefixes go out (tests publish on every chunk). */
  pacing?: PacerOptions;
}

/** Bytes of consecutive lines starting at line `from`. */
interface LinesRead {
  from: number;
  bytes: Uint8Array;
}

/** What the session tells the page and answers with, for the events indexed so far. */
interface Snapshot {
  info: TraceInfo;
  tracker: PrivateStateTracker | null;
  timeline: Timeline;
}

/** One load's reading state: when it started, bytes so far, progress reports. */
interface Reading {
  t0: number;
  bytes: number;
  report(phase: Progress['phase'], events: number): void;
}

const MARKED = new Set(['error', 'corrupt', 'intervention']);

function plain(v: unknown): string {
  if (typeof v === 'string') return v;
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s;
}

export class ReplaySession {
  private constructor(
    private snap: Snapshot,
    private readonly src: ByteSource,
    private readonly index: RingsideTraceIndex | null,
  ) {}

  /** What the page is told: for a live stream, about the prefix of the last snapshot. */
  get info(): TraceInfo {
    return this.snap.info;
  }

  /**
   * Loads a trace. With `follow` and a live source, a Ringside trace is indexed as it
   * arrives and `follow.onPrefix` hears of each snapshot; the promise resolves when the
   * stream ends (or is stopped). Everything else is read whole.
   */
  static async load(
    src: ByteSource,
    options: LoadOptions,
    onProgress: (p: Progress) => void,
    follow?: FollowOptions,
  ): Promise<ReplaySession> {
    const r: Reading = {
      t0: performance.now(),
      bytes: 0,
      report: (phase, events) => onProgress({ phase, bytes: r.bytes, totalBytes: src.totalBytes, events }),
    };
    const { format, head, ended, chunks } = await peekFormat(counted(src.open(), (n) => (r.bytes = n)));
    // A live stream may start empty and fill later; a file is whole when its first chunk is all of it.
    const whole = ended || (!src.live && src.totalBytes !== null && src.totalBytes <= head.length);
    refuseUnreadable(src.name, head, whole);
    if (format === 'qemu') return ReplaySession.loadQemu(src, chunks, options, r);
    if (src.live && follow) return ReplaySession.followRingside(src, chunks, options, r, follow);
    return ReplaySession.loadRingside(src, chunks, options, r);
  }

  private static async loadQemu(
    src: ByteSource,
    chunks: AsyncIterable<Uint8Array>,
    options: LoadOptions,
    r: Reading,
  ): Promise<ReplaySession> {
    let lastReport = 0;
    const trace = await importQemuTrace(chunks, {
      onBadLine: options.skipBadLines ? 'skip' : 'stop',
      onProgress: () => {
        if (r.bytes - lastReport > 1 << 20) {
          lastReport = r.bytes;
          r.report('reading', 0);
        }
      },
    });
    r.report('summarising', trace.events);
    const tl = qemuToTimeline(trace);
    const lanes = timelineLanes(tl);
    const laneIdx = new Map(lanes.map((l, i) => [`${l.device}\u0000${l.queue}`, i]));
    const steps = qemuSteps(tl, (d, q) => laneIdx.get(`${d}\u0000${q}`) ?? 0);
    const info: TraceInfo = {
      name: src.name,
      format: 'qemu',
      bytes: r.bytes,
      timeUnit: tl.timeUnit,
      header: null,
      summary: summarizeTimeline(tl),
      limitations: tl.limitations ?? [],
      badLines: { count: trace.badLines, samples: trace.badLineSamples.map((b) => `line ${b.line}: ${b.message}`) },
      lanes,
      steps,
      markers: [],
      ringside: null,
      loadMs: performance.now() - r.t0,
      retainedBytes: 0,
      live: null,
    };
    return new ReplaySession({ info, tracker: null, timeline: tl }, src, null);
  }

  /** A complete Ringside trace: one pass builds the index and notes what its columns lack. */
  private static async loadRingside(
    src: ByteSource,
    chunks: AsyncIterable<Uint8Array>,
    options: LoadOptions,
    r: Reading,
  ): Promise<ReplaySession> {
    const facts = new RingFacts();
    const index = await RingsideTraceIndex.build(chunks, {
      totalBytes: src.totalBytes ?? undefined,
      onBadLine: options.skipBadLines ? 'skip' : 'stop',
      onEvent: (i, e) => facts.note(i, e.kind, e.data),
      onProgress: (p) => r.report('reading', p.events),
    });
    r.report('summarising', index.count);
    const q = index.header.queues[0];
    const tracker = q ? new PrivateStateTracker(index, q.size) : null;
    return new ReplaySession(ringsideSnapshot(src.name, r, index, facts, tracker, null), src, index);
  }

  /**
   * A Ringside trace still being written: the same one-pass build, with a session from the
   * header on and a snapshot of the prefix going to `follow.onPrefix` at the pacer's rate.
   * States at a step never change as the trace grows (src/trace/replay/ringside-index.ts),
   * so the page can navigate each prefix.
   */
  private static async followRingside(
    src: ByteSource,
    chunks: AsyncIterable<Uint8Array>,
    options: LoadOptions,
    r: Reading,
    follow: FollowOptions,
  ): Promise<ReplaySession> {
    const facts = new RingFacts();
    let index: RingsideTraceIndex | null = null;
    let tracker: PrivateStateTracker | null = null;
    let session: ReplaySession | null = null;
    const snapshot = (ix: RingsideTraceIndex, live: LiveState): Snapshot => {
      tracker?.extend();
      return ringsideSnapshot(src.name, r, ix, facts, tracker, live);
    };
    const pacer = new PublishPacer(() => {
      if (!session || !index) return;
      session.snap = snapshot(index, 'receiving');
      follow.onPrefix(session);
    }, follow.pacing);
    let stopped = false;
    try {
      await RingsideTraceIndex.build(chunks, {
        onBadLine: options.skipBadLines ? 'skip' : 'stop',
        onIndex: (ix) => {
          index = ix;
          const q = ix.header.queues[0];
          tracker = q ? new PrivateStateTracker(ix, q.size) : null;
          session = new ReplaySession(snapshot(ix, 'receiving'), src, ix);
        },
        onEvent: (i, e) => facts.note(i, e.kind, e.data),
        afterBatch: () => {
          // Until the first prefix the page shows progress; from then on, the prefixes.
          if (session) pacer.poke();
          else r.report('reading', 0);
          if (follow.stop?.aborted) stopped = true;
          return stopped;
        },
      });
    } catch (err) {
      // Stopping aborts the fetch, which rejects the pending read: that is the end, not a failure.
      pacer.cancel();
      if (!follow.stop?.aborted) throw err;
      if (!session) throw new DOMException('Stopped before the trace header arrived.', 'AbortError');
      stopped = true;
    }
    pacer.cancel();
    // (build refuses a stream without a header line, so both are set here)
    const done = session as ReplaySession | null;
    if (!done || !index) throw new TraceParseError(1, 'a Ringside trace header line', 'an empty file');
    done.snap = snapshot(index, stopped ? 'stopped' : 'ended');
    return done;
  }

  get count(): number {
    return this.info.steps.time.length;
  }

  async state(position: number, rowsFrom: number, rowsTo: number): Promise<StepState> {
    const p = Math.max(0, Math.min(this.count, Math.floor(position)));
    // One read covers the list and the current event (p − 1): file reads dominate a seek.
    const from = Math.max(0, Math.min(rowsFrom, p - 1));
    const to = Math.min(this.count, Math.max(rowsTo, p));
    const lines =
      this.index && to > from
        ? await this.src.slice(this.index.lineStart[from], this.index.lineStart[to - 1] + this.index.lineLength[to - 1])
        : null;
    const rows = await this.rows(
      Math.max(0, rowsFrom),
      Math.min(this.count, rowsTo),
      lines ? { from, bytes: lines } : null,
    );
    let event: StepState['event'] = null;
    if (p > 0) event = await this.detail(p - 1, rows, lines ? { from, bytes: lines } : null);
    let ring: StepState['ring'] = null;
    if (this.index && this.snap.tracker) ring = { memory: this.index.memoryAt(p), priv: this.snap.tracker.at(p) };
    return { position: p, event, rows, ring };
  }

  private async detail(i: number, rows: EventRow[], read: LinesRead | null): Promise<StepState['event']> {
    if (this.index) {
      const raw = new TextDecoder().decode(
        read
          ? this.lineIn(read, i)
          : await this.src.slice(this.index.lineStart[i], this.index.lineStart[i] + this.index.lineLength[i]),
      );
      const fields: [string, string][] = [];
      try {
        const e = JSON.parse(raw) as Record<string, unknown>;
        for (const k of ['step', 'time', 'actor', 'kind', 'text', 'inFlight', 'free'])
          if (k in e) fields.push([k, plain(e[k])]);
        if (e.data && typeof e.data === 'object')
          for (const [k, v] of Object.entries(e.data)) fields.push([`data.${k}`, plain(v)]);
        if (e.error) fields.push(['error', plain(e.error)]);
        if (Array.isArray(e.writes))
          fields.push([
            'writes',
            `${e.writes.length} (${e.writes.filter((w) => Array.isArray(w) && w.length === 2).length} exact ring writes)`,
          ]);
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
      const s = this.snap.timeline.spans[ref];
      fields.push(['request', `${s.name ?? s.id}`]);
      fields.push(['popped at', `${s.start}`]);
      if (s.end !== undefined) fields.push([s.outcome === 'dropped' ? 'dropped at' : 'completed at', `${s.end}`]);
      if (s.kick !== undefined) fields.push(['kick', `${s.kick}`]);
      if (s.interrupt !== undefined) fields.push(['interrupt', `${s.interrupt}`]);
      for (const [a, v] of Object.entries(s.args ?? {})) fields.push([a, String(v)]);
    } else {
      const m = this.snap.timeline.instants[ref];
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
      const r = read ?? {
        from,
        bytes: await this.src.slice(ix.lineStart[from], ix.lineStart[to - 1] + ix.lineLength[to - 1]),
      };
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
        out.push({
          step: i,
          time: ix.time[i],
          kind: ix.kindOf(i),
          actor: ACTOR_CODES[ix.actor[i]] ?? '?',
          text: words,
        });
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
        const s = this.snap.timeline.spans[ref];
        text = `${k === 'pop' ? 'Device pops' : k === 'complete' ? 'Device completes' : 'Dropped:'} ${s.name ?? `request ${s.id}`}${k === 'pop' && typeof s.args?.pop_line === 'number' ? ` (log line ${s.args.pop_line})` : ''}`;
      } else {
        const m = this.snap.timeline.instants[ref];
        text = `${k === 'kick' ? 'Guest kicks the queue' : k === 'interrupt' ? 'Device interrupts the guest' : m.kind}${typeof m.args?.line === 'number' ? ` (log line ${m.args.line})` : ''}`;
      }
      out.push({ step: i, time: steps.time[i], kind: k, actor: lane ? `${lane.device} ${lane.queue}` : '', text });
    }
    return out;
  }

  /** The trace as Chrome trace-event JSON (Perfetto, chrome://tracing). */
  exportChrome(): Blob {
    return new Blob([...chromeTraceJsonChunks(this.snap.timeline)], { type: 'application/json' });
  }
}

/**
 * What the page is told about a Ringside trace's first `index.count` events, and the state
 * tracker that answers for them. Every part is a function of those events only, so a live
 * prefix gets exactly what the complete trace gives for the same steps.
 */
function ringsideSnapshot(
  name: string,
  r: Reading,
  index: RingsideTraceIndex,
  facts: RingFacts,
  tracker: PrivateStateTracker | null,
  live: LiveState | null,
): Snapshot {
  const n = index.count;
  const q = index.header.queues[0];
  const tl = columnsTimeline(index.header, index, facts.flushes);
  const kinds = index.kind;
  const markers: TraceInfo['markers'] = [];
  for (let i = 0; i < n && markers.length < 2000; i++)
    if (MARKED.has(KIND_CODES[kinds[i]])) markers.push({ step: i, kind: KIND_CODES[kinds[i]] });
  // The index's own columns: entries below n never change as it grows, and the worker
  // copies them once when it sends them to the page.
  const steps: StepTable = {
    kindNames: KIND_CODES,
    time: index.time,
    kind: kinds,
    lane: new Uint16Array(n),
    ref: new Uint32Array(0),
    actor: index.actor,
    actorNames: ACTOR_CODES,
    head: index.head,
    request: index.request,
  };
  const info: TraceInfo = {
    name,
    format: 'ringside',
    bytes: r.bytes,
    timeUnit: 'ns',
    header: index.header,
    summary: summarizeTimeline(tl),
    limitations: [
      ...(tl.limitations ?? []),
      ...(facts.firstPop < 0 && n > 0
        ? [
            'The device’s pops are not in this trace (a driver-side capture): last_avail is inferred from avail.idx and the chains still waiting, and chains the device holds show as waiting.',
          ]
        : []),
    ],
    badLines: { count: index.badLines, samples: [] },
    lanes: timelineLanes(tl),
    steps,
    markers,
    ringside: q
      ? {
          layout: q.layout,
          eventIdx: !!index.header.features.eventIdx,
          bases: facts.bases(index.initialU16(ring.usedIdx(q.layout))),
        }
      : null,
    loadMs: performance.now() - r.t0,
    retainedBytes: index.retainedBytes() + (tracker?.retainedBytes() ?? 0),
    live,
  };
  return { info, tracker, timeline: tl };
}

/** A load failure as the page shows it: the message, and the line when there is one. */
export function describeFailure(e: unknown): { message: string; line: number | null } {
  if (e instanceof TraceParseError) return { message: e.message, line: e.line };
  if (e instanceof LineTooLongError) return { message: e.message, line: e.line };
  if (e instanceof TraceError) return { message: e.message, line: null };
  if (e instanceof DOMException && e.name === 'AbortError') return { message: 'Loading was cancelled.', line: null };
  if (e instanceof RangeError)
    return { message: `The trace is too large for this tab's memory (${e.message}).`, line: null };
  return { message: e instanceof Error ? `${e.name}: ${e.message}` : String(e), line: null };
}
