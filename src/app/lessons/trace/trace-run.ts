/**
 * A real QEMU trace for a lesson: the bundled log of Linux's virtio-blk driver, imported with
 * the replay's own QEMU importer, walked line by line. Position p means "the first p lines have
 * been read"; counts at a position are taken from what the importer reconstructed, by line
 * number. DOM-free.
 */
import { importQemuTraceLines } from '../../../trace/qemu/import';
import { parseTraceLine } from '../../../trace/qemu/parse-line';
import type { QemuRequest, QemuTrace } from '../../../trace/qemu/types';
import type { LessonRun } from '../types';

/** Where the sample is served from (public/samples), for links to the replay view. */
export const SAMPLE_PATH = '/samples/qemu-7.2-linux-6.1-virtio-blk-1q.log';

export interface TraceCounts {
  kicks: number;
  pops: number;
  flushes: number;
  interrupts: number;
  inFlight: number;
}

/** A log imported once: its lines and what the importer made of them. */
export interface ImportedLog {
  lines: readonly string[];
  trace: QemuTrace;
}

export function importLog(text: string): ImportedLog {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return { lines, trace: importQemuTraceLines(lines) };
}

export class TraceRun implements LessonRun {
  readonly trace: QemuTrace;
  readonly lines: readonly string[];
  position = 0;

  /** `seed` picks things for practice (which request to ask about); the log itself is fixed. */
  constructor(
    log: ImportedLog,
    readonly seed = 1,
  ) {
    this.lines = log.lines;
    this.trace = log.trace;
  }

  get length(): number {
    return this.lines.length;
  }

  seek(position: number): void {
    this.position = Math.max(0, Math.min(this.length, Math.floor(position)));
  }

  /** The event name on 1-based line `n` (null for a line that is not an event). */
  eventName(n: number): string | null {
    const l = this.lines[n - 1];
    return l === undefined ? null : (parseTraceLine(l, n)?.name ?? null);
  }

  describe(position: number): string {
    if (position <= 0) return 'Before the first line of the log.';
    return `Line ${position}: ${this.lines[position - 1]}`;
  }

  /** What had happened once the first `position` lines were read. */
  countsAt(position: number): TraceCounts {
    const by = (xs: readonly { line: number }[]) => xs.filter((x) => x.line <= position).length;
    const pops = this.trace.requests.filter((r) => r.popLine <= position).length;
    const flushedBy = this.trace.flushes.filter((f) => f.line <= position).reduce((n, f) => n + f.matched, 0);
    return {
      kicks: by(this.trace.kicks),
      pops,
      flushes: by(this.trace.flushes),
      interrupts: by(this.trace.interrupts),
      inFlight: pops - flushedBy,
    };
  }

  /** Request `i` (in pop order), clamped to the trace's requests. */
  request(i: number): QemuRequest {
    return this.trace.requests[Math.max(0, Math.min(this.trace.requests.length - 1, i))];
  }

  /** The lines a request's life touched: its kick, pop, flush and interrupt (as reconstructed). */
  linesOf(r: QemuRequest): { kick: number | null; pop: number; flush: number | null; interrupt: number | null } {
    const t = this.trace;
    return {
      kick: r.kickId !== undefined ? (t.kicks[r.kickId]?.line ?? null) : null,
      pop: r.popLine,
      flush: r.flushId !== undefined ? (t.flushes[r.flushId]?.line ?? null) : null,
      interrupt: r.interruptId !== undefined ? (t.interrupts[r.interruptId]?.line ?? null) : null,
    };
  }
}
