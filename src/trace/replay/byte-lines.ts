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

export async function* byteLines(source: AsyncIterable<Uint8Array>, maxLineBytes = DEFAULT_MAX_LINE_LENGTH * 4): AsyncGenerator<ByteLine[]> {
  const decoder = new TextDecoder('utf-8');
  let carry: Uint8Array | null = null;
  let carryStart = 0;
  let offset = 0;
  let line = 0;
  for await (const chunk of source) {
    const out: ByteLine[] = [];
    let buf = chunk;
    let bufStart = offset;
    if (carry) {
      const joined = new Uint8Array(carry.length + chunk.length);
      joined.set(carry);
      joined.set(chunk, carry.length);
      buf = joined;
      bufStart = carryStart;
      carry = null;
    }
    let from = 0;
    for (;;) {
      const nl = buf.indexOf(10, from);
      if (nl < 0) break;
      let end = nl;
      if (end > from && buf[end - 1] === 13) end--;
      line++;
      out.push({ line, start: bufStart + from, length: end - from, text: decoder.decode(buf.subarray(from, end)) });
      from = nl + 1;
    }
    if (from < buf.length) {
      if (buf.length - from > maxLineBytes) throw new LineTooLongError(line + 1, maxLineBytes);
      carry = buf.slice(from);
      carryStart = bufStart + from;
    }
    offset += chunk.length;
    if (out.length > 0) yield out;
  }
  if (carry && carry.length > 0) {
    let end = carry.length;
    if (carry[end - 1] === 13) end--;
    line++;
    yield [{ line, start: carryStart, length: end, text: decoder.decode(carry.subarray(0, end)) }];
  }
}
