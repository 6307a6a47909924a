import { describe, expect, it } from 'vitest';
import { traceLines } from '../../model/trace/format';
import { simulationHeader } from '../../model/trace/from-simulation';
import { Simulation } from '../../model/vqsim/engine';
import { memoryChunks } from '../byte-sources';
import { TraceParseError } from '../errors';
import { summarizeTimeline } from '../summary';
import { toChromeTrace } from '../chrome-export';
import { readRingsideTrace } from './read';
import { ringsideToTimeline } from './to-timeline';

function traceText(scenario = 'steady', seed = 1): { text: string; sim: Simulation } {
  const sim = new Simulation({ scenario, seed }).run();
  return { text: `${[...traceLines(simulationHeader(sim), sim.log)].join('\n')}\n`, sim };
}

describe('Ringside trace reader', () => {
  it('reads back exactly what the simulator wrote, in small chunks', async () => {
    const { text, sim } = traceText('out-of-order', 3);
    const t = await readRingsideTrace(memoryChunks(text, 97));
    expect(t.header.scenario).toBe('out-of-order');
    expect(t.header.seed).toBe(3);
    expect(t.events).toEqual(sim.log);
    expect(t.badLines.count).toBe(0);
  });

  it('refuses a newer format version clearly', async () => {
    const text = `${JSON.stringify({ format: 'ringside-trace', version: 99, queues: [], features: {} })}\n`;
    await expect(readRingsideTrace(memoryChunks(text))).rejects.toThrow(
      /this file is version 99, written by a newer Ringside/,
    );
  });

  it('refuses a file that is not a Ringside trace, naming the line', async () => {
    await expect(
      readRingsideTrace(memoryChunks('9637@1795316527.850680:virtio_queue_notify vdev 0x1 n 0 vq 0x2\n')),
    ).rejects.toThrow(/line 1: expected a JSON header line/);
    await expect(readRingsideTrace(memoryChunks(''))).rejects.toThrow(/an empty file/);
  });

  it('reports a bad event line with its number and what was expected, or skips it', async () => {
    const { text } = traceText();
    const lines = text.split('\n');
    lines[5] = '{"step":"x"}';
    lines[9] = '\u0000\u0001garbage';
    const bad = lines.join('\n');
    const err = await readRingsideTrace(memoryChunks(bad)).catch((e) => e);
    expect(err).toBeInstanceOf(TraceParseError);
    expect(err.message).toBe('line 6: expected "step": a non-negative number, found "x"');
    const skipped = await readRingsideTrace(memoryChunks(bad), { onBadLine: 'skip' });
    expect(skipped.badLines.count).toBe(2);
    expect(skipped.badLines.samples[1].line).toBe(10);
    expect(skipped.events.length).toBe(lines.filter((l) => l.trim()).length - 3);
  });

  it('keeps hostile text as data (HTML stays a string)', async () => {
    const { text } = traceText();
    const lines = text.split('\n');
    const ev = JSON.parse(lines[1]);
    ev.text = '<img src=x onerror=alert(1)>';
    lines[1] = JSON.stringify(ev);
    const t = await readRingsideTrace(memoryChunks(lines.join('\n')));
    expect(t.events[0].text).toBe('<img src=x onerror=alert(1)>');
  });

  it('summarises and exports a model trace through the shared timeline', async () => {
    const { text, sim } = traceText('bursty', 2);
    const t = await readRingsideTrace(memoryChunks(text));
    const tl = ringsideToTimeline(t.header, t.events);
    const s = summarizeTimeline(tl);
    const q = s.devices[0].queues[0];
    expect(q.requests).toBe(sim.completed);
    expect(q.kicks).toBe(sim.log.filter((e) => e.kind === 'kick').length);
    const chrome = toChromeTrace(tl);
    expect(chrome.traceEvents.filter((e) => e.ph === 'X').length).toBe(sim.completed);
    expect(chrome.traceEvents.some((e) => e.ph === 'C')).toBe(true);
  });
});
