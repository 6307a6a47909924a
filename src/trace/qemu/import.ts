/**
 * QEMU trace-log import: bytes or lines in, QemuTrace out. Streams — memory holds the
 * result and the in-flight requests, never the whole file.
 */

import { LineTooLongError, TraceParseError, abortReason } from '../errors';
import type { LineReaderOptions } from '../line-reader';
import { readLineBatches } from '../line-reader';
import type { QemuEvent } from './events';
import { decodeEvent } from './events';
import { LINE_ORDER_LIMITATION, QEMU_TRACE_LIMITATIONS } from './limitations';
import type { TraceLine } from './parse-line';
import { parseTraceLineInto } from './parse-line';
import { QemuReconstructor } from './reconstruct';
import type { BadLine, QemuTimeBase, QemuTrace } from './types';

export interface QemuImportOptions extends LineReaderOptions {
  /**
   * 'stop' (default): the first malformed line throws its TraceParseError.
   * 'skip': malformed lines are counted (QemuTrace.badLines) and sampled, import goes on.
   */
  onBadLine?: 'stop' | 'skip';
  /** How many skipped lines to keep with their message (default 20). */
  maxBadLineSamples?: number;
}

/** Incremental importer; `importQemuTrace` and `importQemuTraceLines` drive it. */
export class QemuTraceBuilder {
  private rec = new QemuReconstructor();
  private readonly skip: boolean;
  private readonly maxSamples: number;
  private timeBase: QemuTimeBase | undefined;
  private sec0 = 0;
  private usec0 = 0;
  private lastTime = 0;
  private lines = 0;
  private events = 0;
  private badLines = 0;
  private badSamples: BadLine[] = [];
  private counts = new Map<string, number>();
  /** One TraceLine reused for every line; the reconstructor copies what it keeps. */
  private scratch: TraceLine = { line: 0, thread: undefined, sec: NaN, usec: 0, name: '', args: '' };

  constructor(options: QemuImportOptions = {}) {
    this.skip = options.onBadLine === 'skip';
    this.maxSamples = options.maxBadLineSamples ?? 20;
  }

  /** Feeds one line (without its newline); `lineNo` is 1-based. */
  addLine(text: string, lineNo: number): void {
    if (lineNo > this.lines) this.lines = lineNo;
    const ev = this.scratch;
    let decoded: QemuEvent;
    try {
      if (!parseTraceLineInto(text, lineNo, ev)) return;
      decoded = decodeEvent(ev);
    } catch (e) {
      if (!this.skip || !(e instanceof TraceParseError)) throw e;
      this.badLines++;
      if (this.badSamples.length < this.maxSamples) this.badSamples.push({ line: lineNo, message: e.message });
      return;
    }
    this.events++;
    this.counts.set(ev.name, (this.counts.get(ev.name) ?? 0) + 1);

    // The first event decides the clock: timestamps if it has one, else line numbers.
    const hasTime = !Number.isNaN(ev.sec);
    if (this.timeBase === undefined) {
      this.timeBase = hasTime ? 'timestamps' : 'line-order';
      if (hasTime) {
        this.sec0 = ev.sec;
        this.usec0 = ev.usec;
      }
    }
    let time: number;
    if (this.timeBase === 'line-order') {
      time = lineNo;
      if (hasTime)
        this.rec.warnings.add(
          'ignored-timestamp',
          lineNo,
          () => 'timestamps appear after untimestamped lines; line order is used throughout',
        );
    } else if (hasTime) {
      // Subtract seconds before scaling: epoch microseconds are near 2^51, and relative
      // times keep sub-microsecond fractions exact.
      time = (ev.sec - this.sec0) * 1e6 + (ev.usec - this.usec0);
      if (time < this.lastTime)
        this.rec.warnings.add(
          'time-backwards',
          lineNo,
          () => 'timestamps go backwards (threads race to the log); events are used in line order',
        );
      this.lastTime = time;
    } else {
      time = this.lastTime;
      this.rec.warnings.add(
        'missing-timestamp',
        lineNo,
        () => "lines without a timestamp in a timestamped log were given the previous line's time",
      );
    }
    this.rec.add(decoded, ev, time);
  }

  finish(): QemuTrace {
    const timeBase = this.timeBase ?? 'timestamps';
    const r = this.rec.finish();
    const limitations = [...QEMU_TRACE_LIMITATIONS];
    if (timeBase === 'line-order') limitations.unshift(LINE_ORDER_LIMITATION);
    return {
      format: 'qemu-trace-log',
      timeBase,
      timeUnit: timeBase === 'line-order' ? 'line' : 'us',
      timeOrigin: timeBase === 'timestamps' && this.events > 0 ? { sec: this.sec0, usec: this.usec0 } : undefined,
      lines: this.lines,
      events: this.events,
      eventCounts: Object.fromEntries(this.counts),
      ...r,
      badLines: this.badLines,
      badLineSamples: this.badSamples,
      limitations,
    };
  }
}

/** Imports from a byte stream (Node stream, `byteChunks(readableStream)`, `memoryChunks`). */
export async function importQemuTrace(
  source: AsyncIterable<Uint8Array>,
  options: QemuImportOptions = {},
): Promise<QemuTrace> {
  const b = new QemuTraceBuilder(options);
  for await (const batch of readLineBatches(source, options)) {
    const { lines, firstLine } = batch;
    for (let i = 0; i < lines.length; i++) b.addLine(lines[i], firstLine + i);
  }
  return b.finish();
}

/** Imports lines already in memory (tests, pasted text split by the caller). */
export function importQemuTraceLines(lines: Iterable<string>, options: QemuImportOptions = {}): QemuTrace {
  const b = new QemuTraceBuilder(options);
  let n = 0;
  for (const line of lines) {
    n++;
    if ((n & 0xffff) === 0 && options.signal?.aborted) throw abortReason(options.signal);
    if (options.maxLineLength !== undefined && line.length > options.maxLineLength) {
      throw new LineTooLongError(n, options.maxLineLength);
    }
    b.addLine(line, n);
  }
  return b.finish();
}
