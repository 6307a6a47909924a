/**
 * How a packed-ring run is configured: the options a caller gives, the defaults filled in, and the
 * element sizes the workload draws from.
 */
import type { PackedFeatures } from './constants';
import type { PackedDriverOptions } from './driver';

export interface PackedSimConfig {
  seed: number;
  /** 1..32768, any integer. */
  queueSize: number;
  features: PackedFeatures;
  /** Requests to issue in the whole run. */
  requests: number;
  /** Most requests added between two kick decisions (default 4). */
  batchMax?: number;
  /** Most elements (readable + writable) per request (default min(4, QS)). */
  maxElements?: number;
  /** Chance that a completion picks a random held buffer rather than the oldest (default 0.5). */
  outOfOrder?: number;
  /** Most completions the device gathers before a flush (default 3). */
  flushBatch?: number;
  /** Every n-th request uses QS elements, a list as long as the ring (0 = never, the default). */
  wholeRingEvery?: number;
  /**
   * Check the invariants after every step (default true). Off only to watch what a driver bug
   * does to a run (the pre-2023 whole-ring wrap bug breaks an invariant first, then hangs the
   * queue); a violation is then not reported, and its consequences play out.
   */
  checkInvariants?: boolean;
  driver?: Partial<PackedDriverOptions>;
}

/** The configuration with every default filled in (the driver options stay partial). */
export type PackedSimSettings = Required<Omit<PackedSimConfig, 'driver'>> & { driver: Partial<PackedDriverOptions> };

/** Bytes per buffer element: the workload draws each element's length from [ELEMENT_MIN, ELEMENT_MAX]. */
export const ELEMENT_MIN = 16;
export const ELEMENT_MAX = 256;

export function withDefaults(config: PackedSimConfig): PackedSimSettings {
  return {
    batchMax: 4,
    maxElements: Math.min(4, config.queueSize),
    outOfOrder: 0.5,
    flushBatch: 3,
    wholeRingEvery: 0,
    checkInvariants: true,
    driver: {},
    ...config,
  };
}
