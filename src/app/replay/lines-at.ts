/**
 * Reads chosen lines out of a byte stream by their byte offsets, in one sequential pass:
 * the replayer re-reads a file for the few event kinds whose details its columns lack
 * (a flush's batch size and interrupt decision) without keeping every line in memory.
 */
export interface LineRef {
  start: number;
  length: number;
}

/**
 * Calls `onLine(k, text)` for each wanted line (sorted by start, non-overlapping), in order.
 * Stops reading once the last wanted line is complete.
 */
export async function readLinesAt(source: AsyncIterable<Uint8Array>, wanted: readonly LineRef[], onLine: (k: number, text: string) => void, signal?: AbortSignal): Promise<number> {
  const decoder = new TextDecoder('utf-8');
  let k = 0;
  let offset = 0;
  let parts: Uint8Array[] = [];
  let have = 0;
  let found = 0;
  for await (const chunk of source) {
    if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
    const end = offset + chunk.length;
    while (k < wanted.length) {
      const w = wanted[k];
      const from = Math.max(w.start + have, offset);
      const to = Math.min(w.start + w.length, end);
      if (from >= end) break;
      if (to > from) {
        parts.push(chunk.subarray(from - offset, to - offset));
        have += to - from;
      }
      if (have < w.length) break; // continues in the next chunk
      onLine(k, decoder.decode(join(parts, w.length)));
      found++;
      parts = [];
      have = 0;
      k++;
    }
    offset = end;
    if (k >= wanted.length) break;
  }
  return found;
}

function join(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
