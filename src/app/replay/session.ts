/**
 * The worker's side of a replay: loads one trace (format detected), keeps the big index,
 * and answers "what is the state after step N" and "rows N…M". A live stream is indexed as
 * it arrives and the session answers for the prefix received so far; a snapshot of it
 * goes to the page every few hundred milliseconds. Plain async code over byte iterables,
 * so node tests drive it with in-memory traces. What the page is told about a trace is
 * built in trace-info.ts, and how events read in event-text.ts; this module reads the bytes.
 */
import { TraceParseError } from '../../trace/errors';
import { importQemuTrace } from '../../trace/qemu/import';
import { chromeTraceJsonChunks } from '../../trace/chrome-export';
import { RingsideTraceIndex } from '../../trace/replay/ringside-index';
import { counted, peekFormat, refuseUnreadable } from '../../trace/replay/detect';
import { ringsideDetailFields, ringsideRow, timelineDetailFields, timelineRow } from './event-text';
import { PrivateStateTracker } from '../../trace/replay/private-state';
import type { EventRow, LiveState, LoadOptions, Progress, StepState, TraceInfo } from './protocol';
import { PublishPacer, type PacerOptions } from '../../trace/replay/publish-pacer';
import { RingFacts } from './ring-facts';
import { qemuSnapshot, type Reading, ringsideSnapshot, type Snapshot } from './trace-info';

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
    return new ReplaySession(qemuSnapshot(src.name, r, trace), src, null);
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
      return { step: i, fields: ringsideDetailFields(raw), raw };
    }
    const row = rows.find((r) => r.step === i) ?? (await this.rows(i, i + 1))[0];
    return { step: i, fields: timelineDetailFields(this.info, this.snap.timeline, row, i), raw: null };
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
    if (this.index) {
      const ix = this.index;
      const r = read ?? {
        from,
        bytes: await this.src.slice(ix.lineStart[from], ix.lineStart[to - 1] + ix.lineLength[to - 1]),
      };
      const out: EventRow[] = [];
      const dec = new TextDecoder();
      for (let i = from; i < to; i++) out.push(ringsideRow(ix, i, this.lineIn(r, i), dec));
      return out;
    }
    const out: EventRow[] = [];
    for (let i = from; i < to; i++) out.push(timelineRow(this.info, this.snap.timeline, i));
    return out;
  }

  /** The trace as Chrome trace-event JSON (Perfetto, chrome://tracing). */
  exportChrome(): Blob {
    return new Blob([...chromeTraceJsonChunks(this.snap.timeline)], { type: 'application/json' });
  }
}
