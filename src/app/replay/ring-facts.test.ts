import { describe, expect, it } from 'vitest';
import { RingFacts } from './ring-facts';

describe('RingFacts', () => {
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
