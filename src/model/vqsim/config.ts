/**
 * What a run is made of: the caller's configuration, the interventions it may carry, and
 * the same configuration with every default filled in from the scenario.
 */
import type { RingFeatures } from '../virtio/constants';
import { findScenario, scenarioNames, type Corruption, type Scenario } from './scenarios';

export type Intervention =
  | { at: number; action: 'add-request' }
  | { at: number; action: 'complete-now'; head: number }
  | { at: number; action: 'corrupt'; corruption: Corruption };

export interface RunConfig {
  scenario: string;
  seed: number;
  queueSize?: number;
  features?: Partial<RingFeatures>;
  /** Override the scenario's request count. */
  requests?: number;
  interventions?: Intervention[];
  /** Check invariants after every step (default true). */
  checkInvariants?: boolean;
  /** Record memory writes in events (default true). */
  recordWrites?: boolean;
}

export interface ResolvedConfig {
  scenario: string;
  seed: number;
  queueSize: number;
  features: RingFeatures;
  requests: number;
  interventions: Intervention[];
  checkInvariants: boolean;
  recordWrites: boolean;
}

export function resolveConfig(config: RunConfig): { resolved: ResolvedConfig; scenario: Scenario } {
  const scenario = findScenario(config.scenario);
  if (!scenario) throw new RangeError(`unknown scenario "${config.scenario}"; known: ${scenarioNames().join(', ')}`);
  if (!Number.isInteger(config.seed) || config.seed < 0 || config.seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${config.seed}`);
  }
  const resolved: ResolvedConfig = {
    scenario: scenario.name,
    seed: config.seed,
    queueSize: config.queueSize ?? scenario.defaults.queueSize,
    features: { ...scenario.defaults.features, ...config.features },
    requests: config.requests ?? scenario.workload.count,
    interventions: [...(config.interventions ?? [])].sort((x, y) => x.at - y.at),
    checkInvariants: config.checkInvariants ?? true,
    recordWrites: config.recordWrites ?? true,
  };
  return { resolved, scenario };
}

/**
 * Bytes of guest memory for data buffers: room for as many of the workload's largest
 * requests as can be in flight at once (plus alignment slack), within 64 KiB … 32 MiB.
 */
export function bufferAreaFor(scenario: Scenario, c: ResolvedConfig): number {
  const w = scenario.workload;
  const perRequest = [...w.out, ...w.in].reduce((sum, [, hi]) => sum + Math.ceil(hi / 16) * 16, 0);
  const want = Math.ceil((Math.min(c.queueSize, c.requests) * perRequest * 1.25) / 4096) * 4096;
  return Math.min(32 << 20, Math.max(64 << 10, want));
}
