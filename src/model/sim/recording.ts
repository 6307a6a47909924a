/**
 * Time travel over a snapshot-based model. A run is recorded once, keeping every event and a
 * snapshot every `every` steps; a second, live model (the cursor) is then moved to any step by
 * restoring the nearest snapshot at or before it and re-running the few steps after. Stepping
 * forward one step never restores: it just steps the live model, so playing costs one step a frame.
 */

import type { Steppable } from './steppable';

export type { Steppable } from './steppable';

export interface Recording<S, E, X> {
  events: E[];
  /** checkpoints[k] is the state after k * every steps. */
  checkpoints: S[];
  every: number;
  /** One sample per position: samples[0] before any step, samples[n] after n steps. */
  samples: X[];
  /** The run hit maxSteps before the model said it was over. */
  truncated: boolean;
}

export interface RecordOptions<M, X> {
  every: number;
  maxSteps?: number;
  /** Called on the model before the first step and after every step; its results become `samples`. */
  sample?: (model: M) => X;
}

export function record<S, E, X = never, M extends Steppable<S, E> = Steppable<S, E>>(
  model: M,
  opts: RecordOptions<M, X>,
): Recording<S, E, X> {
  if (!(opts.every >= 1) || !Number.isInteger(opts.every))
    throw new RangeError(`checkpoint interval must be a positive integer, got ${opts.every}`);
  const max = opts.maxSteps ?? Number.POSITIVE_INFINITY;
  const events: E[] = [];
  const checkpoints: S[] = [model.snapshot()];
  const samples: X[] = opts.sample ? [opts.sample(model)] : [];
  let truncated = false;
  for (;;) {
    if (events.length >= max) {
      truncated = true;
      break;
    }
    const e = model.step();
    if (e === null) break;
    events.push(e);
    if (opts.sample) samples.push(opts.sample(model));
    if (events.length % opts.every === 0) checkpoints.push(model.snapshot());
  }
  return { events, checkpoints, every: opts.every, samples, truncated };
}

/** A live model that can be put at any recorded position. */
export class Cursor<S, E, M extends Steppable<S, E> = Steppable<S, E>> {
  private pos = 0;
  /** Steps re-run by the last seek (for tests and for judging the checkpoint interval). */
  lastCost = 0;

  constructor(
    readonly model: M,
    private readonly rec: Recording<S, E, unknown>,
  ) {
    model.restore(rec.checkpoints[0]);
  }

  get position(): number {
    return this.pos;
  }

  get length(): number {
    return this.rec.events.length;
  }

  /** Move the live model to the state after `n` events (clamped to the run). */
  seek(n: number): number {
    const target = Math.max(0, Math.min(this.length, Math.floor(n)));
    const k = Math.floor(target / this.rec.every);
    // Restore when going back, or when the nearest checkpoint is closer than where we are.
    if (target < this.pos || k * this.rec.every > this.pos) {
      this.model.restore(this.rec.checkpoints[k]);
      this.pos = k * this.rec.every;
    }
    this.lastCost = target - this.pos;
    while (this.pos < target) {
      if (this.model.step() === null)
        throw new Error(`the model ended at step ${this.pos}, before the recorded ${this.length}`);
      this.pos++;
    }
    return this.pos;
  }
}

/** The last position whose event happened at or before virtual time `t` (0 if none). */
export function positionAtTime<E extends { time: number }>(events: readonly E[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].time <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
