import { describe, expect, it } from 'vitest';
import { ReceivedBytes } from './received-bytes';

describe('ReceivedBytes', () => {
  it('cuts any range out of the chunks received so far', async () => {
    const all = Uint8Array.from({ length: 300 }, (_, i) => (i * 31) % 251);
    const r = new ReceivedBytes();
    const sizes = [1, 7, 0, 64, 3, 100, 125];
    let at = 0;
    for (const n of sizes) {
      r.push(all.slice(at, at + n));
      at += n;
      expect(r.size).toBe(at);
      for (const [a, b] of [
        [0, at],
        [0, 1],
        [at >> 1, at],
        [3, 70],
        [at - 1, at + 50],
        [5, 5],
      ]) {
        expect(Array.from(r.slice(a, b)), `[${a}, ${b}) of ${at}`).toEqual(
          Array.from(all.slice(Math.min(a, at), Math.min(b, at))),
        );
      }
    }
    expect(new Uint8Array(await r.intoBlob().arrayBuffer())).toEqual(all);
    expect(r.size).toBe(0);
  });
});
