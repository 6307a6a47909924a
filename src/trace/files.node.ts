/** Node-only: a file as byte chunks plus its size, for the CLI and tests. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

export async function fileChunks(
  path: string,
  highWaterMark = 256 * 1024,
): Promise<{ chunks: AsyncIterable<Uint8Array>; totalBytes: number }> {
  const { size } = await stat(path);
  return { chunks: createReadStream(path, { highWaterMark }), totalBytes: size };
}
