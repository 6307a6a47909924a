/**
 * Everything needed to reproduce a view lives in the URL query:
 *   ?s=steady&seed=1&qs=8&f=event_idx,indirect&n=40&base=65534&one=1&iv=57.add~80.done.3~90.bad.descriptor-loop&step=42&sel=d5
 * (`base` and `one` appear only when set: older links keep their meaning.)
 * Pure functions (no DOM) so they are unit-tested in node.
 */
import type { Intervention } from '../../model/vqsim/engine';
import { CORRUPTIONS, findScenario, type Corruption } from '../../model/vqsim/scenarios';
import type { RingFeatures } from '../../model/virtio/constants';
import { isValidQueueSize } from '../../model/virtio/layout';
import { parseSelection, selectionKey, type Selection } from '../rings/selection';
import { choiceRule, intRule, type ParamRule, SEED_RULE, testRule } from '../kit/link-check';
import { SCENARIOS } from '../../model/vqsim/scenarios';

export interface RunSpec {
  scenario: string;
  seed: number;
  queueSize: number;
  features: RingFeatures;
  /** Override of the scenario's request count (undefined = the scenario's). */
  requests?: number;
  /** Where the ring indices start, 0 … 65535 (undefined = the scenario's). */
  baseIndex?: number;
  /** One descriptor per request instead of the scenario's chains (undefined = no). */
  single?: boolean;
}

/** The starting index a spec runs with: its own, else its scenario's. */
export function specBaseIndex(spec: RunSpec): number {
  return spec.baseIndex ?? findScenario(spec.scenario)?.defaults.baseIndex ?? 0;
}

export interface UrlState {
  spec: RunSpec;
  interventions: Intervention[];
  step: number | null;
  selection: Selection | null;
}

export const DEFAULT_SCENARIO = 'steady';

export function defaultSpec(scenario = DEFAULT_SCENARIO): RunSpec {
  const s = findScenario(scenario) ?? findScenario(DEFAULT_SCENARIO)!;
  return { scenario: s.name, seed: 1, queueSize: s.defaults.queueSize, features: { ...s.defaults.features } };
}

export function encodeFeatures(f: RingFeatures): string {
  const on = [f.eventIdx ? 'event_idx' : '', f.indirect ? 'indirect' : ''].filter(Boolean);
  return on.length ? on.join(',') : 'none';
}

export function decodeFeatures(v: string | null, fallback: RingFeatures): RingFeatures {
  if (v === null) return { ...fallback };
  const parts = v.split(',').map((x) => x.trim().toLowerCase());
  return { eventIdx: parts.includes('event_idx'), indirect: parts.includes('indirect') };
}

function encodeIntervention(i: Intervention): string {
  switch (i.action) {
    case 'add-request':
      return `${i.at}.add`;
    case 'complete-now':
      return `${i.at}.done.${i.head}`;
    case 'corrupt':
      return `${i.at}.bad.${i.corruption}`;
  }
}

export function encodeInterventions(iv: readonly Intervention[]): string {
  return iv.map(encodeIntervention).join('~');
}

export function decodeInterventions(v: string | null): Intervention[] {
  if (!v) return [];
  const out: Intervention[] = [];
  for (const part of v.split('~')) {
    const [atS, action, arg] = part.split('.');
    const at = Number(atS);
    if (!Number.isInteger(at) || at < 0) continue;
    if (action === 'add') out.push({ at, action: 'add-request' });
    else if (action === 'done' && /^\d+$/.test(arg ?? '') && Number.isInteger(Number(arg)) && Number(arg) >= 0)
      out.push({ at, action: 'complete-now', head: Number(arg) });
    else if (action === 'bad' && (CORRUPTIONS as readonly string[]).includes(arg))
      out.push({ at, action: 'corrupt', corruption: arg as Corruption });
  }
  return out;
}

/** Parse a query string; anything missing or invalid falls back to the scenario's defaults. */
export function parseUrl(search: string): UrlState {
  const q = new URLSearchParams(search);
  const scen = findScenario(q.get('s') ?? '') ?? findScenario(DEFAULT_SCENARIO)!;
  const base = defaultSpec(scen.name);
  const seedN = Number(q.get('seed'));
  const seed = q.has('seed') && Number.isInteger(seedN) && seedN >= 0 && seedN <= 0xffffffff ? seedN : base.seed;
  const qsN = Number(q.get('qs'));
  const queueSize = q.has('qs') && isValidQueueSize(qsN) ? qsN : base.queueSize;
  const features = decodeFeatures(q.get('f'), base.features);
  const nN = Number(q.get('n'));
  const requests = q.has('n') && Number.isInteger(nN) && nN > 0 && nN <= 100_000 ? nN : undefined;
  const baseN = Number(q.get('base'));
  const baseIndex = q.has('base') && Number.isInteger(baseN) && baseN >= 0 && baseN <= 0xffff ? baseN : undefined;
  const single = q.get('one') === '1' ? true : undefined;
  const stepN = Number(q.get('step'));
  const step = q.has('step') && Number.isInteger(stepN) && stepN >= 0 ? stepN : null;
  return {
    spec: {
      scenario: scen.name,
      seed,
      queueSize,
      features,
      ...(requests !== undefined ? { requests } : {}),
      ...(baseIndex !== undefined ? { baseIndex } : {}),
      ...(single ? { single } : {}),
    },
    interventions: decodeInterventions(q.get('iv')),
    step,
    selection: parseSelection(q.get('sel')),
  };
}

export function toSearch(u: UrlState): string {
  const q = new URLSearchParams();
  q.set('s', u.spec.scenario);
  q.set('seed', String(u.spec.seed));
  q.set('qs', String(u.spec.queueSize));
  q.set('f', encodeFeatures(u.spec.features));
  if (u.spec.requests !== undefined) q.set('n', String(u.spec.requests));
  if (u.spec.baseIndex !== undefined) q.set('base', String(u.spec.baseIndex));
  if (u.spec.single) q.set('one', '1');
  if (u.interventions.length) q.set('iv', encodeInterventions(u.interventions));
  if (u.step !== null) q.set('step', String(u.step));
  const sel = selectionKey(u.selection);
  if (sel) q.set('sel', sel);
  // Keep the separators readable in shared links.
  return `?${q.toString().replace(/%2C/g, ',').replace(/%7E/g, '~')}`;
}

export function sameSpec(a: RunSpec, b: RunSpec): boolean {
  return (
    a.scenario === b.scenario &&
    a.seed === b.seed &&
    a.queueSize === b.queueSize &&
    a.features.eventIdx === b.features.eventIdx &&
    a.features.indirect === b.features.indirect &&
    a.requests === b.requests &&
    specBaseIndex(a) === specBaseIndex(b) &&
    (a.single ?? false) === (b.single ?? false)
  );
}

const FEATURE_WORDS = new Set(['event_idx', 'indirect', 'none']);

/** What each parameter of this view may be (for the notice of what a link asked and was refused). */
export const VQ_PARAMS: Record<string, ParamRule> = {
  s: choiceRule(
    SCENARIOS.map((s) => s.name),
    'a scenario:',
  ),
  seed: SEED_RULE,
  qs: testRule((v) => isValidQueueSize(Number(v)), 'a power of two from 1 to 32768'),
  f: testRule(
    (v) => v.split(',').every((p) => FEATURE_WORDS.has(p.trim().toLowerCase())),
    'event_idx, indirect, both joined by a comma, or none',
  ),
  n: intRule(1, 100_000),
  base: intRule(0, 65535),
  one: testRule((v) => v === '1', '1 (one descriptor per request), or left out'),
  step: intRule(0),
  iv: testRule(
    (v) => decodeInterventions(v).length === v.split('~').length,
    'interventions such as 12.add, 30.done.3 or 40.bad.descriptor-loop, joined by ~',
  ),
  sel: testRule((v) => parseSelection(v) !== null, 'an item such as d3, a2, u1, p.avail.idx or e.kick'),
};
