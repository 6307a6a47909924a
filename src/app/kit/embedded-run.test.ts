import { describe, expect, it } from 'vitest';
import { embedRun } from './embedded-run';

/** A run whose state after n events is n: seek records where it was put. */
function counter(length: number) {
  return {
    length,
    at: 0,
    seek(p: number) {
      this.at = p;
    },
  };
}

describe('embedRun', () => {
  it('plays only its range and moves the run to from + position', () => {
    const run = counter(100);
    const e = embedRun(run, 10, 20, 15);
    expect(e.player.getState().length).toBe(10);
    expect(e.player.getState().position).toBe(5);
    expect(run.at).toBe(15);
    e.player.getState().seek(99);
    expect(e.player.getState().position).toBe(10);
    expect(run.at).toBe(20);
    e.player.getState().stepBy(-3);
    expect(run.at).toBe(17);
  });

  it('clamps a range and a start outside the run', () => {
    const run = counter(8);
    const e = embedRun(run, 30, -4, 50);
    expect([e.from, e.to]).toEqual([0, 8]);
    expect(run.at).toBe(8);
    expect(e.relative(-1)).toBe(0);
    expect(e.absolute(3)).toBe(3);
  });

  it('keeps two embedded runs apart', () => {
    const a = counter(10);
    const b = counter(10);
    const ea = embedRun(a, 0, 10, 2);
    const eb = embedRun(b, 0, 10, 7);
    ea.player.getState().stepBy(1);
    expect([a.at, b.at]).toEqual([3, 7]);
    expect(eb.player.getState().position).toBe(7);
  });
});
