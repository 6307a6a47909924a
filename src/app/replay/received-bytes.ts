/**
 * The bytes of a fetched trace as they arrive, kept as the chunks the network delivered,
 * so an event's line can be cut out (for the event list and the detail panel) while the
 * rest of the stream is still coming. Once it has ended, the chunks become one Blob.
 */
export class ReceivedBytes {
  private readonly chunks: Uint8Array[] = [];
  /** ends[k]: offset just past chunk k. */
  private readonly ends: number[] = [];

  get size(): number {
    return this.ends.length ? this.ends[this.ends.length - 1] : 0;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.ends.push(this.size + chunk.length);
  }

  /** Bytes [start, end) of what has arrived (clamped to it). */
  slice(start: number, end: number): Uint8Array {
    const a = Math.max(0, Math.min(start, this.size));
    const b = Math.max(a, Math.min(end, this.size));
    const out = new Uint8Array(b - a);
    // First chunk that ends past `a` (binary search: a long session has many chunks).
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] <= a) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo, at = a; at < b; k++) {
      const chunkStart = this.ends[k] - this.chunks[k].length;
      const from = at - chunkStart;
      const to = Math.min(this.chunks[k].length, b - chunkStart);
      out.set(this.chunks[k].subarray(from, to), at - a);
      at += to - from;
    }
    return out;
  }

  /** Moves the bytes into one Blob and drops the chunks (a big trace is not kept twice). */
  intoBlob(): Blob {
    const blob = new Blob(this.chunks as BlobPart[]);
    this.chunks.length = 0;
    this.ends.length = 0;
    return blob;
  }
}
