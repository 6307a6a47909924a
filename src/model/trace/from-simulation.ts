import type { Simulation } from '../vqsim/engine';
import { TRACE_FORMAT, TRACE_VERSION, nonZeroRuns, type TraceHeader } from './format';

export function simulationHeader(sim: Simulation, source: TraceHeader['source'] = 'model'): TraceHeader {
  const c = sim.config;
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    source,
    scenario: c.scenario,
    seed: c.seed,
    queues: [
      {
        device: source,
        index: 0,
        size: c.queueSize,
        layout: sim.vq.layout,
        memory: sim.vq.map,
        initial: nonZeroRuns(sim.initialImage(), sim.vq.map.buffers.base),
      },
    ],
    features: c.features,
    versions: (sim.constructor as typeof Simulation).versions,
    interventions: c.interventions,
  };
}
