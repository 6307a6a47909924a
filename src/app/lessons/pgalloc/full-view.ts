/** "Open this run in the page-loading view": the lesson's restore, at the same step, as a link to /pgalloc. */
import { pgSearch } from '../../pgalloc/spec';
import { sweepQuery } from '../../pgalloc/sweep-url';
import type { StepState } from '../types';
import type { PgRun, SweepRun } from './pg-run';

export function pgFullView(label = 'Open this run in the page-loading view') {
  return ({ run, position }: StepState<PgRun>) => ({
    href: `/pgalloc${pgSearch({ spec: run.spec, step: position })}`,
    label,
  });
}

export function sweepFullView(label = 'Open this sweep in the page-loading view') {
  return ({ run }: StepState<SweepRun>) => ({
    href: `/pgalloc${pgSearch({ spec: run.spec, step: null }, sweepQuery(run.sweep))}`,
    label,
  });
}
