/**
 * Which importer a file needs, from its first bytes: Ringside traces are JSON lines (the
 * first non-blank character is "{"); anything else goes to the QEMU log importer, whose
 * errors then say what it expected. No file extension is trusted.
 */
export type TraceFormat = 'ringside' | 'qemu';

export function detectFormat(head: Uint8Array): TraceFormat {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 byte order mark
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return head[i] === 0x7b ? 'ringside' : 'qemu';
}

/**
 * The source with its first chunk peeked at: `format` is known before the importer starts,
 * and the importer still sees every byte.
 */
export async function peekFormat(
  source: AsyncIterable<Uint8Array>,
): Promise<{ format: TraceFormat; chunks: AsyncIterable<Uint8Array> }> {
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
  return { format: detectFormat(head), chunks };
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
