import { describe, expect, it } from 'vitest';
import { findCycle } from './waitfor';

const e = (from: string, to: string) => ({ from, to, reason: `${from}→${to}` });

describe('findCycle', () => {
  it('finds the cycle that a chain of waits leads into', () => {
    const c = findCycle([e('Alice', 'mux'), e('mux', 'demux'), e('demux', 'Joe'), e('Joe', 'Bob'), e('Bob', 'mux')]);
    expect(c?.map((x) => x.from)).toEqual(['mux', 'demux', 'Joe', 'Bob']);
  });

  it('returns null when waits end at someone who is not waiting', () => {
    expect(findCycle([e('a', 'b'), e('b', 'c')])).toBeNull();
  });
});
