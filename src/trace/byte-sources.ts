/**
 * Adapters from the byte sources a browser or Node hands us to `AsyncIterable<Uint8Array>`,
 * the one shape the line reader accepts. Node streams are already async iterables of
 * Buffer (a Uint8Array); file paths live in `files.node.ts` to keep this module DOM/Node-free.
 */

/**
 * A ReadableStream as an async iterable, through `getReader()` because not every browser
 * implements `ReadableStream[Symbol.asyncIterator]`. Breaking out of the loop cancels
 * the stream.
 */
export function byteChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      const reader = stream.getReader();
      return {
        async next(): Promise<IteratorResult<Uint8Array>> {
          const r = await reader.read();
          if (r.done) {
            reader.releaseLock();
            return { done: true, value: undefined };
          }
          return { done: false, value: r.value };
        },
        async return(): Promise<IteratorResult<Uint8Array>> {
          await reader.cancel().catch(() => undefined);
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/** A Blob/File (browser file picker, drag and drop) with its size for progress. */
export function blobChunks(blob: Blob): { chunks: AsyncIterable<Uint8Array>; totalBytes: number } {
  return { chunks: byteChunks(blob.stream() as ReadableStream<Uint8Array>), totalBytes: blob.size };
}

/**
 * In-memory text or bytes cut into chunks of `chunkSize` bytes — for tests and for text
 * that is already in memory (a paste). Cuts fall anywhere, including inside a UTF-8 sequence.
 */
export async function* memoryChunks(data: string | Uint8Array, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const step = Math.max(1, chunkSize | 0);
  for (let i = 0; i < bytes.length; i += step) yield bytes.subarray(i, Math.min(bytes.length, i + step));
}
