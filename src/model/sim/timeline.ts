/**
 * Time travel for a model that is its own live state: record the run once to the end (so the
 * whole event log is known and can be drawn), then keep the same model as the cursor, so views
 * read the state after `position` steps straight from `sim`. See recording.ts for how.
 */
import { Cursor, record } from './recording';
import type { Seekable, Steppable } from './steppable';

export type { Seekable, Steppable } from './steppable';

export class Timeline<S, E, M extends Steppable<S, E> = Steppable<S, E>> implements Seekable {
  readonly events: E[];
  /** True when the run hit maxSteps before the model ran out of work. */
  readonly truncated: boolean;
  /** State after the last step, kept so plots can draw the whole run whatever the position. */
  readonly final: S;
  private readonly checkpoints: number;
  private readonly cursor: Cursor<S, E, M>;

  constructor(
    readonly sim: M,
    readonly every = 32,
    maxSteps = 200_000,
  ) {
    const rec = record<S, E, never, M>(sim, { every, maxSteps });
    this.events = rec.events;
    this.truncated = rec.truncated;
    this.checkpoints = rec.checkpoints.length;
    this.final = sim.snapshot();
    this.cursor = new Cursor<S, E, M>(sim, rec);
    this.cursor.seek(this.events.length);
  }

  get length(): number {
    return this.events.length;
  }

  get position(): number {
    return this.cursor.position;
  }

  /** How many snapshots are kept (for tests: seeking must not need one per step). */
  get snapshotCount(): number {
    return this.checkpoints;
  }

  seek(position: number): void {
    this.cursor.seek(Math.round(position));
  }
}
