/**
 * One packed-ring run for the view: the model run once to the end under a Timeline (so the
 * log and the markers are known), seekable to any step by restoring a checkpoint and re-running.
 */
import { PackedSim, type PackedEvent, type PackedSimSnapshot } from '../../model/packed/sim';
import { Timeline, type Seekable } from '../../model/sim/timeline';
import { configFor, type PackedSpec } from './spec';

/** Runs are a few hundred steps; a seek replays at most 32. */
const SNAPSHOT_EVERY = 32;

export class PackedRun implements Seekable {
  readonly timeline: Timeline<PackedSimSnapshot, PackedEvent, PackedSim>;

  constructor(readonly spec: PackedSpec) {
    this.timeline = new Timeline(new PackedSim(configFor(spec)), SNAPSHOT_EVERY);
  }

  get sim(): PackedSim {
    return this.timeline.sim;
  }
  get events(): readonly PackedEvent[] {
    return this.timeline.events;
  }
  get length(): number {
    return this.timeline.length;
  }
  seek(position: number): void {
    this.timeline.seek(position);
  }
}
