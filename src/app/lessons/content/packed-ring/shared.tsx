/**
 * What the packed-ring steps share: the run they build, the link to the full view, and lookups
 * of the next event of a kind.
 */
import type { PackedEvent } from '../../../../model/packed/sim';
import { configFor, defaultPackedSpec, encodePackedUrl, type PackedSpec } from '../../../packed/spec';
import { PackedLessonRun } from '../../packed/packed-run';
import type { StepState } from '../../types';

export type S = StepState<PackedLessonRun>;

/** The runs of this lesson are /packed runs: a link opens the same one in the full view. */
export const specOf = (seed: number, knob: string | null = null): PackedSpec => ({
  ...defaultPackedSpec(),
  seed,
  queueSize: 4,
  requests: 16,
  eventIdx: knob === 'on',
});

export const build = (seed: number, knob: string | null) => new PackedLessonRun(configFor(specOf(seed, knob)));

export const fullView =
  () =>
  ({ run, position, knob }: S) => ({
    href: `/packed${encodePackedUrl(specOf(run.config.seed, knob), position)}`,
    label: 'Open this run in the packed ring view',
  });

export const isFlush = (e: PackedEvent) => e.kind === 'flush';

export const num = (e: PackedEvent, k: string) => e.data[k] as number;

/** The next event of a kind from the state on screen; the checks ask about it and reveal it. */
export const nextOf = (run: PackedLessonRun, test: (e: PackedEvent) => boolean, position: number) =>
  run.next(test, position)!;

export const revealNext =
  (test: (e: PackedEvent) => boolean) =>
  ({ run, position }: S) =>
    nextOf(run, test, position).i + 1;
