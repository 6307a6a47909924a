/**
 * A Ringside trace held compactly for replay at scale (a million events in tens of MB):
 * per event a few typed-array columns (time, kind, actor, in-flight, free, head, request,
 * byte offset of its line), plus every exact ring-memory write in one flat byte log. Ring
 * memory at any step is rebuilt from the nearest checkpoint by re-applying writes, so
 * seeking anywhere costs at most one checkpoint interval of writes.
 */
import { parseEvent, parseHeader } from '../ringside/read';
import { TraceParseError } from '../errors';
import type { TraceHeader } from '../../model/trace/format';
import type { EventKind, Actor, SimEvent } from '../../model/vqsim/events';
import { byteLines } from './byte-lines';

export const KIND_CODES: EventKind[] = ['start', 'arrive', 'add', 'add-wait', 'reject', 'kick', 'kick-suppressed', 'device-wake', 'pop', 'device-idle', 'complete', 'flush', 'driver-wake', 'reclaim', 'recycle', 'driver-idle', 'corrupt', 'intervention', 'error'];
export const ACTOR_CODES: Actor[] = ['driver', 'device', 'workload', 'hostile', 'user'];
const kindCode = new Map(KIND_CODES.map((k, i) => [k, i]));
const actorCode = new Map(ACTOR_CODES.map((a, i) => [a, i]));

class Growable<T extends Float64Array | Uint32Array | Int32Array | Uint8Array> {
  data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export interface IndexProgress {
  bytesRead: number;
  totalBytes?: number;
  events: number;
}

export interface IndexOptions {
  totalBytes?: number;
  onProgress?: (p: IndexProgress) => void;
  signal?: AbortSignal;
  onBadLine?: 'stop' | 'skip';
}

export class RingsideTraceIndex {
  readonly header: TraceHeader;
  readonly time: Float64Array;
  readonly kind: Uint8Array;
  readonly actor: Uint8Array;
  readonly inFlight: Uint32Array;
  readonly free: Uint32Array;
  /** data.head, or -1. */
  readonly head: Int32Array;
  /** data.id (request), or -1. */
  readonly request: Int32Array;
  readonly lineStart: Float64Array;
  readonly lineLength: Uint32Array;
  /** Per event, [writeStart[i], writeStart[i+1]) in the write log. */
  private readonly writeStart: Float64Array;
  private readonly writeLog: Uint8Array;
  /** Bytes of memory the writes cover (rings and indirect tables). */
  readonly memorySize: number;
  private readonly checkpoints = new Map<number, Uint8Array>();
  /** Ring memory before the first event (the header's initial runs). */
  private readonly initial: Uint8Array;
  readonly checkpointEvery: number;
  readonly badLines: number;
  /** The first bad lines skipped (with their numbers and what was expected). */
  readonly badLineSamples: TraceParseError[];

  private constructor(p: {
    header: TraceHeader;
    cols: Record<string, Float64Array | Uint32Array | Int32Array | Uint8Array>;
    writeStart: Float64Array;
    writeLog: Uint8Array;
    badLines: number;
    badLineSamples: TraceParseError[];
  }) {
    this.header = p.header;
    this.time = p.cols.time as Float64Array;
    this.kind = p.cols.kind as Uint8Array;
    this.actor = p.cols.actor as Uint8Array;
    this.inFlight = p.cols.inFlight as Uint32Array;
    this.free = p.cols.free as Uint32Array;
    this.head = p.cols.head as Int32Array;
    this.request = p.cols.request as Int32Array;
    this.lineStart = p.cols.lineStart as Float64Array;
    this.lineLength = p.cols.lineLength as Uint32Array;
    this.writeStart = p.writeStart;
    this.writeLog = p.writeLog;
    this.badLines = p.badLines;
    this.badLineSamples = p.badLineSamples;
    const map = p.header.queues[0]?.memory;
    this.memorySize = map ? map.buffers.base : 0;
    // keep checkpoint memory near 64 MiB whatever the ring size
    this.checkpointEvery = Math.max(256, Math.ceil((this.count * Math.max(1, this.memorySize)) / (64 << 20)));
    // All checkpoints up front (one pass over the writes), so no seek ever replays more
    // than one interval.
    this.initial = new Uint8Array(this.memorySize);
    for (const [gpa, hex] of p.header.queues[0]?.initial ?? []) {
      for (let k = 0; k < hex.length >> 1 && gpa + k < this.initial.length; k++) this.initial[gpa + k] = parseInt(hex.substr(2 * k, 2), 16) || 0;
    }
    const mem = this.initial.slice();
    for (let i = 0; i < this.count; i++) {
      this.apply(mem, i);
      if ((i + 1) % this.checkpointEvery === 0) this.checkpoints.set(i + 1, mem.slice());
    }
  }

  get count(): number {
    return this.time.length;
  }

  /** Build the index from a byte stream (a File, a fetch body, a Node file). */
  static async build(source: AsyncIterable<Uint8Array>, options: IndexOptions = {}): Promise<RingsideTraceIndex> {
    const f64 = (n: number) => new Float64Array(n);
    const u32 = (n: number) => new Uint32Array(n);
    const i32 = (n: number) => new Int32Array(n);
    const u8 = (n: number) => new Uint8Array(n);
    const c = {
      time: new Growable(f64),
      kind: new Growable(u8),
      actor: new Growable(u8),
      inFlight: new Growable(u32),
      free: new Growable(u32),
      head: new Growable(i32),
      request: new Growable(i32),
      lineStart: new Growable(f64),
      lineLength: new Growable(u32),
    };
    const writeStart = new Growable(f64);
    const log = new Growable(u8);
    let header: TraceHeader | null = null;
    let bad = 0;
    const badSamples: TraceParseError[] = [];
    let bytes = 0;
    let lastReport = 0;
    for await (const batch of byteLines(source)) {
      if (options.signal?.aborted) throw options.signal.reason ?? new DOMException('aborted', 'AbortError');
      for (const l of batch) {
        bytes = l.start + l.length + 1;
        if (l.text.trim() === '') continue;
        if (!header) {
          header = parseHeader(l.text, l.line);
          continue;
        }
        let e: SimEvent;
        try {
          e = parseEvent(l.text, l.line);
        } catch (err) {
          if (options.onBadLine === 'skip' && err instanceof TraceParseError) {
            bad++;
            if (badSamples.length < 20) badSamples.push(err);
            continue;
          }
          throw err;
        }
        c.time.push(e.time);
        c.kind.push(kindCode.get(e.kind) ?? 0);
        c.actor.push(actorCode.get(e.actor) ?? 0);
        c.inFlight.push(e.inFlight);
        c.free.push(e.free);
        c.head.push(typeof e.data.head === 'number' ? e.data.head : -1);
        c.request.push(typeof e.data.id === 'number' ? e.data.id : -1);
        c.lineStart.push(l.start);
        c.lineLength.push(l.length);
        writeStart.push(log.length);
        for (const w of e.writes) {
          if (w.length !== 2 || typeof w[1] !== 'string') continue; // payload summaries carry no bytes
          const gpa = w[0];
          const hex = w[1];
          const n = hex.length >> 1;
          if (!Number.isInteger(gpa) || gpa < 0 || gpa > 0xffffffff || n > 0xffff || hex.length % 2 !== 0) {
            throw new TraceParseError(l.line, 'writes as [address, "hex bytes"]', JSON.stringify(w).slice(0, 40));
          }
          log.push(gpa & 0xff);
          log.push((gpa >>> 8) & 0xff);
          log.push((gpa >>> 16) & 0xff);
          log.push(gpa >>> 24);
          log.push(n & 0xff);
          log.push(n >>> 8);
          for (let i = 0; i < n; i++) {
            const v = parseInt(hex.substr(2 * i, 2), 16);
            if (Number.isNaN(v)) throw new TraceParseError(l.line, 'hex digits in a memory write', hex.slice(0, 40));
            log.push(v);
          }
        }
      }
      if (options.onProgress && bytes - lastReport > 1 << 20) {
        lastReport = bytes;
        options.onProgress({ bytesRead: bytes, totalBytes: options.totalBytes, events: c.time.length });
        // let the page breathe between batches
        await new Promise((r) => setTimeout(r, 0));
      }
    }
    if (!header) throw new TraceParseError(1, 'a Ringside trace header line', 'an empty file');
    writeStart.push(log.length);
    options.onProgress?.({ bytesRead: bytes, totalBytes: options.totalBytes, events: c.time.length });
    const cols: Record<string, Float64Array | Uint32Array | Int32Array | Uint8Array> = {};
    for (const [k, g] of Object.entries(c)) cols[k] = g.view();
    return new RingsideTraceIndex({ header, cols, writeStart: writeStart.view(), writeLog: log.view(), badLines: bad, badLineSamples: badSamples });
  }

  kindOf(i: number): EventKind {
    return KIND_CODES[this.kind[i]];
  }

  /** Apply event i's ring writes to `mem`. Writes outside `mem` are ignored (hostile traces). */
  private apply(mem: Uint8Array, i: number): void {
    const log = this.writeLog;
    for (let p = this.writeStart[i]; p < this.writeStart[i + 1]; ) {
      const gpa = log[p] | (log[p + 1] << 8) | (log[p + 2] << 16) | (log[p + 3] * 0x1000000);
      const n = log[p + 4] | (log[p + 5] << 8);
      p += 6;
      if (gpa + n <= mem.length) mem.set(log.subarray(p, p + n), gpa);
      p += n;
    }
  }

  /**
   * Ring and indirect-table memory after `position` events (0 = before the first), rebuilt
   * from the initial image (zeroed memory with the initial indices the first events wrote).
   */
  memoryAt(position: number): Uint8Array {
    const pos = Math.max(0, Math.min(this.count, Math.floor(position)));
    const every = this.checkpointEvery;
    const base = Math.floor(pos / every) * every;
    const mem = base > 0 ? this.checkpoints.get(base)!.slice() : this.initial.slice();
    for (let i = base; i < pos; i++) this.apply(mem, i);
    return mem;
  }

  /** Events of one kind, as indices (for plots and counts). */
  indicesOf(kind: EventKind): number[] {
    const code = kindCode.get(kind)!;
    const out: number[] = [];
    for (let i = 0; i < this.kind.length; i++) if (this.kind[i] === code) out.push(i);
    return out;
  }

  /** Bytes retained by the index (columns, write log, checkpoints). */
  retainedBytes(): number {
    let n = this.writeLog.byteLength + this.writeStart.byteLength;
    for (const a of [this.time, this.kind, this.actor, this.inFlight, this.free, this.head, this.request, this.lineStart, this.lineLength]) n += a.byteLength;
    for (const c of this.checkpoints.values()) n += c.byteLength;
    return n;
  }
}
