/**
 * Streaming line reader: bytes in (any async iterable of Uint8Array chunks — a Node stream,
 * a browser ReadableStream via `byteChunks`, a Blob's stream), lines out. It never holds
 * more than one chunk plus one partial line, so a multi-gigabyte trace is fine and a file
 * that is one 100 MB "line" fails as soon as the partial line passes `maxLineLength`.
 *
 * Lines come out in batches (one per input chunk) because awaiting once per line costs
 * more than parsing the line; `readLines` flattens for callers that don't care.
 */

import { InvalidEncodingError, LineTooLongError, abortReason } from './errors';

export const DEFAULT_MAX_LINE_LENGTH = 1 << 20; // 1 Mi characters
const DECODE_SLICE = 1 << 20;

export interface ReadProgress {
  /** Bytes consumed from the source so far. */
  bytesRead: number;
  /** Total size when the caller knows it (file size, Content-Length). */
  totalBytes: number | undefined;
  /** Complete lines produced so far. */
  lines: number;
  done: boolean;
}

export interface LineReaderOptions {
  /** Longest line accepted, in characters after decoding (default 1 Mi). */
  maxLineLength?: number;
  /** Passed through to progress reports. */
  totalBytes?: number;
  onProgress?: (progress: ReadProgress) => void;
  /** Report progress at most once per this many bytes (default 1 MiB); always at the end. */
  progressEveryBytes?: number;
  signal?: AbortSignal;
  /** Throw on invalid UTF-8 instead of substituting U+FFFD (default false). */
  fatalDecoding?: boolean;
}

export interface LineBatch {
  /** 1-based number of `lines[0]`. */
  firstLine: number;
  lines: string[];
}

/**
 * Next chunk of `it`, or the abort reason as soon as `signal` fires, even when the source
 * is stalled (a network stream that stops sending would otherwise hang the import).
 */
function nextOrAbort(
  it: AsyncIterator<Uint8Array>,
  signal: AbortSignal | undefined,
): Promise<IteratorResult<Uint8Array>> {
  if (!signal) return it.next();
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    it.next().then(
      (r) => {
        signal.removeEventListener('abort', onAbort);
        resolve(r);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export async function* readLineBatches(
  source: AsyncIterable<Uint8Array>,
  options: LineReaderOptions = {},
): AsyncGenerator<LineBatch, void, undefined> {
  const maxLen = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const every = options.progressEveryBytes ?? 1 << 20;
  const { signal, onProgress, totalBytes } = options;
  // Stream mode keeps a multi-byte UTF-8 sequence split across two chunks intact.
  const decoder = new TextDecoder('utf-8', { fatal: options.fatalDecoding ?? false });
  // TextDecoder throws a bare TypeError on bad input in fatal mode; give it a line number.
  const decode = (bytes?: Uint8Array): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new InvalidEncodingError(lineNo);
    }
  };
  let carry = ''; // the partial line after the last '\n'
  let lineNo = 1; // number of the next line to complete
  let bytesRead = 0;
  let lastReport = 0;
  const report = (done: boolean) => {
    if (!onProgress) return;
    lastReport = bytesRead;
    onProgress({ bytesRead, totalBytes, lines: lineNo - 1, done });
  };

  /** Split decoded text onto the carry, pushing completed lines to `out`. */
  const split = (text: string, out: string[]): void => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      let line = text.slice(start, nl);
      if (carry.length > 0) {
        line = carry + line;
        carry = '';
      }
      if (line.length > maxLen + 1) throw new LineTooLongError(lineNo, maxLen);
      // CRLF: the '\r' may have arrived in the previous chunk, so strip after joining.
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      if (line.length > maxLen) throw new LineTooLongError(lineNo, maxLen);
      out.push(line);
      lineNo++;
      start = nl + 1;
    }
    if (start < text.length) {
      // +1 leaves room for a '\r' whose '\n' is still to come.
      if (carry.length + (text.length - start) > maxLen + 1) throw new LineTooLongError(lineNo, maxLen);
      carry += start === 0 ? text : text.slice(start);
    }
  };

  const it = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const r = await nextOrAbort(it, signal);
      if (r.done) {
        finished = true;
        break;
      }
      const chunk = r.value;
      bytesRead += chunk.byteLength;
      const firstLine = lineNo;
      const lines: string[] = [];
      // Decode in bounded slices: a source may hand over one enormous chunk, and a
      // newline-free one must fail near maxLineLength, not after decoding all of it.
      for (let off = 0; off < chunk.byteLength; off += DECODE_SLICE) {
        const end = Math.min(chunk.byteLength, off + DECODE_SLICE);
        split(decode(off === 0 && end === chunk.byteLength ? chunk : chunk.subarray(off, end)), lines);
      }
      if (bytesRead - lastReport >= every) report(false);
      if (lines.length > 0) yield { firstLine, lines };
      if (signal?.aborted) throw abortReason(signal);
    }
    const firstLine = lineNo;
    const lines: string[] = [];
    split(decode(), lines);
    if (carry.length > 0) {
      // Last line without a trailing newline: still a line.
      let line = carry;
      carry = '';
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      if (line.length > maxLen) throw new LineTooLongError(lineNo, maxLen);
      lines.push(line);
      lineNo++;
    }
    if (lines.length > 0) yield { firstLine, lines };
    report(true);
  } finally {
    // Release the source (close the file / cancel the stream) on error, abort or early exit.
    if (!finished) await it.return?.().catch(() => undefined);
  }
}

/** One line at a time, for callers that prefer simplicity over throughput. */
export async function* readLines(
  source: AsyncIterable<Uint8Array>,
  options: LineReaderOptions = {},
): AsyncGenerator<string, void, undefined> {
  for await (const batch of readLineBatches(source, options)) yield* batch.lines;
}
