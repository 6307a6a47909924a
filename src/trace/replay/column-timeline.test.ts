import { describe, expect, it } from 'vitest';
import { ringsideToTimeline } from '../ringside/to-timeline';
import { summarizeTimeline } from '../summary';
import { columnsTimeline } from './column-timeline';
import { indexOf, simTrace } from './test-traces';

describe('columnsTimeline', () => {
  for (const scenario of ['bursty', 'out-of-order', 'nebula-rx', 'hostile-head-out-of-range']) {
    it(`summarises like the event-based timeline (${scenario})`, async () => {
      const { sim, text } = simTrace({ scenario, seed: 3, requests: 50 });
      const idx = await indexOf(text);
      const lines = text.split('\n');
      // Each flush's batch size and interrupt decision, as the replay's RingFacts note them.
      const flushes = new Map<number, { count: number; interrupt: boolean }>();
      for (let i = 0; i < idx.count; i++) {
        if (idx.kindOf(i) !== 'flush') continue;
        const data = JSON.parse(lines[i + 1]).data;
        flushes.set(i, { count: typeof data.count === 'number' ? data.count : 0, interrupt: data.interrupt === true });
      }
      const ours = columnsTimeline(idx.header, idx, flushes);
      const theirs = ringsideToTimeline(idx.header, sim.log);
      expect(summarizeTimeline(ours)).toEqual(summarizeTimeline(theirs));
      expect(ours.spans.map((s) => [s.start, s.end, s.interrupt])).toEqual(
        theirs.spans.map((s) => [s.start, s.end, s.interrupt]),
      );
    });
  }
});
