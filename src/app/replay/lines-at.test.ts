import { describe, expect, it } from 'vitest';
import { memoryChunks } from '../../trace/byte-sources';
import { readLinesAt } from './lines-at';

describe('readLinesAt', () => {
  const lines = ['{"a":1}', 'héllo wörld ✓', '', 'x'.repeat(300), 'last'];
  const text = lines.join('\n') + '\n';
  const bytes = new TextEncoder().encode(text);
  const refs: { start: number; length: number }[] = [];
  let at = 0;
  for (const l of lines) {
    const n = new TextEncoder().encode(l).length;
    refs.push({ start: at, length: n });
    at += n + 1;
  }
  for (const chunk of [1, 3, 7, 64, 4096]) {
    it(`finds lines across chunk cuts (chunk ${chunk})`, async () => {
      const got: string[] = [];
      const pick = [0, 1, 3, 4];
      await readLinesAt(memoryChunks(bytes, chunk), pick.map((i) => refs[i]), (k, t) => (got[k] = t));
      expect(got).toEqual(pick.map((i) => lines[i]));
    });
  }
  it('does nothing for no wanted lines', async () => {
    expect(await readLinesAt(memoryChunks(bytes, 5), [], () => undefined)).toBe(0);
  });
});
