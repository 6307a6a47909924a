/** "Open this run in the virtqueue view": the lesson's run, at the same step, as a link to the full view. */
import { toSearch } from '../../virtqueue/url';
import type { StepState } from '../types';
import type { VqRun } from './vq-run';

export function vqFullView(label = 'Open this run in the virtqueue view') {
  return ({ run, position }: StepState<VqRun>) => {
    const c = run.sim.config;
    const search = toSearch({
      spec: {
        scenario: c.scenario,
        seed: c.seed,
        queueSize: c.queueSize,
        features: { ...c.features },
        requests: c.requests,
      },
      interventions: c.interventions,
      step: position,
      selection: null,
    });
    return { href: `/virtqueue${search}`, label };
  };
}
