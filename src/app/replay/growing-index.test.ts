import { describe, expect, it } from 'vitest';
import { memoryChunks } from '../../trace/byte-sources';
import { byteLines, type ByteLine } from '../../trace/replay/byte-lines';
import { RingsideTraceIndex } from '../../trace/replay/ringside-index';
import { parseHeader } from '../../trace/ringside/read';
import { GrowingRingsideIndex } from './growing-index';
import { simTrace } from './test-traces';

async function linesOf(text: string, chunk = 777): Promise<ByteLine[]> {
  const out: ByteLine[] = [];
  for await (const batch of byteLines(memoryChunks(text, chunk))) out.push(...batch);
  return out;
}

/** The growing index fed line by line; `each(index)` runs after every event. */
async function grow(text: string, budget?: number, each?: (ix: GrowingRingsideIndex) => void, onBadLine: 'stop' | 'skip' = 'stop'): Promise<GrowingRingsideIndex> {
  const lines = (await linesOf(text)).filter((l) => l.text.trim() !== '');
  const ix = new GrowingRingsideIndex(parseHeader(lines[0].text, lines[0].line), budget);
  for (const l of lines.slice(1)) {
    ix.append(l, onBadLine);
    each?.(ix);
  }
  return ix;
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('GrowingRingsideIndex', () => {
  for (const scenario of ['out-of-order', 'wrap-around', 'indirect', 'hostile-descriptor-loop']) {
    it(`${scenario}: columns and memory at every step equal the complete index, at every prefix`, async () => {
      const { text } = simTrace({ scenario, seed: 3, requests: 150 });
      const full = await RingsideTraceIndex.build(memoryChunks(text));
      // A budget of two rings' worth of checkpoints makes the interval double as the trace grows.
      const budget = 2 * full.memorySize;
      let checked = 0;
      const ix = await grow(text, budget, (g) => {
        const n = g.count;
        // The newest step and a few behind it, while the trace is still "arriving".
        for (const p of new Set([n, n - 1, n % 7 === 0 ? Math.floor(n / 2) : 0])) {
          expect(same(g.memoryAt(p), full.memoryAt(p)), `memory at ${p} of ${n}`).toBe(true);
          checked++;
        }
      });
      expect(checked).toBeGreaterThan(0);
      expect(ix.count).toBe(full.count);
      if (full.count >= 1024) expect(ix.checkpointEvery).toBeGreaterThan(256);
      for (const k of ['time', 'kind', 'actor', 'inFlight', 'free', 'head', 'request', 'lineStart', 'lineLength'] as const) {
        expect(Array.from(ix[k]), k).toEqual(Array.from(full[k]));
      }
      for (let p = 0; p <= full.count; p++) expect(same(ix.memoryAt(p), full.memoryAt(p)), `memory at ${p}`).toBe(true);
      for (const i of [0, 5, full.count - 1]) expect(ix.kindOf(i)).toBe(full.kindOf(i));
      expect(ix.retainedBytes()).toBeGreaterThan(0);
    });
  }

  it('refuses a bad line with its number, as the complete index does, or skips and counts it', async () => {
    const { text } = simTrace({ scenario: 'steady', seed: 1, requests: 8 });
    const lines = text.split('\n');
    lines[3] = '\u0000garbage';
    const bad = lines.join('\n');
    await expect(RingsideTraceIndex.build(memoryChunks(bad))).rejects.toThrow(/line 4:/);
    await expect(grow(bad)).rejects.toThrow(/line 4:/);
    const skipped = await grow(bad, undefined, undefined, 'skip');
    expect(skipped.badLines).toBe(1);
    expect(skipped.count).toBe((await RingsideTraceIndex.build(memoryChunks(bad), { onBadLine: 'skip' })).count);
    const badWrite = text.split('\n');
    badWrite[2] = badWrite[2].replace('[0,"00', '[0,"zz');
    await expect(grow(badWrite.join('\n'))).rejects.toThrow(/line 3: expected hex digits/);
  });
});
