/**
 * The contract every simulator in src/model meets so that one time-travel mechanism serves them
 * all: advance one event, copy the whole state out, put a copy back. Parameters are always in the
 * order <Snapshot, Event>. `Seekable` is what playback needs of a run built on top of one.
 */

/** A deterministic model that moves one event at a time and can be snapshotted. */
export interface Steppable<S, E> {
  /** Run one step; its event, or null once the run is over. */
  step(): E | null;
  /** Everything needed to come back here later (a copy: later steps must not change it). */
  snapshot(): S;
  /** Put the model back where `snapshot()` was taken. */
  restore(state: S): void;
}

/** A recorded run that playback can move through: its length in events and a way to reach any step. */
export interface Seekable {
  readonly length: number;
  /** Put the run in the state after `position` events. */
  seek(position: number): void;
}
