/**
 * What a packed-ring run is, as the URL states it: a scenario (packed/scenarios.ts), a seed, a queue size (any whole number: the
 * packed ring needs no power of two; up to 256 here, because the view draws every slot), the two features, how many requests, and
 * how often the device completes out of order. Unknown or malformed values fall back to the
 * defaults, and the link notice says so.
 */
import type { PackedSimConfig } from '../../model/packed/sim';
import { choiceRule, intRule, type ParamRule, SEED_RULE, testRule } from '../kit/link-check';
import { findPackedScenario, PACKED_SCENARIOS, type PackedScenario } from './scenarios';

export interface PackedSpec {
  /** A PACKED_SCENARIOS id: what the run fixes, and the defaults of the rest. */
  scenario: string;
  seed: number;
  queueSize: number;
  eventIdx: boolean;
  indirect: boolean;
  requests: number;
  /** Percent chance that a completion picks a random held buffer rather than the oldest. */
  outOfOrder: number;
}

export const MAX_REQUESTS = 2000;
/** The model takes up to 32768; the view draws every slot as a card, so it stops at 256. */
export const MAX_VIEW_QUEUE_SIZE = 256;
export const QUEUE_SIZES = [1, 2, 3, 4, 5, 6, 8, 12, 16, 32, 64, 128, 256];

export function defaultPackedSpec(scenario = PACKED_SCENARIOS[0].id): PackedSpec {
  const sc = findPackedScenario(scenario) ?? PACKED_SCENARIOS[0];
  return { scenario: sc.id, seed: 1, ...sc.defaults };
}

export function scenarioOf(spec: PackedSpec): PackedScenario {
  return findPackedScenario(spec.scenario) ?? PACKED_SCENARIOS[0];
}

export function configFor(spec: PackedSpec): PackedSimConfig {
  return {
    ...scenarioOf(spec).fixed,
    seed: spec.seed,
    queueSize: spec.queueSize,
    features: { eventIdx: spec.eventIdx, indirect: spec.indirect },
    requests: spec.requests,
    outOfOrder: spec.outOfOrder / 100,
  };
}

export function samePackedSpec(a: PackedSpec, b: PackedSpec): boolean {
  return (
    a.scenario === b.scenario &&
    a.seed === b.seed &&
    a.queueSize === b.queueSize &&
    a.eventIdx === b.eventIdx &&
    a.indirect === b.indirect &&
    a.requests === b.requests &&
    a.outOfOrder === b.outOfOrder
  );
}

const FEATURES = ['event_idx', 'indirect', 'none'];

const FEATURE_RULE = testRule(
  (v) => v.split(',').every((p) => FEATURES.includes(p.trim().toLowerCase())),
  'event_idx, indirect, both joined by a comma, or none',
);

export function encodePackedUrl(spec: PackedSpec, step: number): string {
  const q = new URLSearchParams();
  q.set('s', spec.scenario);
  q.set('seed', String(spec.seed));
  q.set('qs', String(spec.queueSize));
  const f = [spec.eventIdx ? 'event_idx' : '', spec.indirect ? 'indirect' : ''].filter(Boolean);
  q.set('f', f.length ? f.join(',') : 'none');
  q.set('n', String(spec.requests));
  q.set('ooo', String(spec.outOfOrder));
  q.set('step', String(step));
  return `?${q.toString().replace(/%2C/g, ',')}`;
}

function intParam(v: string | null, min: number, max: number): number | null {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

export function decodePackedUrl(search: string): { spec: PackedSpec; step: number | null } {
  const q = new URLSearchParams(search);
  const spec = defaultPackedSpec(findPackedScenario(q.get('s'))?.id);
  spec.seed = intParam(q.get('seed'), 0, 0xffffffff) ?? spec.seed;
  spec.queueSize = intParam(q.get('qs'), 1, MAX_VIEW_QUEUE_SIZE) ?? spec.queueSize;
  const f = q.get('f');
  if (f !== null && FEATURE_RULE(f) === null) {
    const parts = f.split(',').map((x) => x.trim().toLowerCase());
    spec.eventIdx = parts.includes('event_idx');
    spec.indirect = parts.includes('indirect');
  }
  spec.requests = intParam(q.get('n'), 1, MAX_REQUESTS) ?? spec.requests;
  spec.outOfOrder = intParam(q.get('ooo'), 0, 100) ?? spec.outOfOrder;
  return { spec, step: intParam(q.get('step'), 0, Number.MAX_SAFE_INTEGER) };
}

/** What each parameter of this view may be (for the notice of what a link asked and was refused). */
export const PACKED_PARAMS: Record<string, ParamRule> = {
  s: choiceRule(
    PACKED_SCENARIOS.map((x) => x.id),
    'a scenario:',
  ),
  seed: SEED_RULE,
  qs: intRule(1, MAX_VIEW_QUEUE_SIZE),
  f: FEATURE_RULE,
  n: intRule(1, MAX_REQUESTS),
  ooo: intRule(0, 100),
  step: intRule(0),
};
