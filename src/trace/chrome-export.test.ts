import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChromeTraceEvent } from './chrome-export';
import { assignLanes, chromeTraceJsonChunks, toChromeTrace } from './chrome-export';
import type { RequestSpan, Timeline } from './model';
import { importQemuTraceLines } from './qemu/import';
import { MULTI_DEVICE_LOG } from './qemu/testing-logs';
import { qemuToTimeline } from './qemu/to-timeline';

/** fast-check's seed for this file's properties: a failure reproduces, and the tests name it. */
const FC_SEED = 20261206;

const tl = qemuToTimeline(importQemuTraceLines(MULTI_DEVICE_LOG.split('\n')));

function metaName(events: ChromeTraceEvent[], kind: string, pid: number, tid?: number): string | undefined {
  const e = events.find((x) => x.ph === 'M' && x.name === kind && x.pid === pid && x.tid === tid);
  return (e?.args as { name?: string } | undefined)?.name;
}

describe('toChromeTrace', () => {
  const trace = toChromeTrace(tl);
  const ev = trace.traceEvents;

  it('names a process per device and a thread per queue track', () => {
    expect(metaName(ev, 'process_name', 1)).toBe('virtio-blk 0xa000');
    expect(metaName(ev, 'process_name', 2)).toBe('virtio-net 0xb000');
    expect(metaName(ev, 'thread_name', 1, 1)).toBe('q0 notifications');
    const threads = ev
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === 1)
      .map((e) => (e.args as { name: string }).name);
    // q0 had two requests in flight at once: two request lanes.
    expect(threads).toEqual([
      'q0 notifications',
      'q1 notifications',
      'q0 requests #0',
      'q0 requests #1',
      'q1 requests #0',
    ]);
    expect(ev.findIndex((e) => e.ph !== 'M')).toBe(ev.filter((e) => e.ph === 'M').length);
  });

  it('has every request as a complete slice, never overlapping on a thread', () => {
    const slices = ev.filter((e) => e.ph === 'X');
    expect(slices).toHaveLength(tl.spans.length);
    expect(slices.find((s) => s.name === 'read 8@8')).toMatchObject({
      ts: 16,
      dur: 18,
      cat: 'request',
      args: { used_len: 4097, kick_ts: 10, interrupt_ts: 35 },
    });
    const byTrack = new Map<string, ChromeTraceEvent[]>();
    for (const s of slices) {
      const k = `${s.pid}/${s.tid}`;
      byTrack.set(k, [...(byTrack.get(k) ?? []), s]);
    }
    for (const list of byTrack.values()) {
      list.sort((a, b) => a.ts! - b.ts!);
      for (let i = 1; i < list.length; i++)
        expect(list[i].ts!).toBeGreaterThanOrEqual(list[i - 1].ts! + list[i - 1].dur!);
    }
  });

  it('has kicks and interrupts as instants, batches, and an in-flight counter per queue', () => {
    const inst = ev.filter((e) => e.ph === 'i');
    expect(inst.filter((e) => e.name === 'kick')).toHaveLength(4);
    expect(inst.filter((e) => e.name === 'interrupt')).toHaveLength(4);
    expect(inst.filter((e) => e.cat === 'batch')).toHaveLength(4);
    expect(inst.every((e) => e.s === 't')).toBe(true);
    const counters = ev.filter((e) => e.ph === 'C');
    expect(new Set(counters.map((c) => `${c.pid} ${c.name}`))).toEqual(
      new Set(['1 q0 in-flight', '2 q1 in-flight', '1 q1 in-flight']),
    );
    expect(
      counters
        .filter((c) => c.pid === 1 && c.name === 'q0 in-flight')
        .map((c) => (c.args as Record<string, number>)['in-flight']),
    ).toEqual([1, 2, 0]);
  });

  it('streams the same JSON in chunks', () => {
    const chunks = [...chromeTraceJsonChunks(tl, 7)];
    expect(chunks.length).toBeGreaterThan(5);
    expect(JSON.parse(chunks.join(''))).toEqual(JSON.parse(JSON.stringify(trace)));
    expect(JSON.parse([...chromeTraceJsonChunks({ timeUnit: 'us', spans: [], instants: [] })].join(''))).toMatchObject({
      traceEvents: [],
    });
  });

  it('exports a simulator timeline: ns scaled to µs, unfinished and dropped requests, derived counter', () => {
    const sim: Timeline = {
      timeUnit: 'ns',
      spans: [
        { device: 'blk0', queue: 'q0', id: 1, start: 1000, end: 3000, name: 'r1' },
        { device: 'blk0', queue: 'q0', id: 2, start: 2000 },
        { device: 'blk0', queue: 'q0', id: 3, start: 2500, end: 2600, outcome: 'dropped' },
      ],
      instants: [{ device: 'blk0', queue: 'q0', kind: 'kick', time: 5000 }],
    };
    const t = toChromeTrace(sim);
    expect(t.displayTimeUnit).toBe('ns');
    const x = t.traceEvents.filter((e) => e.ph === 'X');
    expect(x.map((e) => [e.name, e.ts, e.dur, e.args?.unfinished, e.args?.dropped])).toEqual([
      ['r1', 1, 2, undefined, undefined],
      ['req 2', 2, 3, true, undefined], // drawn to the end of the trace (5 µs)
      ['req 3', 2.5, 0.1, undefined, true],
    ]);
    const c = t.traceEvents
      .filter((e) => e.ph === 'C')
      .map((e) => [e.ts, (e.args as Record<string, number>)['in-flight']]);
    expect(c).toEqual([
      [1, 1],
      [2, 2],
      [2.5, 3],
      [2.6, 2],
      [3, 1],
    ]);
  });

  it('notes line-order time', () => {
    expect(toChromeTrace({ timeUnit: 'line', spans: [], instants: [] }).otherData.note).toMatch(/1 log line/);
  });
});

describe('assignLanes', () => {
  it(`fast-check seed ${FC_SEED}: never overlaps spans on a lane and uses about the peak concurrency`, () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 100 }), fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined })),
          { maxLength: 60 },
        ),
        (raw) => {
          const spans: RequestSpan[] = raw.map(([s, d], i) => ({
            device: 'd',
            queue: 'q',
            id: i,
            start: s,
            end: d === undefined ? undefined : s + d,
          }));
          const lanes = assignLanes(spans);
          const byLane = new Map<number, RequestSpan[]>();
          spans.forEach((s, i) => {
            byLane.set(lanes[i], [...(byLane.get(lanes[i]) ?? []), s]);
          });
          for (const list of byLane.values()) {
            list.sort((a, b) => a.start - b.start || (a.end ?? Infinity) - (b.end ?? Infinity) || 0);
            for (let i = 1; i < list.length; i++)
              expect(list[i].start).toBeGreaterThanOrEqual(list[i - 1].end ?? Infinity);
          }
          // Lanes are bounded by peak concurrency: below by that of spans with a length,
          // above by the count that also charges zero-length spans to every span open at them.
          const peakOf = (list: RequestSpan[], zeroBlocks: boolean) => {
            let peak = 0;
            list.forEach((si, i) => {
              const n = list.filter(
                (sj, j) => sj.start <= si.start && (j === i || (sj.end ?? Infinity) > si.start),
              ).length;
              if (zeroBlocks || si.end !== si.start) peak = Math.max(peak, n);
            });
            return peak;
          };
          const positive = spans.filter((x) => x.end !== x.start);
          expect(byLane.size).toBeGreaterThanOrEqual(peakOf(positive, false));
          expect(byLane.size).toBeLessThanOrEqual(peakOf(spans, true));
        },
      ),
      { seed: FC_SEED, numRuns: 300 },
    );
  });
});
