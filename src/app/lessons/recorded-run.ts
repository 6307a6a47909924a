/**
 * What every lesson run shares, whatever records it: the words for a position, the event that
 * led to a position, the position just after (or before) the n-th event that passes a test, a
 * count of such events, and a look at another position that leaves the run where it was.
 * `EventRun` needs only the events and a way to seek; `RecordedRun` adds the rest for runs
 * recorded in a `Timeline`. A lesson's run (pool, walk, page loading…) adds only the lookups its
 * own steps ask. DOM-free.
 */
import type { Steppable } from '../../model/sim/steppable';
import type { Timeline } from '../../model/sim/timeline';
import type { LessonRun } from './types';

/** An event kind, or any test on an event (and its index in the run). */
export type EventTest<E> = (E extends { kind: infer K } ? K : never) | ((e: E, index: number) => boolean);

export abstract class EventRun<E extends { text: string }> implements LessonRun {
  abstract readonly events: readonly E[];
  abstract get position(): number;
  abstract seek(position: number): void;
  /** Words for position 0, before any event. */
  protected abstract readonly startText: string;

  get length(): number {
    return this.events.length;
  }

  describe(position: number): string {
    return position <= 0 ? this.startText : this.events[Math.min(position, this.length) - 1].text;
  }

  /** The event that led to `position`, or null at the start. */
  eventAt(position: number): E | null {
    return position > 0 ? (this.events[Math.min(position, this.length) - 1] ?? null) : null;
  }

  /** The position just after the n-th (0-based) event from index `from` on that passes `test`, or null. */
  after(test: EventTest<E>, n = 0, from = 0): number | null {
    const t = testOf(test);
    let seen = 0;
    for (let i = Math.max(0, from); i < this.length; i++) {
      if (t(this.events[i], i)) {
        if (seen === n) return i + 1;
        seen++;
      }
    }
    return null;
  }

  /** The position just before that event (where a reader is asked to predict it). */
  before(test: EventTest<E>, n = 0, from = 0): number | null {
    const p = this.after(test, n, from);
    return p === null ? null : p - 1;
  }

  /** How many of the first `position` events pass `test`. */
  count(test: EventTest<E>, position = this.length): number {
    const t = testOf(test);
    let c = 0;
    for (let i = 0; i < Math.min(position, this.length); i++) if (t(this.events[i], i)) c++;
    return c;
  }

  /** Read `what()` with the run at `position`, then put the run back where it was. */
  protected peekAt<T>(position: number, what: () => T): T {
    const was = this.position;
    this.seek(position);
    try {
      return what();
    } finally {
      this.seek(was);
    }
  }
}

/** A lesson run recorded in a `Timeline` (lisafs pool, gofer walks). */
export abstract class RecordedRun<
  S,
  E extends { text: string },
  M extends Steppable<S, E> & { state: unknown },
> extends EventRun<E> {
  constructor(readonly timeline: Timeline<S, E, M>) {
    super();
  }

  get sim(): M {
    return this.timeline.sim;
  }
  get state(): Readonly<M['state']> {
    return this.timeline.sim.state as Readonly<M['state']>;
  }
  get events(): readonly E[] {
    return this.timeline.events;
  }
  get position(): number {
    return this.timeline.position;
  }
  seek(position: number): void {
    this.timeline.seek(position);
  }

  /** Compute something from the state after `position` events, leaving the run where it was. */
  peek<T>(position: number, f: (s: Readonly<M['state']>) => T): T {
    return this.peekAt(position, () => f(this.state));
  }
}

function testOf<E>(test: EventTest<E>): (e: E, index: number) => boolean {
  return typeof test === 'function'
    ? (test as (e: E, index: number) => boolean)
    : (e: E) => (e as { kind?: unknown }).kind === test;
}
