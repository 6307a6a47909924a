import { describe, expect, it } from 'vitest';
import { Simulation } from '../../model/vqsim/engine';
import { computeSeries, firstError } from './run-facts';

function run(scenario: string, extra: Partial<ConstructorParameters<typeof Simulation>[0]> = {}) {
  return new Simulation({ scenario, seed: 1, ...extra }).run(100_000);
}

describe('series and errors', () => {
  it('series follow the log', () => {
    const sim = run('bursty');
    const s = computeSeries(sim.log);
    const last = sim.log.length - 1;
    expect(s.kicks[last]).toBe(sim.log.filter((e) => e.kind === 'kick').length);
    expect(s.completed[last]).toBe(sim.log.filter((e) => e.kind === 'reclaim').length);
    expect(s.free[last]).toBe(sim.log[last].free);
  });

  it('a hostile run has its refusal with the real implementations’ words', () => {
    const sim = run('hostile-descriptor-loop');
    const e = firstError(sim.log)!;
    expect(e.info.kind).toBe('DescriptorLoop');
    expect(e.terms.some(([who]) => who === 'QEMU')).toBe(true);
  });
});
