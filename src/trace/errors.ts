/**
 * Typed errors for trace reading and importing. Everything the trace code throws on bad
 * input is one of these (or the AbortSignal's reason on cancellation), so a UI can show a
 * precise message and a fuzz test can assert "no other kind of exception".
 */

export class TraceError extends Error {
  override name = 'TraceError';
}

/** A line grew past the configured maximum before its newline arrived. */
export class LineTooLongError extends TraceError {
  override name = 'LineTooLongError';
  constructor(
    /** 1-based number of the offending line. */
    readonly line: number,
    /** The configured limit, in characters (UTF-16 code units after decoding). */
    readonly maxLength: number,
  ) {
    super(
      `line ${line} is longer than ${maxLength} characters without a line break; ` +
        `this is not a line-oriented trace, or raise maxLineLength`,
    );
  }
}

/** Bytes that are not UTF-8, with `fatalDecoding` on. */
export class InvalidEncodingError extends TraceError {
  override name = 'InvalidEncodingError';
  constructor(
    /** 1-based line at or after which decoding failed (whole chunks are decoded at once). */
    readonly line: number,
  ) {
    super(
      `text at or after line ${line} is not valid UTF-8 (is this a binary trace? QEMU's "simple" backend needs simpletrace.py first)`,
    );
  }
}

/** A line that is not what the trace format allows. */
export class TraceParseError extends TraceError {
  override name = 'TraceParseError';
  constructor(
    /** 1-based line number. */
    readonly line: number,
    /** What the parser wanted at this point, e.g. "`elem <pointer>`". */
    readonly expected: string,
    /** A short, printable excerpt of what it found instead. */
    readonly found: string,
    /** The event name, when the line got that far. */
    readonly event?: string,
  ) {
    super(`line ${line}${event ? ` (${event})` : ''}: expected ${expected}, found ${found}`);
  }
}

/** Short printable excerpt of untrusted text for error messages (no control characters). */
export function excerpt(text: string, max = 40): string {
  if (text.length === 0) return 'end of line';
  const cut = text.length > max ? text.slice(0, max) : text;
  const clean = cut.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
  return JSON.stringify(clean) + (text.length > max ? '…' : '');
}

/** The error to throw when a signal fires: its reason, as fetch() and streams do. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The trace import was aborted', 'AbortError');
}
