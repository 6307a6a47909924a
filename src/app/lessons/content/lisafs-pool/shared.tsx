/**
 * What the lisafs-pool steps share: the run they build, the link to the full view, and the
 * numbers they print.
 */
import { encodePoolUrl } from '../../../lisafs/spec';
import { PoolLessonRun } from '../../lisafs/pool-run';
import type { Knob, StepState } from '../../types';

export type S = StepState<PoolLessonRun>;

export const us = (ns: number) => (ns / 1000).toFixed(1);

export const build =
  (scenario: string) =>
  (seed: number, knob: string | null = null) =>
    new PoolLessonRun({ scenario, seed, overrides: knob ? { gomaxprocs: Number(knob) } : {} });

/** The same run in /lisafs: scenario, seed, and the channel count this run ended up with. */
export function poolFullView() {
  return ({ run, position }: S) => ({
    href: `/lisafs${encodePoolUrl({ scenario: run.spec.scenario, seed: run.spec.seed, channels: run.state.channelTarget }, position)}`,
    label: 'Open this run in the lisafs view',
  });
}

// ---- 1. Mount, then channels ---------------------------------------------------------------

export const gomaxprocs: Knob = {
  id: 'gomaxprocs',
  label: 'GOMAXPROCS',
  help: 'How many OS threads the sandbox runs Go code on; the client sizes its pool from it.',
  options: ['1', '2', '4', '8'].map((v) => ({ value: v, label: v })),
  initial: '8',
};
