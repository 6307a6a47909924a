import { describe, expect, it } from 'vitest';
import { createPlayer, MAX_SPEED, stepsFor } from './player';

describe('player', () => {
  it('moves the model before it announces a position', () => {
    const p = createPlayer();
    const moves: number[] = [];
    p.getState().load(20, 5, (n) => moves.push(n));
    expect(p.getState().position).toBe(5);
    p.getState().stepBy(1);
    p.getState().stepBy(-3);
    p.getState().seek(99);
    expect(moves).toEqual([5, 6, 3, 20]);
    expect(p.getState().position).toBe(20);
  });

  it('clamps, counts ticks and stops playing on user moves', () => {
    const p = createPlayer();
    p.getState().load(10, 50, () => undefined);
    expect(p.getState().position).toBe(10);
    p.getState().seek(3);
    p.getState().play();
    expect(p.getState().playing).toBe(true);
    const t = p.getState().tick;
    p.getState().seek(4, 'play');
    expect(p.getState().playing).toBe(true);
    p.getState().stepBy(1);
    expect(p.getState().playing).toBe(false);
    expect(p.getState().tick).toBe(t + 2);
    p.getState().seek(-5);
    expect(p.getState().position).toBe(0);
  });

  it('restarts from the beginning when played at the end', () => {
    const p = createPlayer();
    p.getState().load(8, 8, () => undefined);
    p.getState().toggle();
    expect(p.getState().position).toBe(0);
    expect(p.getState().playing).toBe(true);
    p.getState().toggle();
    expect(p.getState().playing).toBe(false);
  });

  it('does not play an empty run, and bounds the speed', () => {
    const p = createPlayer();
    p.getState().play();
    expect(p.getState().playing).toBe(false);
    p.getState().setSpeed(1e9);
    expect(p.getState().speed).toBe(MAX_SPEED);
  });
});

describe('stepsFor', () => {
  it('carries fractions between frames', () => {
    let acc = 0;
    let total = 0;
    for (let i = 0; i < 60; i++) {
      const r = stepsFor(1000 / 60, 3, acc);
      acc = r.acc;
      total += r.steps;
    }
    expect(total).toBe(3);
  });
  it('caps a long pause (a background tab) at a quarter second', () => {
    expect(stepsFor(10_000, 100, 0).steps).toBe(25);
  });
});
