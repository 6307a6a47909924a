/**
 * What a lisafs pool run is, as the URL states it: a scenario, a seed and an optional
 * channel count (absent = the client's own rule, clamp(GOMAXPROCS, 2, 4)). Parsing is
 * forgiving: unknown or malformed values fall back to the scenario's defaults.
 */
import { POOL_SCENARIOS, findPoolScenario, type PoolConfig, type PoolScenario } from '../../model/lisafs/index';
import { choiceRule, intRule, type ParamRule, SEED_RULE } from '../kit/link-check';

export interface PoolSpec {
  scenario: string;
  seed: number;
  /** null: let the client pick, clamp(GOMAXPROCS, 2, 4). */
  channels: number | null;
}

/** The channel counts the picker offers: 0 is a socket-only client. */
export const CHANNEL_CHOICES = [0, 1, 2, 3, 4, 5, 6, 8] as const;
const MAX_CHANNELS = 16;

export function scenarioOf(spec: PoolSpec): PoolScenario {
  return findPoolScenario(spec.scenario) ?? POOL_SCENARIOS[0];
}

export function defaultPoolSpec(scenario: string = POOL_SCENARIOS[0].id): PoolSpec {
  const sc = findPoolScenario(scenario) ?? POOL_SCENARIOS[0];
  return { scenario: sc.id, seed: sc.config.seed, channels: null };
}

export function configFor(spec: PoolSpec): Partial<PoolConfig> & { seed: number } {
  const base = scenarioOf(spec).config;
  return { ...base, seed: spec.seed, ...(spec.channels !== null ? { channels: spec.channels } : {}) };
}

export function samePoolSpec(a: PoolSpec, b: PoolSpec): boolean {
  return a.scenario === b.scenario && a.seed === b.seed && a.channels === b.channels;
}

export function encodePoolUrl(spec: PoolSpec, step: number): string {
  const q = new URLSearchParams();
  q.set('scenario', spec.scenario);
  q.set('seed', String(spec.seed));
  if (spec.channels !== null) q.set('channels', String(spec.channels));
  q.set('step', String(step));
  return `?${q.toString()}`;
}

export function decodePoolUrl(search: string): { spec: PoolSpec; step: number | null } {
  const q = new URLSearchParams(search);
  const spec = defaultPoolSpec(q.get('scenario') ?? undefined);
  const seed = intParam(q.get('seed'), 0, 0xffffffff);
  if (seed !== null) spec.seed = seed;
  spec.channels = intParam(q.get('channels'), 0, MAX_CHANNELS);
  return { spec, step: intParam(q.get('step'), 0, Number.MAX_SAFE_INTEGER) };
}

function intParam(v: string | null, min: number, max: number): number | null {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** What each parameter of this view may be (for the notice of what a link asked and was refused). */
export const POOL_PARAMS: Record<string, ParamRule> = {
  scenario: choiceRule(
    POOL_SCENARIOS.map((s) => s.id),
    'a scenario:',
  ),
  seed: SEED_RULE,
  channels: intRule(0, MAX_CHANNELS),
  step: intRule(0),
};
