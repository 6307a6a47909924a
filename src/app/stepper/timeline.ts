/**
 * Time travel for any deterministic model that can snapshot and restore itself: run it once
 * to the end (so the whole event log is known and can be drawn), keep a snapshot every
 * `every` steps, and seek by restoring the nearest snapshot at or before the target and
 * re-running the few steps after it. The model's live state is then exactly the state after
 * `position` steps, and views read it directly.
 */

export interface Steppable<E, S> {
  step(): E | null;
  snapshot(): S;
  restore(snap: S): void;
}

/** What the stepper store needs from a run: a length and a way to move to a step. */
export interface Seekable {
  readonly length: number;
  seek(position: number): void;
}

export class Timeline<E, S, M extends Steppable<E, S> = Steppable<E, S>> implements Seekable {
  readonly events: E[] = [];
  /** True when the run hit maxSteps before the model ran out of work. */
  readonly truncated: boolean;
  /** State after the last step, kept so plots can draw the whole run whatever the position. */
  readonly final: S;
  private readonly snaps: S[] = [];
  private pos: number;

  constructor(
    readonly sim: M,
    readonly every = 32,
    maxSteps = 200_000,
  ) {
    if (!(Number.isInteger(every) && every > 0)) throw new RangeError(`snapshot interval must be a positive integer, got ${every}`);
    this.snaps.push(sim.snapshot());
    let truncated = true;
    while (this.events.length < maxSteps) {
      const e = sim.step();
      if (!e) {
        truncated = false;
        break;
      }
      this.events.push(e);
      if (this.events.length % every === 0) this.snaps.push(sim.snapshot());
    }
    this.truncated = truncated;
    this.final = sim.snapshot();
    this.pos = this.events.length;
  }

  get length(): number {
    return this.events.length;
  }

  get position(): number {
    return this.pos;
  }

  /** How many snapshots are kept (for tests: seeking must not need one per step). */
  get snapshotCount(): number {
    return this.snaps.length;
  }

  seek(position: number): void {
    const target = Math.max(0, Math.min(this.events.length, Math.round(position)));
    if (target === this.pos) return;
    // Going forward a little: just keep stepping from where we are.
    if (target < this.pos || target - this.pos > this.every) {
      const k = Math.floor(target / this.every);
      this.sim.restore(this.snaps[k]);
      this.pos = k * this.every;
    }
    while (this.pos < target) {
      if (!this.sim.step()) throw new Error(`the model ran out of work at step ${this.pos}, but its log has ${this.events.length} events: it is not deterministic`);
      this.pos++;
    }
  }
}
