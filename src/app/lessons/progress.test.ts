import { beforeEach, describe, expect, it } from 'vitest';
import { fractionSeen, loadProgress, markAnswer, markSeen, resetProgress, sanitize } from './progress';

describe('lesson progress', () => {
  beforeEach(() => resetProgress());

  it('records steps seen once and answers right or wrong', () => {
    markSeen('rings', 'slots');
    markSeen('rings', 'slots');
    markSeen('rings', 'wrap');
    markAnswer('rings', 'wrap', false);
    const p = markAnswer('rings', 'wrap', true);
    expect(p.rings).toEqual({ seen: ['slots', 'wrap'], right: ['wrap'], wrong: 1 });
    expect(loadProgress().rings.seen).toHaveLength(2);
    expect(fractionSeen(p, 'rings', 4)).toBe(0.5);
    expect(fractionSeen(p, 'other', 4)).toBe(0);
  });

  it('ignores malformed stored values', () => {
    expect(sanitize('x')).toEqual({});
    expect(sanitize({ a: { seen: [1, 'b'], right: 'no', wrong: -2 }, b: null })).toEqual({
      a: { seen: ['b'], right: [], wrong: 0 },
    });
  });
});
