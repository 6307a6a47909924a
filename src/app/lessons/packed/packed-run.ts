/**
 * A packed-ring run for a lesson: the packed model run once under a Timeline, seekable, with
 * the lookups the lesson's steps ask. DOM-free.
 */
import { PackedSim, type PackedEvent, type PackedSimConfig, type PackedSimSnapshot } from '../../../model/packed/sim';
import { Timeline } from '../../../model/sim/timeline';
import { EventRun } from '../recorded-run';

export class PackedLessonRun extends EventRun<PackedEvent> {
  readonly timeline: Timeline<PackedSimSnapshot, PackedEvent, PackedSim>;
  protected readonly startText = 'Before anything runs: every slot is zero and both wrap counters are 1.';

  constructor(readonly config: PackedSimConfig) {
    super();
    this.timeline = new Timeline(new PackedSim(config), 32);
    this.timeline.seek(0);
  }

  get sim(): PackedSim {
    return this.timeline.sim;
  }
  get events(): readonly PackedEvent[] {
    return this.timeline.events;
  }
  get position(): number {
    return this.timeline.position;
  }
  get queueSize(): number {
    return this.config.queueSize;
  }
  seek(position: number): void {
    this.timeline.seek(position);
  }

  /** The first event at or after index `from` that passes `test`, with its index. */
  next(test: (e: PackedEvent) => boolean, from: number): { i: number; e: PackedEvent } | null {
    for (let i = Math.max(0, from); i < this.length; i++) if (test(this.events[i])) return { i, e: this.events[i] };
    return null;
  }
}
