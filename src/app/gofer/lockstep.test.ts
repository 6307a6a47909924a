import { describe, expect, it } from 'vitest';
import { buildLockstep } from './lockstep';

describe('lockstep', () => {
  // Column 0: item 0 has 3 events, item 1 has 1. Column 1: item 0 has 1, item 1 has 2.
  const l = buildLockstep(
    [
      [0, 0, 0, 1],
      [0, 1, 1],
    ],
    2,
  );

  it('gives each item as many steps as its longest column', () => {
    expect(l.length).toBe(3 + 2);
  });

  it('lets a column that finished an item wait for the others', () => {
    expect(l.positions(0)).toEqual([0, 0]);
    expect(l.positions(1)).toEqual([1, 1]);
    expect(l.positions(3)).toEqual([3, 1]);
    expect(l.positions(4)).toEqual([4, 2]);
    expect(l.positions(5)).toEqual([4, 3]);
    expect(l.positions(99)).toEqual([4, 3]);
  });

  it('knows the item of every step and when each event happens', () => {
    expect([0, 1, 2, 3, 4, 5].map((g) => l.itemAt(g))).toEqual([-1, 0, 0, 0, 1, 1]);
    expect(l.globalOf(1, 1)).toBe(1);
    expect(l.globalOf(1, 2)).toBe(4);
    expect(l.globalOf(1, 3)).toBe(5);
    expect(l.globalOf(0, 4)).toBe(4);
  });

  it('ends with every column at its last event', () => {
    const m = buildLockstep(
      [
        [0, 1, 2],
        [0, 0, 0, 0, 2],
      ],
      3,
    );
    expect(m.positions(m.length)).toEqual([3, 5]);
  });
});
