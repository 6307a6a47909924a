/**
 * A virtqueue run for a lesson: a vqsim Simulation run to its end, seekable, with the lookups
 * lessons need to find the moment they talk about ("just after the first kick") and to read
 * numbers from the state there. DOM-free.
 */
import { Simulation, type RunConfig } from '../../../model/vqsim/engine';
import type { EventKind, SimEvent } from '../../../model/vqsim/events';
import { readPointers, type RingPointers } from '../../rings/ring-state';
import type { LessonRun } from '../types';

/** Longest run a lesson computes (lesson runs are a few hundred steps). */
const MAX_STEPS = 20_000;

export class VqRun implements LessonRun {
  readonly sim: Simulation;

  constructor(config: RunConfig) {
    this.sim = new Simulation(config);
    this.sim.run(MAX_STEPS);
    this.sim.seek(0);
  }

  get length(): number {
    return this.sim.log.length;
  }
  get log(): readonly SimEvent[] {
    return this.sim.log;
  }
  /** Where the ring indices started (a scenario may start them near the wrap, as after a migration). */
  get baseIndex(): number {
    return this.sim.config.baseIndex;
  }
  get queueSize(): number {
    return this.sim.config.queueSize;
  }

  seek(position: number): void {
    this.sim.seek(position);
  }

  describe(position: number): string {
    if (position <= 0) return 'Before the first event: the rings are empty and every descriptor is free.';
    return this.sim.log[Math.min(position, this.length) - 1].text;
  }

  /** The event that led to `position` (null at 0). */
  eventAt(position: number): SimEvent | null {
    return position > 0 ? (this.sim.log[position - 1] ?? null) : null;
  }

  /** The position just after the n-th (0-based) event of `kind` at or after `from`, or null. */
  after(kind: EventKind | ((e: SimEvent) => boolean), n = 0, from = 0): number | null {
    const test = typeof kind === 'function' ? kind : (e: SimEvent) => e.kind === kind;
    let seen = 0;
    for (let i = Math.max(0, from); i < this.length; i++) {
      if (test(this.sim.log[i])) {
        if (seen === n) return i + 1;
        seen++;
      }
    }
    return null;
  }

  /** The position just before the n-th event of `kind` (where a reader is asked to predict it). */
  before(kind: EventKind | ((e: SimEvent) => boolean), n = 0, from = 0): number | null {
    const p = this.after(kind, n, from);
    return p === null ? null : p - 1;
  }

  /** How many events of `kind` happened in the first `position` events. */
  count(kind: EventKind | ((e: SimEvent) => boolean), position = this.length): number {
    const test = typeof kind === 'function' ? kind : (e: SimEvent) => e.kind === kind;
    let c = 0;
    for (let i = 0; i < Math.min(position, this.length); i++) if (test(this.sim.log[i])) c++;
    return c;
  }

  /** Compute something from the state after `position` events, leaving the run where it was. */
  peek<T>(position: number, f: (sim: Simulation) => T): T {
    const was = this.sim.position;
    this.sim.seek(position);
    try {
      return f(this.sim);
    } finally {
      this.sim.seek(was);
    }
  }

  pointers(): RingPointers {
    return readPointers(this.sim.vq, this.sim.config.features.eventIdx);
  }
}
