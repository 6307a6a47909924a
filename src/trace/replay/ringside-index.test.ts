import { describe, expect, it } from 'vitest';
import { traceLines } from '../../model/trace/format';
import { simulationHeader } from '../../model/trace/from-simulation';
import { Simulation } from '../../model/vqsim/engine';
import { memoryChunks } from '../byte-sources';
import { byteLines, type ByteLine } from './byte-lines';
import { firstDivergence } from './diverge';
import { RingsideTraceIndex } from './ringside-index';
import { parseHeader } from '../ringside/read';

function trace(scenario: string, seed: number, extra: object = {}) {
  const sim = new Simulation({ scenario, seed, ...extra }).run();
  const text = `${[...traceLines(simulationHeader(sim), sim.log)].join('\n')}\n`;
  return { sim, text, bytes: new TextEncoder().encode(text) };
}

describe('byteLines', () => {
  it('gives exact byte offsets across chunk boundaries, with multi-byte characters and CRLF', async () => {
    const text = 'a→b\r\nµs line\n\nlast';
    const bytes = new TextEncoder().encode(text);
    const got = [];
    for await (const batch of byteLines(memoryChunks(bytes, 3))) got.push(...batch);
    expect(got.map((l) => l.text)).toEqual(['a→b', 'µs line', '', 'last']);
    for (const l of got) expect(new TextDecoder().decode(bytes.subarray(l.start, l.start + l.length))).toBe(l.text);
  });
});

describe('byteLines on long lines', () => {
  it('stays linear: a 12 MiB line in 1000-byte chunks is quick', async () => {
    const big = new Uint8Array(12 << 20).fill(97);
    big[big.length - 1] = 10;
    const t0 = Date.now();
    let n = 0;
    for await (const batch of byteLines(memoryChunks(big, 1000), 16 << 20)) n += batch.length;
    expect(n).toBe(1);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe('RingsideTraceIndex', () => {
  it('starts from the initial ring image in the header (indices that begin at 65530)', async () => {
    const { sim, bytes } = trace('wrap-around', 1);
    const idx = await RingsideTraceIndex.build(memoryChunks(bytes));
    for (const p of [0, 1, 5, idx.count]) {
      sim.seek(p);
      expect(Buffer.from(idx.memoryAt(p)).equals(Buffer.from(sim.vq.mem.image().subarray(0, idx.memorySize)))).toBe(
        true,
      );
    }
  });

  it('keeps every event as columns and finds each line by its byte offset', async () => {
    const { sim, bytes } = trace('out-of-order', 2);
    const idx = await RingsideTraceIndex.build(memoryChunks(bytes, 4096));
    expect(idx.count).toBe(sim.log.length);
    for (const i of [0, 7, Math.floor(idx.count / 2), idx.count - 1]) {
      const e = sim.log[i];
      expect(idx.kindOf(i)).toBe(e.kind);
      expect(idx.time[i]).toBe(e.time);
      expect(idx.inFlight[i]).toBe(e.inFlight);
      const line = new TextDecoder().decode(bytes.subarray(idx.lineStart[i], idx.lineStart[i] + idx.lineLength[i]));
      expect(JSON.parse(line)).toEqual(e);
    }
  });

  it('rebuilds ring memory at any step exactly as the simulator had it, seeking both ways', async () => {
    const { sim, bytes } = trace('bursty', 4);
    const idx = await RingsideTraceIndex.build(memoryChunks(bytes, 65536));
    const ringBytes = idx.memorySize;
    for (const p of [idx.count, 1, 300, Math.floor(idx.count / 3), 0, idx.count - 1]) {
      sim.seek(p);
      const expected = sim.vq.mem.image().subarray(0, ringBytes);
      const got = idx.memoryAt(p);
      // zeroed memory + the writes from position 0 reproduce everything the events wrote
      expect(Buffer.from(got).equals(Buffer.from(expected))).toBe(true);
    }
  });

  it('marks the first divergence between two runs', async () => {
    const a = await RingsideTraceIndex.build(memoryChunks(trace('steady', 1).bytes));
    const b = await RingsideTraceIndex.build(
      memoryChunks(trace('steady', 1, { interventions: [{ at: 20, action: 'add-request' }] }).bytes),
    );
    expect(firstDivergence(a, a)).toBeNull();
    expect(firstDivergence(a, b)).toMatchObject({ index: 20, field: 'kind', right: 'intervention' });
  });

  it('refuses garbage with a line number, or skips it', async () => {
    const { text } = trace('steady', 1);
    const lines = text.split('\n');
    lines[3] = '\u0000garbage';
    const bad = new TextEncoder().encode(lines.join('\n'));
    await expect(RingsideTraceIndex.build(memoryChunks(bad))).rejects.toThrow(/line 4:/);
    const idx = await RingsideTraceIndex.build(memoryChunks(bad), { onBadLine: 'skip' });
    expect(idx.badLines).toBe(1);
  });
});

async function linesOf(text: string, chunk = 777): Promise<ByteLine[]> {
  const out: ByteLine[] = [];
  for await (const batch of byteLines(memoryChunks(text, chunk))) out.push(...batch);
  return out;
}

/** The index fed line by line, as a live session arrives; `each(index)` runs after every event. */
async function grow(
  text: string,
  budget?: number,
  each?: (ix: RingsideTraceIndex) => void,
  onBadLine: 'stop' | 'skip' = 'stop',
): Promise<RingsideTraceIndex> {
  const lines = (await linesOf(text)).filter((l) => l.text.trim() !== '');
  const ix = new RingsideTraceIndex(parseHeader(lines[0].text, lines[0].line), budget);
  for (const l of lines.slice(1)) {
    ix.append(l, onBadLine);
    each?.(ix);
  }
  return ix;
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('RingsideTraceIndex growing line by line (a live session)', () => {
  for (const scenario of ['out-of-order', 'wrap-around', 'indirect', 'hostile-descriptor-loop']) {
    it(`${scenario}: columns and memory at every step equal the whole file's index, at every prefix`, async () => {
      const { text } = trace(scenario, 3, { requests: 150 });
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
      if (full.count >= 1024) expect(ix.checkpointEvery).toBeGreaterThan(full.checkpointEvery);
      for (const k of [
        'time',
        'kind',
        'actor',
        'inFlight',
        'free',
        'head',
        'request',
        'lineStart',
        'lineLength',
      ] as const) {
        expect(Array.from(ix[k]), k).toEqual(Array.from(full[k]));
      }
      for (let p = 0; p <= full.count; p++) expect(same(ix.memoryAt(p), full.memoryAt(p)), `memory at ${p}`).toBe(true);
      for (const i of [0, 5, full.count - 1]) expect(ix.kindOf(i)).toBe(full.kindOf(i));
      expect(ix.retainedBytes()).toBeGreaterThan(0);
    });
  }

  it('refuses a bad line with its number, or skips and counts it, as a whole-file build does', async () => {
    const { text } = trace('steady', 1, { requests: 8 });
    const lines = text.split('\n');
    lines[3] = '\u0000garbage';
    const bad = lines.join('\n');
    await expect(grow(bad)).rejects.toThrow(/line 4:/);
    const skipped = await grow(bad, undefined, undefined, 'skip');
    expect(skipped.badLines).toBe(1);
    expect(skipped.count).toBe((await RingsideTraceIndex.build(memoryChunks(bad), { onBadLine: 'skip' })).count);
  });

  it('refuses an event with a bad write whole: nothing of it is kept, and later events index as before', async () => {
    const { text } = trace('steady', 1, { requests: 8 });
    const full = await RingsideTraceIndex.build(memoryChunks(text));
    const lines = (await linesOf(text)).filter((l) => l.text.trim() !== '');
    const ix = new RingsideTraceIndex(parseHeader(lines[0].text, lines[0].line));
    ix.append(lines[1]);
    // A write whose first run is good and whose second is not: the good one must not stay in the log.
    const badText = lines[2].text.replace(/"writes":\[/, '"writes":[[0,"ff"],[8,"zz"],');
    expect(badText).not.toBe(lines[2].text);
    expect(() => ix.append({ ...lines[2], text: badText })).toThrow(/line 3: expected hex digits/);
    expect(ix.count).toBe(1);
    for (const l of lines.slice(2)) ix.append(l);
    expect(ix.count).toBe(full.count);
    for (let p = 0; p <= full.count; p++) expect(same(ix.memoryAt(p), full.memoryAt(p)), `memory at ${p}`).toBe(true);
  });
});

describe('RingsideTraceIndex without ring memory', () => {
  it('a header with memory null indexes every event, and memoryAt is empty at any step (no checkpoint to look up)', async () => {
    const { text, sim } = trace('steady', 4);
    const lines = text.split('\n');
    const header = JSON.parse(lines[0]);
    for (const q of header.queues) q.memory = null;
    lines[0] = JSON.stringify(header);
    const idx = await RingsideTraceIndex.build(memoryChunks(new TextEncoder().encode(lines.join('\n')), 4096));
    expect(idx.count).toBe(sim.log.length);
    expect(idx.count).toBeGreaterThan(300);
    for (const p of [0, 1, 257, 300, idx.count - 1, idx.count]) expect(idx.memoryAt(p).length).toBe(0);
  });
});
