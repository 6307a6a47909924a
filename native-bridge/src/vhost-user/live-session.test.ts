import { describe, expect, it } from 'vitest';
import { memoryChunks } from '@ringside/trace/byte-sources.ts';
import { readRingsideTrace } from '@ringside/trace/ringside/read.ts';
import { runLiveSession } from './live-session.ts';

describe('live sessions stream a valid trace as they run', () => {
  for (const device of ['native', 'blk'] as const) {
    it(`${device}: every line arrives while running, header first, and reads back as a Ringside trace`, async () => {
      const lines: string[] = [];
      const arrivals: number[] = [];
      const r = await runLiveSession({
        device,
        requests: 24,
        batch: 8,
        queueSize: 32,
        features: { eventIdx: true, indirect: false },
        seed: 2,
        paceMs: 30,
        onLine: (l) => {
          lines.push(l);
          arrivals.push(Date.now());
        },
      });
      expect(r.error).toBeNull();
      expect(r.completed).toBe(24);
      // streamed during the run: the paced batches spread the arrivals out
      expect(arrivals[arrivals.length - 1] - arrivals[1]).toBeGreaterThanOrEqual(50);
      const t = await readRingsideTrace(memoryChunks(`${lines.join('\n')}\n`));
      expect(t.header.source).toBe(device === 'blk' ? 'vhost-user' : 'native-device');
      expect(t.events.filter((e) => e.kind === 'reclaim').length).toBe(24);
      expect(t.events.map((e) => e.step)).toEqual(t.events.map((_, i) => i));
    });
  }

  it('stops at the next quiescent point when the viewer goes away', async () => {
    const ac = new AbortController();
    let n = 0;
    const r = await runLiveSession({
      device: 'native',
      requests: 400,
      batch: 8,
      queueSize: 32,
      features: { eventIdx: true, indirect: false },
      seed: 1,
      paceMs: 20,
      signal: ac.signal,
      onLine: () => (++n === 30 ? ac.abort() : undefined),
    });
    expect(r.completed).toBeLessThan(400);
    expect(r.completed % 8).toBe(0);
  });
});
