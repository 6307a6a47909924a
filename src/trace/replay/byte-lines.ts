/**
 * Lines with their byte offsets: the replayer keeps only compact columns per event and
 * fetches an event's full line from the file (Blob.slice) when it is shown, so it needs
 * to know where each line starts. Splits on '\n' in the raw bytes (a newline byte never
 * occurs inside a UTF-8 sequence), strips a trailing '\r', decodes each line on its own.
 */
import { LineTooLongError } from '../errors';
import { DEFAULT_MAX_LINE_LENGTH } from '../line-reader';

export interface ByteLine {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte in the source. */
  start: number;
  /** Bytes in the line, without the line break. */
  length: number;
  text: string;
}

export async function* byteLines(
  source: AsyncIterable<Uint8Array>,
  maxLineBytes = DEFAULT_MAX_LINE_LENGTH * 4,
): AsyncGenerator<ByteLine[]> {
  const decoder = new TextDecoder('utf-8');
  // The unfinished line: pieces of earlier chunks, joined only once its newline arrives
  // (joining on every chunk made a long line quadratic).
  let parts: Uint8Array[] = [];
  let partsBytes = 0;
  let partsStart = 0;
  let offset = 0;
  let line = 0;
  /** The line that ends with `tail`, which starts at byte `tailStart` when no earlier parts exist. */
  const finish = (tail: Uint8Array, tailStart: number): ByteLine => {
    let bytes = tail;
    if (parts.length > 0) {
      bytes = new Uint8Array(partsBytes + tail.length);
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
      bytes.set(tail, at);
    }
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 13) end--;
    line++;
    const start = parts.length > 0 ? partsStart : tailStart;
    parts = [];
    partsBytes = 0;
    return { line, start, length: end, text: decoder.decode(bytes.subarray(0, end)) };
  };
  for await (const chunk of source) {
    const out: ByteLine[] = [];
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      if (nl < 0) break;
      out.push(finish(chunk.subarray(from, nl), offset + from));
      from = nl + 1;
    }
    if (from < chunk.length) {
      if (parts.length === 0) partsStart = offset + from;
      parts.push(chunk.slice(from));
      partsBytes += chunk.length - from;
      if (partsBytes > maxLineBytes) throw new LineTooLongError(line + 1, maxLineBytes);
    }
    offset += chunk.length;
    if (out.length > 0) yield out;
  }
  if (partsBytes > 0) yield [finish(new Uint8Array(0), offset)];
}
