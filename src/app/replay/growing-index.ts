/**
 * A Ringside trace index that grows one line at a time, for a trace that is still being
 * written (a live session streamed to the page). It keeps the same columns, the same flat
 * log of exact ring writes and the same checkpointed memoryAt as the complete-file index
 * (src/trace/replay/ringside-index.ts), with one difference that matters for a prefix:
 * nothing depends on the final event count. The complete index picks its checkpoint
 * interval from the count it already knows; here checkpoints are taken as events arrive,
 * and when they outgrow their memory budget the interval doubles and every other one is
 * dropped. Either way memoryAt(p) replays the same writes onto the same image, so the
 * state at step p never changes once event p has arrived (growing-index.test.ts checks it
 * against the complete index at every step).
 */
import type { TraceHeader } from '../../model/trace/format';
import type { EventKind, SimEvent } from '../../model/vqsim/events';
import { TraceParseError } from '../../trace/errors';
import { ACTOR_CODES, KIND_CODES } from '../../trace/replay/ringside-index';
import type { ByteLine } from '../../trace/replay/byte-lines';
import { parseEvent } from '../../trace/ringside/read';
import type { ReplayIndex } from './replay-index';

const kindCode = new Map<string, number>(KIND_CODES.map((k, i) => [k, i]));
const actorCode = new Map<string, number>(ACTOR_CODES.map((a, i) => [a, i]));

type Numbers = Float64Array | Uint32Array | Int32Array | Uint8Array;

/** A typed-array column that doubles its storage as it fills. */
class Column<T extends Numbers> {
  private data: T;
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
  /** The filled part (a view: valid until the next push that grows the storage). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
  get(i: number): number {
    return this.data[i];
  }
  get byteLength(): number {
    return this.data.byteLength;
  }
}

/** One exact write, validated before anything of its event is stored. */
interface RingWrite {
  gpa: number;
  bytes: Uint8Array;
}

export class GrowingRingsideIndex implements ReplayIndex {
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
  private readonly writeLog = new Column((n) => new Uint8Array(n));
  /** Bytes of memory the writes cover (rings and indirect tables). */
  readonly memorySize: number;
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
    /** Bytes the memory checkpoints may take (the complete index keeps near 64 MiB too). */
    private readonly checkpointBudget = 64 << 20,
  ) {
    const map = header.queues[0]?.memory;
    this.memorySize = map ? map.buffers.base : 0;
    this.initial = new Uint8Array(this.memorySize);
    for (const [gpa, hex] of header.queues[0]?.initial ?? []) {
      for (let k = 0; k < hex.length >> 1 && gpa + k < this.initial.length; k++) this.initial[gpa + k] = parseInt(hex.substr(2 * k, 2), 16) || 0;
    }
    this.tip = this.initial.slice();
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
  get head(): Int32Array {
    return this.cols.head.view();
  }
  get request(): Int32Array {
    return this.cols.request.view();
  }
  get lineStart(): Float64Array {
    return this.cols.lineStart.view();
  }
  get lineLength(): Uint32Array {
    return this.cols.lineLength.view();
  }
  /** Events between two memory checkpoints (doubles as the trace grows past the budget). */
  get checkpointEvery(): number {
    return this.every;
  }

  /**
   * Indexes one event line (the header is given to the constructor). Returns the parsed
   * event, or null for a blank line or a bad one skipped under `onBadLine: 'skip'`. Bad
   * lines and bad writes give the same errors, with line numbers, as the complete index.
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
    const writes = exactWrites(e, line.line);
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
    this.writeStart.push(this.writeLog.length);
    for (const w of writes) {
      const n = w.bytes.length;
      this.writeLog.push(w.gpa & 0xff);
      this.writeLog.push((w.gpa >>> 8) & 0xff);
      this.writeLog.push((w.gpa >>> 16) & 0xff);
      this.writeLog.push(w.gpa >>> 24);
      this.writeLog.push(n & 0xff);
      this.writeLog.push(n >>> 8);
      for (let k = 0; k < n; k++) this.writeLog.push(w.bytes[k]);
    }
    this.apply(this.tip, this.count - 1);
    if (this.count % this.every === 0) this.checkpoint();
    return e;
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
    const log = this.writeLog.view();
    const end = i + 1 < this.count ? this.writeStart.get(i + 1) : log.length;
    for (let p = this.writeStart.get(i); p < end; ) {
      const gpa = log[p] | (log[p + 1] << 8) | (log[p + 2] << 16) | (log[p + 3] * 0x1000000);
      const n = log[p + 4] | (log[p + 5] << 8);
      p += 6;
      if (gpa + n <= mem.length) mem.set(log.subarray(p, p + n), gpa);
      p += n;
    }
  }

  memoryAt(position: number): Uint8Array {
    const pos = Math.max(0, Math.min(this.count, Math.floor(position)));
    if (pos === this.count) return this.tip.slice();
    const base = Math.floor(pos / this.every) * this.every;
    const mem = base > 0 ? this.checkpoints.get(base)!.slice() : this.initial.slice();
    for (let i = base; i < pos; i++) this.apply(mem, i);
    return mem;
  }

  retainedBytes(): number {
    let n = this.writeLog.byteLength + this.writeStart.byteLength + this.tip.byteLength;
    for (const col of Object.values(this.cols)) n += col.byteLength;
    for (const m of this.checkpoints.values()) n += m.byteLength;
    return n;
  }
}

/** An event's exact ring writes ([gpa, "hex"]); payload summaries carry no bytes and are left out. */
function exactWrites(e: SimEvent, line: number): RingWrite[] {
  const out: RingWrite[] = [];
  for (const w of e.writes) {
    if (w.length !== 2 || typeof w[1] !== 'string') continue;
    const gpa = w[0];
    const hex = w[1];
    const n = hex.length >> 1;
    if (!Number.isInteger(gpa) || gpa < 0 || gpa > 0xffffffff || n > 0xffff || hex.length % 2 !== 0) {
      throw new TraceParseError(line, 'writes as [address, "hex bytes"]', JSON.stringify(w).slice(0, 40));
    }
    const bytes = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const v = parseInt(hex.substr(2 * k, 2), 16);
      if (Number.isNaN(v)) throw new TraceParseError(line, 'hex digits in a memory write', hex.slice(0, 40));
      bytes[k] = v;
    }
    out.push({ gpa, bytes });
  }
  return out;
}
