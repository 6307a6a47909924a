import { describe, expect, it } from 'vitest';
import { buildQuery, intParam, numParam, oneOf } from './query';

describe('query params', () => {
  const q = new URLSearchParams('a=12&b=-1&c=1.5&d=x&e=&m=credit');
  it('accepts in-range integers only', () => {
    expect(intParam(q, 'a', 0, 100)).toBe(12);
    expect(intParam(q, 'b', 0, 100)).toBeUndefined();
    expect(intParam(q, 'c', 0, 100)).toBeUndefined();
    expect(intParam(q, 'd', 0, 100)).toBeUndefined();
    expect(intParam(q, 'e', 0, 100)).toBeUndefined();
    expect(intParam(q, 'zz', 0, 100)).toBeUndefined();
  });
  it('accepts finite numbers and listed words', () => {
    expect(numParam(q, 'c', 0, 2)).toBe(1.5);
    expect(oneOf(q, 'm', ['shared', 'credit'] as const)).toBe('credit');
    expect(oneOf(q, 'd', ['shared'] as const)).toBeUndefined();
  });
  it('builds a query without the undefined values', () => {
    expect(
      buildQuery([
        ['s', 'x'],
        ['seed', 3],
        ['n', undefined],
      ]),
    ).toBe('?s=x&seed=3');
    expect(buildQuery([])).toBe('');
  });
});
