import { describe, expect, it } from 'vitest';
import { traceLines } from '../../model/trace/format';
import { simulationHeader } from '../../model/trace/from-simulation';
import { Simulation } from '../../model/vqsim/engine';
import { memoryChunks } from '../byte-sources';
import { byteLines } from './byte-lines';
import { firstDivergence } from './diverge';
import { RingsideTraceIndex } from './ringside-index';

function trace(scenario: string, seed: number, extra: object = {}) {
  const sim = new Simulation({ scenario, seed, ...extra }).run();
  const text = [...traceLines(simulationHeader(sim), sim.log)].join('\n') + '\n';
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
      expect(Buffer.from(idx.memoryAt(p)).equals(Buffer.from(sim.vq.mem.image().subarray(0, idx.memorySize)))).toBe(true);
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
    const b = await RingsideTraceIndex.build(memoryChunks(trace('steady', 1, { interventions: [{ at: 20, action: 'add-request' }] }).bytes));
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
