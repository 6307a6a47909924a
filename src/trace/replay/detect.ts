/**
 * Which importer a file needs, from its first bytes: Ringside traces are JSON lines (the
 * first non-blank character is "{"); other text goes to the QEMU log importer, whose errors
 * then say what it expected. A file with nothing in it, or bytes that are not text, is
 * neither, and is refused here with words that say so. No file extension is trusted.
 */
import { TraceError } from '../errors';

export type TraceFormat = 'ringside' | 'qemu';

/** How much of the head is judged for being text. */
const SNIFF_BYTES = 4096;

const isBlank = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

export function detectFormat(head: Uint8Array): TraceFormat {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 byte order mark
  while (i < head.length && isBlank(head[i])) i++;
  return head[i] === 0x7b ? 'ringside' : 'qemu';
}

/** Whether the head is text: valid UTF-8 (a character cut at the end is fine) with no NUL or other control bytes but tab, newline, return and escape. */
export function looksLikeText(head: Uint8Array): boolean {
  const h = head.subarray(0, SNIFF_BYTES);
  for (const b of h) if (b < 0x20 && !isBlank(b) && b !== 0x1b) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(h, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The first bytes as a reader can see them: printable ASCII as is, anything else as "·", and in hex. */
export function printableExcerpt(head: Uint8Array, n = 32): string {
  const h = head.subarray(0, n);
  const text = Array.from(h, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·')).join('');
  const hex = Array.from(h.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `“${text}” (hex ${hex}${h.length > 16 ? ' …' : ''})`;
}

/** Refuse what no importer can read, before either tries: an empty file, or one that is not text. */
export function refuseUnreadable(name: string, head: Uint8Array, wholeFile: boolean): void {
  if (wholeFile && head.every(isBlank))
    throw new TraceError(
      `${name} is empty${head.length ? ' (only blank lines)' : ''}: there is nothing to replay. A Ringside trace has a header line and events; a QEMU trace log has one event per line.`,
    );
  if (!looksLikeText(head))
    throw new TraceError(
      `${name} is neither a Ringside trace (JSON lines) nor a QEMU trace log: it is not text. It begins ${printableExcerpt(head)}.`,
    );
}

/**
 * The source with its first chunk peeked at: `format` is known before the importer starts,
 * and the importer still sees every byte.
 */
export async function peekFormat(
  source: AsyncIterable<Uint8Array>,
): Promise<{ format: TraceFormat; head: Uint8Array; ended: boolean; chunks: AsyncIterable<Uint8Array> }> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? new Uint8Array(0) : first.value;
  const chunks: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]() {
      let sentFirst = first.done === true;
      return {
        next: async () => {
          if (!sentFirst) {
            sentFirst = true;
            return { done: false, value: head };
          }
          return it.next();
        },
        return: async () => {
          await it.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { format: detectFormat(head), head, ended: first.done === true, chunks };
}

/** Counts bytes as they pass, for progress bars (the QEMU importer reports lines, not bytes). */
export async function* counted(
  source: AsyncIterable<Uint8Array>,
  onBytes: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const c of source) {
    n += c.length;
    onBytes(n);
    yield c;
  }
}
