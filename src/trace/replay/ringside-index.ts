/**
 * A Ringside trace held compactly for replay at scale (a million events in tens of MB):
 * per event a few typed-array columns (time, kind, actor, in-flight, free, head, request,
 * byte offset of its line), plus every exact ring-memory write in one flat byte log. Ring
 * memory at any step is rebuilt from the nearest checkpoint by re-applying writes, so
 * seeking anywhere costs at most one checkpoint interval of writes.
 *
 * The index grows one line at a time (`append`), so the same code serves a complete file
 * (`build` streams it in) and a trace still being written (a live session followed by the
 * page). Nothing depends on the final event count: checkpoints are taken as events arrive,
 * and when they outgrow their memory budget the interval doubles and every other one is
 * dropped. Either way memoryAt(p) replays the same writes onto the same image, so the
 * state at step p never changes once event p has arrived.
 */
import { parseEvent, parseHeader } from '../ringside/read';
import { TraceParseError } from '../errors';
import type { TraceHeader } from '../../model/trace/format';
import type { EventKind, Actor, SimEvent } from '../../model/vqsim/events';
import { byteLines, type ByteLine } from './byte-lines';

export const KIND_CODES: EventKind[] = [
  'start',
  'arrive',
  'add',
  'add-wait',
  'reject',
  'kick',
  'kick-suppressed',
  'device-wake',
  'pop',
  'device-idle',
  'complete',
  'flush',
  'driver-wake',
  'reclaim',
  'recycle',
  'driver-idle',
  'corrupt',
  'intervention',
  'error',
];
export const ACTOR_CODES: Actor[] = ['driver', 'device', 'workload', 'hostile', 'user'];
const kindCode = new Map(KIND_CODES.map((k, i) => [k, i]));
const actorCode = new Map(ACTOR_CODES.map((a, i) => [a, i]));

type Numbers = Float64Array | Uint32Array | Int32Array | Uint8Array;

/** A typed-array column that doubles its storage as it fills. */
class Column<T extends Numbers> {
  private data: T;
  private filled: T | null = null;
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
  /** The filled part, as a view kept until the column changes (reads in loops allocate nothing). */
  view(): T {
    if (this.filled === null || this.filled.length !== this.length || this.filled.buffer !== this.data.buffer) {
      this.filled = this.data.subarray(0, this.length) as T;
    }
    return this.filled;
  }
  get(i: number): number {
    return this.data[i];
  }
  /** The storage itself (entries past `length` are unused): for hot loops, no view made. */
  storage(): T {
    return this.data;
  }
  get byteLength(): number {
    return this.data.byteLength;
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
  onBadLine?: 'stop' | 'skip';
  /** The header line was read and the index exists (a live reader publishes prefixes from here). */
  onIndex?: (index: RingsideTraceIndex) => void;
  /** Each event as it is indexed: its position and the parsed event (for facts the columns lack). */
  onEvent?: (i: number, e: SimEvent) => void;
  /** After each batch of lines; returning true stops reading, and the index keeps what arrived. */
  afterBatch?: () => boolean | void;
}

export class RingsideTraceIndex {
  /** Kind names per code (what the private-state tracker resolves kinds with). */
  readonly kindNames = KIND_CODES;
  private readonly cols = {
    time: new Column((n) => new Float64Array(n)),
    kind: new Column((n) => new Uint8Array(n)),
    actor: new Column((n) => new Uint8Array(n)),
    inFlight: new Column((n) => new Uint32Array(n)),
    free: new Column((n) => new Uint32Array(n)),
    head: new Column((n) => new Int32Array(n)),
    request: new Column((n) => new Int32Array(n)),
    lineStart: new Column((n) => new Float64Array(n)),
    lineLength: new Column((n) => new Uint32Array(n)),
  };
  /** Event i's writes are [writeStart[i], writeStart[i+1]) of the log (the last one ends at the log's end). */
  private readonly writeStart = new Column((n) => new Float64Array(n));
  /** Per write: gpa (u32 LE), length (u16 LE), then the bytes. */
  private readonly writeLog = new Column((n) => new Uint8Array(n));
  /** Bytes of memory the writes cover (rings and indirect tables). */
  readonly memorySize: number;
  /** Ring memory before the first event (the header's initial runs). */
  private readonly initial: Uint8Array;
  /** Memory after every event so far: extended by each append, copied into checkpoints. */
  private readonly tip: Uint8Array;
  private readonly checkpoints = new Map<number, Uint8Array>();
  private every = 256;
  badLines = 0;
  /** The first bad lines skipped (with their numbers and what was expected). */
  readonly badLineSamples: TraceParseError[] = [];

  constructor(
    readonly header: TraceHeader,
    /** Bytes the memory checkpoints may take (near 64 MiB whatever the ring size). */
    private readonly checkpointBudget = 64 << 20,
  ) {
    const map = header.queues[0]?.memory;
    this.memorySize = map ? map.buffers.base : 0;
    this.initial = new Uint8Array(this.memorySize);
    for (const [gpa, hex] of header.queues[0]?.initial ?? []) {
      for (let k = 0; k < hex.length >> 1 && gpa + k < this.initial.length; k++)
        this.initial[gpa + k] = parseInt(hex.substr(2 * k, 2), 16) || 0;
    }
    this.tip = this.initial.slice();
  }

  /**
   * Build the index from a byte stream (a File, a fetch body, a Node file, or a live stream
   * read until it ends or `afterBatch` says stop).
   */
  static async build(source: AsyncIterable<Uint8Array>, options: IndexOptions = {}): Promise<RingsideTraceIndex> {
    const onBadLine = options.onBadLine ?? 'stop';
    let index: RingsideTraceIndex | null = null;
    let bytes = 0;
    let lastBreath = 0;
    for await (const batch of byteLines(source)) {
      for (const l of batch) {
        bytes = l.start + l.length + 1;
        if (index) {
          const e = index.append(l, onBadLine);
          if (e) options.onEvent?.(index.count - 1, e);
        } else if (l.text.trim() !== '') {
          index = new RingsideTraceIndex(parseHeader(l.text, l.line));
          options.onIndex?.(index);
        }
      }
      if (options.afterBatch?.() === true) break;
      if (bytes - lastBreath > 1 << 20) {
        lastBreath = bytes;
        options.onProgress?.({ bytesRead: bytes, totalBytes: options.totalBytes, events: index?.count ?? 0 });
        // A fast source resolves reads without yielding: let the page (or the worker's messages) in.
        await new Promise((r) => setTimeout(r, 0));
      }
    }
    if (!index) throw new TraceParseError(1, 'a Ringside trace header line', 'an empty file');
    options.onProgress?.({ bytesRead: bytes, totalBytes: options.totalBytes, events: index.count });
    return index;
  }

  get count(): number {
    return this.cols.time.length;
  }
  get time(): Float64Array {
    return this.cols.time.view();
  }
  get kind(): Uint8Array {
    return this.cols.kind.view();
  }
  get actor(): Uint8Array {
    return this.cols.actor.view();
  }
  get inFlight(): Uint32Array {
    return this.cols.inFlight.view();
  }
  get free(): Uint32Array {
    return this.cols.free.view();
  }
  /** data.head, or -1. */
  get head(): Int32Array {
    return this.cols.head.view();
  }
  /** data.id (request), or -1. */
  get request(): Int32Array {
    return this.cols.request.view();
  }
  get lineStart(): Float64Array {
    return this.cols.lineStart.view();
  }
  get lineLength(): Uint32Array {
    return this.cols.lineLength.view();
  }
  /** A little-endian u16 of the ring memory before the first event (0 outside it). */
  initialU16(gpa: number): number {
    return gpa >= 0 && gpa + 1 < this.initial.length ? this.initial[gpa] | (this.initial[gpa + 1] << 8) : 0;
  }
  /** Events between two memory checkpoints (doubles as the trace grows past the budget). */
  get checkpointEvery(): number {
    return this.every;
  }

  /**
   * Indexes one event line (the header went to the constructor). Returns the parsed event,
   * or null for a blank line or a bad one skipped under `onBadLine: 'skip'`. A bad line
   * gives its number and what was expected; nothing of a refused event is kept.
   */
  append(line: ByteLine, onBadLine: 'stop' | 'skip' = 'stop'): SimEvent | null {
    if (line.text.trim() === '') return null;
    let e: SimEvent;
    try {
      e = parseEvent(line.text, line.line);
    } catch (err) {
      if (onBadLine === 'skip' && err instanceof TraceParseError) {
        this.badLines++;
        if (this.badLineSamples.length < 20) this.badLineSamples.push(err);
        return null;
      }
      throw err;
    }
    const logStart = this.writeLog.length;
    try {
      this.logWrites(e, line.line);
    } catch (err) {
      this.writeLog.length = logStart; // the event is refused whole
      throw err;
    }
    const c = this.cols;
    c.time.push(e.time);
    c.kind.push(kindCode.get(e.kind) ?? 0);
    c.actor.push(actorCode.get(e.actor) ?? 0);
    c.inFlight.push(e.inFlight);
    c.free.push(e.free);
    c.head.push(typeof e.data.head === 'number' ? e.data.head : -1);
    c.request.push(typeof e.data.id === 'number' ? e.data.id : -1);
    c.lineStart.push(line.start);
    c.lineLength.push(line.length);
    this.writeStart.push(logStart);
    this.apply(this.tip, this.count - 1);
    if (this.count % this.every === 0) this.checkpoint();
    return e;
  }

  /** An event's exact ring writes ([gpa, "hex"]) onto the log; payload summaries carry no bytes. */
  private logWrites(e: SimEvent, line: number): void {
    const log = this.writeLog;
    for (const w of e.writes) {
      if (w.length !== 2 || typeof w[1] !== 'string') continue;
      const gpa = w[0];
      const hex = w[1];
      const n = hex.length >> 1;
      if (!Number.isInteger(gpa) || gpa < 0 || gpa > 0xffffffff || n > 0xffff || hex.length % 2 !== 0) {
        throw new TraceParseError(line, 'writes as [address, "hex bytes"]', JSON.stringify(w).slice(0, 40));
      }
      log.push(gpa & 0xff);
      log.push((gpa >>> 8) & 0xff);
      log.push((gpa >>> 16) & 0xff);
      log.push(gpa >>> 24);
      log.push(n & 0xff);
      log.push(n >>> 8);
      for (let k = 0; k < n; k++) {
        const v = parseInt(hex.substr(2 * k, 2), 16);
        if (Number.isNaN(v)) throw new TraceParseError(line, 'hex digits in a memory write', hex.slice(0, 40));
        log.push(v);
      }
    }
  }

  private checkpoint(): void {
    if (this.memorySize === 0) return;
    this.checkpoints.set(this.count, this.tip.slice());
    if (this.checkpoints.size * this.memorySize <= this.checkpointBudget) return;
    // Over budget: twice the interval, half the checkpoints (the ones still on the grid stay).
    this.every *= 2;
    for (const at of [...this.checkpoints.keys()]) if (at % this.every !== 0) this.checkpoints.delete(at);
  }

  kindOf(i: number): EventKind {
    return KIND_CODES[this.cols.kind.get(i)];
  }

  /** Apply event i's ring writes to `mem`. Writes outside `mem` are ignored (hostile traces). */
  private apply(mem: Uint8Array, i: number): void {
    const log = this.writeLog.storage();
    const end = i + 1 < this.count ? this.writeStart.get(i + 1) : this.writeLog.length;
    for (let p = this.writeStart.get(i); p < end; ) {
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
    // A trace without ring memory (header `memory: null`) takes no checkpoints: nothing to rebuild.
    if (this.memorySize === 0) return new Uint8Array(0);
    const pos = Math.max(0, Math.min(this.count, Math.floor(position)));
    if (pos === this.count) return this.tip.slice();
    const base = Math.floor(pos / this.every) * this.every;
    const mem = base > 0 ? this.checkpoints.get(base)!.slice() : this.initial.slice();
    for (let i = base; i < pos; i++) this.apply(mem, i);
    return mem;
  }

  /** Bytes retained by the index (columns, write log, current image, checkpoints). */
  retainedBytes(): number {
    let n = this.writeLog.byteLength + this.writeStart.byteLength + this.tip.byteLength;
    for (const col of Object.values(this.cols)) n += col.byteLength;
    for (const m of this.checkpoints.values()) n += m.byteLength;
    return n;
  }
}
