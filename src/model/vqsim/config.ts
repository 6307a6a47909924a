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
  /**
   * Where the free-running ring indices start (avail.idx, used.idx and both sides' last seen
   * index), 0 … 65535; default the scenario's (0, or 65530 for the wrap scenario). A vhost-user
   * front-end sets the same with SET_VRING_BASE.
   */
  baseIndex?: number;
  /**
   * Every request is one descriptor (default false): one device-writable buffer, or one readable
   * buffer when the scenario's requests write nothing. A small ring of one-descriptor buffers is
   * the easiest place to watch slots, heads and the index wrap line up.
   */
  singleDescriptor?: boolean;
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
  baseIndex: number;
  singleDescriptor: boolean;
  interventions: Intervention[];
  checkInvariants: boolean;
  recordWrites: boolean;
}

/** Byte ranges [min, max] of one request's device-readable and device-writable buffers. */
export interface RequestShape {
  out: [number, number][];
  in: [number, number][];
}

export function resolveConfig(config: RunConfig): { resolved: ResolvedConfig; scenario: Scenario } {
  const scenario = findScenario(config.scenario);
  if (!scenario) throw new RangeError(`unknown scenario "${config.scenario}"; known: ${scenarioNames().join(', ')}`);
  if (!Number.isInteger(config.seed) || config.seed < 0 || config.seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${config.seed}`);
  }
  const baseIndex = config.baseIndex ?? scenario.defaults.baseIndex ?? 0;
  if (!Number.isInteger(baseIndex) || baseIndex < 0 || baseIndex > 0xffff) {
    throw new RangeError(
      `the starting ring index must be an integer from 0 to 65535 (a 16-bit index), got ${baseIndex}`,
    );
  }
  const resolved: ResolvedConfig = {
    scenario: scenario.name,
    seed: config.seed,
    queueSize: config.queueSize ?? scenario.defaults.queueSize,
    features: { ...scenario.defaults.features, ...config.features },
    requests: config.requests ?? scenario.workload.count,
    baseIndex,
    singleDescriptor: config.singleDescriptor ?? false,
    interventions: [...(config.interventions ?? [])].sort((x, y) => x.at - y.at),
    checkInvariants: config.checkInvariants ?? true,
    recordWrites: config.recordWrites ?? true,
  };
  return { resolved, scenario };
}

/**
 * The buffers each request is made of: the scenario's, or with `singleDescriptor` one buffer,
 * writable with the size range of the scenario's first writable buffer (a block read's data),
 * else readable with its first readable one's.
 */
export function requestShape(scenario: Scenario, c: ResolvedConfig): RequestShape {
  const w = scenario.workload;
  if (!c.singleDescriptor) return { out: w.out, in: w.in };
  if (w.in.length) return { out: [], in: [w.in[0]] };
  return { out: [w.out[0] ?? [1, 1]], in: [] };
}

/**
 * Bytes of guest memory for data buffers: room for as many of the workload's largest
 * requests as can be in flight at once (plus alignment slack), within 64 KiB … 32 MiB.
 */
export function bufferAreaFor(scenario: Scenario, c: ResolvedConfig): number {
  const w = requestShape(scenario, c);
  const perRequest = [...w.out, ...w.in].reduce((sum, [, hi]) => sum + Math.ceil(hi / 16) * 16, 0);
  const want = Math.ceil((Math.min(c.queueSize, c.requests) * perRequest * 1.25) / 4096) * 4096;
  return Math.min(32 << 20, Math.max(64 << 10, want));
}
