/**
 * What a lesson is made of. A lesson is a list of steps; each step embeds one live,
 * deterministic run (built from a seed and at most one knob), opens it at a position computed
 * from the run itself, lets the reader move inside a range, and may ask a question whose answer
 * the model computes from the state on screen. Nothing a step says is typed in: narration,
 * choices, answers and reasons are functions of the run and the position.
 */
import type { ReactNode } from 'react';
import type { Seekable } from '../../model/sim/steppable';

/** A run a step can embed: seekable, and able to say in words what its event at a position was. */
export interface LessonRun extends Seekable {
  /** Words for the event that led to `position` (position 0: the starting state). */
  describe(position: number): string;
}

/** One knob a step offers the reader (a feature flag, a queue size, a mode…). */
export interface Knob {
  /** URL parameter name. */
  id: string;
  label: string;
  /** What turning it changes, for its tooltip. */
  help: string;
  options: readonly { value: string; label: string }[];
  initial: string;
}

/** What a step's drawing and words are given: the run at `position`, and the knob's value. */
export interface StepState<R extends LessonRun> {
  run: R;
  position: number;
  knob: string | null;
  /** Move the embedded run (a narration link such as "go to the kick"). */
  seek(position: number): void;
}

export interface Choice {
  id: string;
  label: string;
}

/** Predict, then check: asked about the state on screen, answered by the model. */
export interface Check<R extends LessonRun> {
  prompt(s: StepState<R>): ReactNode;
  choices(s: StepState<R>): Choice[];
  /** The id of the right choice, computed from the model. */
  answer(s: StepState<R>): string;
  /** Why that is the answer, with the numbers from the state. */
  why(s: StepState<R>): ReactNode;
  /** Where to move the run after answering, to show the outcome (null: stay). */
  reveal?(s: StepState<R>): number | null;
}

export interface LessonStep<R extends LessonRun = LessonRun> {
  /** URL segment: short, stable. */
  id: string;
  title: string;
  /** Build the run (deterministic in seed and knob). */
  build(seed: number, knob: string | null): R;
  /** The seed the step uses unless the URL names another. */
  seed: number;
  knob?: Knob;
  /** Where the step opens, computed from the run (e.g. "just before the first kick"). */
  start(run: R, knob: string | null): number;
  /** The positions the reader can move through inside the step (default: the whole run). */
  range?(run: R, knob: string | null): [number, number];
  /** The live picture, with what to watch highlighted. */
  Stage(props: StepState<R>): ReactNode;
  /** The narration: a few sentences, numbers from the state. */
  Narration(props: StepState<R>): ReactNode;
  check?: Check<R>;
  /**
   * A check on a fresh seed: the step offers "another one", which draws a new seed and asks
   * again (the end-of-lesson practice).
   */
  practice?: boolean;
  /** Open this state in the full view of the mechanism (absolute URL path + query). */
  fullView?(s: StepState<R>): { href: string; label: string };
}

export interface Lesson {
  id: string;
  /** Its place in the course (1-based), shown on the map. */
  number: number;
  title: string;
  /** What the reader will be able to do afterwards, one sentence. */
  summary: string;
  minutes: number;
  /** Lessons that come before it (ids). */
  requires: string[];
  // biome-ignore lint/suspicious/noExplicitAny: steps of one lesson embed runs of different types
  steps: LessonStep<any>[];
}
