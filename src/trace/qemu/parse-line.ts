/**
 * One line of a QEMU trace written by the `log` trace backend, e.g.
 *
 *   9637@1795316533.056287:virtqueue_pop vq 0x55f0d5071bf0 elem 0x55f0d505e400 in_num 2 out_num 1
 *
 * Accepted prefixes (all optional, because QEMU versions and options differ):
 * - `tid@seconds.fraction:` — QEMU ≤ 10.0 with `-msg timestamp=on` (tid is the thread id);
 * - `2025-07-09T12:34:56.789012Z ` — newer QEMU, where qemu_log() itself prefixes an
 *   ISO-8601 UTC time and no thread id;
 * - nothing — no `-msg timestamp=on`: then only line order tells time.
 *
 * This layer only splits prefix / event name / argument text; what the arguments mean is
 * `events.ts`'s business. It is hand-scanned (no regex, one slice for the arguments)
 * because it runs once per line on traces of millions of lines.
 */

import { TraceParseError, excerpt } from '../errors';

export interface TraceLine {
  /** 1-based line number in the file. */
  line: number;
  /** Thread id from a `tid@` prefix. */
  thread: number | undefined;
  /** Whole seconds since the epoch, or NaN when the line has no timestamp. */
  sec: number;
  /** Microseconds within `sec` (fractional when the clock printed more than 6 digits). */
  usec: number;
  /** Event name: a C identifier. */
  name: string;
  /** Everything after the name and its separating space ('' when none). */
  args: string;
}

const C0 = 48; // '0'
const C9 = 57; // '9'

function isDigit(c: number): boolean {
  return c >= C0 && c <= C9;
}
// Trace event names are lowercase snake_case C identifiers (tracetool derives TRACE_*
// macros from them). Requiring that, plus one '_', keeps ordinary text that ends up in the
// same log ("Unknown option …", "qemu-system-x86_64: warning: …") from passing as events.
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || c === 95;
}
function isIdent(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** Digits text[from, to) as a number; NaN when not all digits or not exactly representable. */
function digitsValue(text: string, from: number, to: number): number {
  if (to <= from || to - from > 15) return NaN; // 15 digits < 2^53, always exact
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return NaN;
    v = v * 10 + (c - C0);
  }
  return v;
}

/** Microseconds given by the fraction digits text[from, to) ("25" → 250000). */
function fractionMicros(text: string, from: number, to: number): number {
  const n = Math.min(to - from, 15); // digits past femtoseconds cannot matter
  if (n <= 0) return 0;
  const v = digitsValue(text, from, from + n);
  return v * 10 ** (6 - n);
}

function fail(lineNo: number, expected: string, found: string): never {
  throw new TraceParseError(lineNo, expected, excerpt(found));
}

/** End index of a run of digits starting at `i`. */
function scanDigits(text: string, i: number): number {
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` at `text[0..]`; returns the index just past
 * it, writing seconds/micros to `out`. The caller has already seen 4 digits and a '-'.
 */
function parseIso(text: string, lineNo: number, out: { sec: number; usec: number }): number {
  const num = (from: number, len: number, sep: number): number => {
    const v = digitsValue(text, from, from + len);
    if (Number.isNaN(v) || (sep >= 0 && text.charCodeAt(from + len) !== sep))
      fail(lineNo, 'an ISO-8601 timestamp (YYYY-MM-DDTHH:MM:SS…)', text.slice(0, 40));
    return v;
  };
  const year = num(0, 4, 45 /* - */);
  const month = num(5, 2, 45);
  const day = num(8, 2, 84 /* T */);
  const hour = num(11, 2, 58 /* : */);
  const minute = num(14, 2, 58);
  const second = num(17, 2, -1);
  let i = 19;
  let usec = 0;
  if (text.charCodeAt(i) === 46 /* . */) {
    const end = scanDigits(text, i + 1);
    if (end === i + 1) fail(lineNo, 'fraction digits after "." in the timestamp', text.slice(i, i + 20));
    usec = fractionMicros(text, i + 1, end);
    i = end;
  }
  let offsetMin = 0;
  const z = text.charCodeAt(i);
  if (z === 90 /* Z */) i++;
  else if (z === 43 /* + */ || z === 45 /* - */) {
    const oh = num(i + 1, 2, 58);
    const om = num(i + 4, 2, -1);
    offsetMin = (z === 43 ? 1 : -1) * (oh * 60 + om);
    i += 6;
  } else fail(lineNo, 'a time zone (Z or ±HH:MM) after the timestamp', text.slice(i, i + 20));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    fail(lineNo, 'a valid date and time', text.slice(0, i));
  out.sec = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offsetMin * 60;
  out.usec = usec;
  if (text.charCodeAt(i) !== 32) fail(lineNo, 'a space after the timestamp', text.slice(i, i + 20));
  return i + 1;
}

const isoScratch = { sec: 0, usec: 0 };
const EVENT_NAME = 'an event name (lowercase_snake_case)';

/**
 * Splits one line. Returns null for a blank line. Throws TraceParseError when the line is
 * not `[prefix]event_name[ args]`.
 */
export function parseTraceLine(text: string, lineNo: number): TraceLine | null {
  const out: TraceLine = { line: 0, thread: undefined, sec: NaN, usec: 0, name: '', args: '' };
  return parseTraceLineInto(text, lineNo, out) ? out : null;
}

/**
 * parseTraceLine without the allocation: fills `out` and returns true, or returns false for
 * a blank line. For the importer's hot loop, which reuses one object for every line.
 */
export function parseTraceLineInto(text: string, lineNo: number, out: TraceLine): boolean {
  let end = text.length;
  // Trailing blanks (and a stray '\r' from mixed line endings) carry no meaning.
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 32 && c !== 9 && c !== 13) break;
    end--;
  }
  if (end === 0) return false;
  if (end !== text.length) text = text.slice(0, end);

  let i = 0;
  let thread: number | undefined;
  let sec = NaN;
  let usec = 0;
  const c0 = text.charCodeAt(0);
  if (isDigit(c0)) {
    const d1 = scanDigits(text, 0);
    const sep = text.charCodeAt(d1);
    if (sep === 45 /* - */ && d1 === 4) {
      i = parseIso(text, lineNo, isoScratch);
      sec = isoScratch.sec;
      usec = isoScratch.usec;
    } else {
      // tid@seconds.fraction:
      if (sep !== 64 /* @ */) fail(lineNo, 'a "tid@seconds.micros:" prefix', text.slice(0, 40));
      thread = digitsValue(text, 0, d1);
      if (Number.isNaN(thread)) fail(lineNo, 'a thread id of at most 15 digits', text.slice(0, d1));
      const d2 = scanDigits(text, d1 + 1);
      if (d2 === d1 + 1 || text.charCodeAt(d2) !== 46 /* . */)
        fail(lineNo, 'seconds and "." after "tid@"', text.slice(d1 + 1, d1 + 41));
      sec = digitsValue(text, d1 + 1, d2);
      if (Number.isNaN(sec)) fail(lineNo, 'seconds of at most 15 digits', text.slice(d1 + 1, d2));
      const d3 = scanDigits(text, d2 + 1);
      if (d3 === d2 + 1) fail(lineNo, 'fraction digits after "seconds."', text.slice(d2 + 1, d2 + 41));
      if (text.charCodeAt(d3) !== 58 /* : */) fail(lineNo, '":" after the timestamp', text.slice(d3, d3 + 40));
      usec = fractionMicros(text, d2 + 1, d3);
      i = d3 + 1;
    }
  }

  const nameStart = i;
  if (i >= text.length || !isIdentStart(text.charCodeAt(i))) fail(lineNo, EVENT_NAME, text.slice(i));
  let underscore = false;
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 95) underscore = true;
    else if (!isIdent(c)) break;
  }
  if (!underscore || text.charCodeAt(nameStart) === 95) fail(lineNo, EVENT_NAME, text.slice(nameStart));
  const name = text.slice(nameStart, i);
  let args = '';
  if (i < text.length) {
    if (text.charCodeAt(i) !== 32) {
      throw new TraceParseError(lineNo, 'a space or end of line after the event name', excerpt(text.slice(i)), name);
    }
    args = text.slice(i + 1);
  }
  out.line = lineNo;
  out.thread = thread;
  out.sec = sec;
  out.usec = usec;
  out.name = name;
  out.args = args;
  return true;
}
