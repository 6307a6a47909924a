/**
 * One lisafs pool run for the view: the model run once to the end under a Timeline (so the
 * log, the final latency and occupancy series and the markers are known), plus lookups
 * between steps and virtual time for the plots.
 */
import { LisafsPoolSim, type PoolEvent, type PoolSnapshot, type PoolState } from '../../model/lisafs/index';
import { Timeline, type Seekable } from '../../model/sim/timeline';
import { configFor, type PoolSpec } from './spec';

/** Snapshot interval: the runs are a few hundred steps, so a seek replays at most 32. */
const SNAPSHOT_EVERY = 32;

export class PoolRun implements Seekable {
  readonly timeline: Timeline<PoolSnapshot, PoolEvent, LisafsPoolSim>;

  constructor(readonly spec: PoolSpec) {
    this.timeline = new Timeline(new LisafsPoolSim(configFor(spec)), SNAPSHOT_EVERY);
  }

  get sim(): LisafsPoolSim {
    return this.timeline.sim;
  }
  get events(): readonly PoolEvent[] {
    return this.timeline.events;
  }
  get length(): number {
    return this.timeline.length;
  }
  get position(): number {
    return this.timeline.position;
  }
  /** The state after the last event: the whole run's latency samples and occupancy. */
  get final(): Readonly<PoolState> {
    return this.timeline.final.state;
  }
  get endTime(): number {
    return this.events.length ? this.events[this.events.length - 1].time : 0;
  }

  seek(position: number): void {
    this.timeline.seek(position);
  }

  /** Virtual time right after `position` events. */
  timeAt(position: number): number {
    return position > 0 ? this.events[Math.min(position, this.events.length) - 1].time : 0;
  }

  /** The last position whose time is at or before `t` (clicking a time plot goes there). */
  positionAtTime(t: number): number {
    let lo = 0;
    let hi = this.events.length - 1;
    let ans = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid].time <= t) {
        ans = mid + 1;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }
}
