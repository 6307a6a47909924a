/**
 * A run embedded in a page (a lesson step puts one beside its text; a page may hold several):
 * its own playback store over a range of the run's positions, so many small runs can live on one
 * page, each with its own position and play state. DOM-free; the component is EmbeddedRun.tsx.
 */
import type { Seekable } from '../../model/sim/steppable';
import { clamp, createPlayer, type Player } from './player';

export interface EmbeddedRun<R extends Seekable> {
  run: R;
  /** Playback over positions 0 … to − from (the store's position p is the run's from + p). */
  player: Player;
  from: number;
  to: number;
  /** The run's own position for the store's. */
  absolute(p: number): number;
  /** The store's position for one of the run's (clamped into the range). */
  relative(position: number): number;
}

/** Embed `run` between positions `from` and `to`, opened at `start` (all clamped into the run). */
export function embedRun<R extends Seekable>(
  run: R,
  from: number,
  to: number,
  start: number,
  speed = 4,
): EmbeddedRun<R> {
  const lo = clamp(Math.min(from, to), run.length);
  const hi = clamp(Math.max(from, to), run.length);
  const player = createPlayer(speed);
  const e: EmbeddedRun<R> = {
    run,
    player,
    from: lo,
    to: hi,
    absolute: (p) => lo + clamp(p, hi - lo),
    relative: (position) => clamp(position - lo, hi - lo),
  };
  player.getState().load(hi - lo, e.relative(start), (p) => run.seek(lo + p));
  return e;
}
