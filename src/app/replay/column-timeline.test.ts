import { describe, expect, it } from 'vitest';
import { KIND_CODES } from '../../trace/replay/ringside-index';
import { ringsideToTimeline } from '../../trace/ringside/to-timeline';
import { summarizeTimeline } from '../../trace/summary';
import { columnsTimeline, flushFacts, type FlushFacts } from './column-timeline';
import { indexOf, simTrace } from './test-traces';

describe('columnsTimeline', () => {
  for (const scenario of ['bursty', 'out-of-order', 'nebula-rx', 'hostile-head-out-of-range']) {
    it(`summarises like the event-based timeline (${scenario})`, async () => {
      const { sim, text } = simTrace({ scenario, seed: 3, requests: 50 });
      const idx = await indexOf(text);
      const lines = text.split('\n');
      const flushes: FlushFacts = new Map();
      for (const i of idx.indicesOf('flush')) flushes.set(i, flushFacts(lines[i + 1])!);
      const ours = columnsTimeline(idx.header, { ...idx, count: idx.count, kindNames: KIND_CODES }, flushes);
      const theirs = ringsideToTimeline(idx.header, sim.log);
      expect(summarizeTimeline(ours)).toEqual(summarizeTimeline(theirs));
      expect(ours.spans.map((s) => [s.start, s.end, s.interrupt])).toEqual(theirs.spans.map((s) => [s.start, s.end, s.interrupt]));
    });
  }
  it('reads flush facts and refuses garbage quietly', () => {
    expect(flushFacts('{"data":{"count":3,"interrupt":true}}')).toEqual({ count: 3, interrupt: true });
    expect(flushFacts('not json')).toBeNull();
  });
});
