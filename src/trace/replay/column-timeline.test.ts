import { describe, expect, it } from 'vitest';
import { ringsideToTimeline } from '../../trace/ringside/to-timeline';
import { summarizeTimeline } from '../../trace/summary';
import { columnsTimeline } from './column-timeline';
import { RingFacts } from './ring-facts';
import { indexOf, simTrace } from './test-traces';

describe('columnsTimeline', () => {
  for (const scenario of ['bursty', 'out-of-order', 'nebula-rx', 'hostile-head-out-of-range']) {
    it(`summarises like the event-based timeline (${scenario})`, async () => {
      const { sim, text } = simTrace({ scenario, seed: 3, requests: 50 });
      const idx = await indexOf(text);
      const lines = text.split('\n');
      const facts = new RingFacts();
      for (let i = 0; i < idx.count; i++)
        if (idx.kindOf(i) === 'flush') facts.note(i, 'flush', JSON.parse(lines[i + 1]).data);
      const ours = columnsTimeline(idx.header, idx, facts.flushes);
      const theirs = ringsideToTimeline(idx.header, sim.log);
      expect(summarizeTimeline(ours)).toEqual(summarizeTimeline(theirs));
      expect(ours.spans.map((s) => [s.start, s.end, s.interrupt])).toEqual(
        theirs.spans.map((s) => [s.start, s.end, s.interrupt]),
      );
    });
  }
  it('reads flush facts from an event, with defaults for missing fields', () => {
    const facts = new RingFacts();
    facts.note(4, 'flush', { count: 3, interrupt: true });
    facts.note(6, 'flush', {});
    expect([...facts.flushes]).toEqual([
      [4, { count: 3, interrupt: true }],
      [6, { count: 0, interrupt: false }],
    ]);
  });
});
