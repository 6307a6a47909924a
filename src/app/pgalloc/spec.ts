/**
 * What the pgalloc view is showing, as plain data: the scenario, seed, restore mode and the loader
 * and disk settings the user changed. Only changes from the scenario are kept (and put in the
 * URL), so a link stays short and a scenario's own settings show through. Pure; unit-tested.
 */
import {
  DEFAULT_CONFIG,
  KiB,
  PGALLOC_SCENARIOS,
  findPgallocScenario,
  withConfig,
  type AccessPattern,
  type PgallocConfig,
  type PgallocScenario,
  type RestoreMode,
} from '../../model/pgalloc';
import { buildQuery, intParam, oneOf } from '../kit/query';
import { choiceRule, intRule, type ParamRule, SEED_RULE } from '../kit/link-check';

export type PatternChoice = 'locality' | 'touch-seq' | 'touch-shuffled' | 'explicit';

/** The knobs the view offers, in the units it shows them. */
export interface Knobs {
  inflight: number;
  readKiB: number;
  iovecs: number;
  latencyUs: number;
  bandwidthMBps: number;
  seekUs: number;
  pattern: PatternChoice;
}

export interface PgSpec {
  scenario: string;
  seed: number;
  mode: RestoreMode;
  /** Knobs changed from the scenario's values. */
  overrides: Partial<Knobs>;
}

export const KNOB_LIMITS: Record<Exclude<keyof Knobs, 'pattern'>, { min: number; max: number }> = {
  inflight: { min: 1, max: 1024 },
  readKiB: { min: 4, max: 16384 },
  iovecs: { min: 1, max: 1024 },
  latencyUs: { min: 0, max: 1_000_000 },
  bandwidthMBps: { min: 1, max: 100_000 },
  seekUs: { min: 0, max: 1_000_000 },
};

export const PATTERN_LABEL: Record<PatternChoice, string> = {
  locality: 'Locality (hot set, nearby jumps)',
  'touch-seq': 'Touch everything, in order',
  'touch-shuffled': 'Touch everything, shuffled',
  explicit: 'Fixed list of addresses',
};

export function findScenario(id: string): PgallocScenario {
  return findPgallocScenario(id) ?? PGALLOC_SCENARIOS[0];
}

export function defaultSpec(id = PGALLOC_SCENARIOS[0].id): PgSpec {
  const sc = findScenario(id);
  return { scenario: sc.id, seed: sc.seed, mode: sc.config.mode, overrides: {} };
}

function patternChoice(p: AccessPattern): PatternChoice {
  if (p.kind === 'locality') return 'locality';
  if (p.kind === 'touch-all') return p.order === 'sequential' ? 'touch-seq' : 'touch-shuffled';
  return 'explicit';
}

export function knobsOf(cfg: PgallocConfig): Knobs {
  return {
    inflight: cfg.loader.maxInflight,
    readKiB: cfg.loader.maxReadBytes / KiB,
    iovecs: cfg.loader.maxIovecs,
    latencyUs: cfg.disk.latencyNs / 1000,
    bandwidthMBps: cfg.disk.bandwidthMBps,
    seekUs: cfg.disk.seekNs / 1000,
    pattern: patternChoice(cfg.app.pattern),
  };
}

/** The knobs in effect: the scenario's, with the user's changes on top. */
export function effectiveKnobs(spec: PgSpec): Knobs {
  return { ...knobsOf(findScenario(spec.scenario).config), ...spec.overrides };
}

function patternOf(choice: PatternChoice, scenarioPattern: AccessPattern): AccessPattern {
  switch (choice) {
    case 'locality':
      return scenarioPattern.kind === 'locality' ? scenarioPattern : DEFAULT_CONFIG.app.pattern;
    case 'touch-seq':
      return { kind: 'touch-all', order: 'sequential' };
    case 'touch-shuffled':
      return { kind: 'touch-all', order: 'shuffled' };
    case 'explicit':
      return scenarioPattern;
  }
}

/** The model config the spec describes (mode included). */
export function configOf(spec: PgSpec): PgallocConfig {
  const base = findScenario(spec.scenario).config;
  const k = effectiveKnobs(spec);
  return withConfig(base, {
    mode: spec.mode,
    loader: { maxInflight: k.inflight, maxReadBytes: k.readKiB * KiB, maxIovecs: k.iovecs },
    disk: {
      latencyNs: Math.round(k.latencyUs * 1000),
      bandwidthMBps: k.bandwidthMBps,
      seekNs: Math.round(k.seekUs * 1000),
    },
    app: { pattern: patternOf(k.pattern, base.app.pattern) },
  });
}

/** Drop overrides equal to the scenario's value, so "changed" means changed. */
export function normalize(spec: PgSpec): PgSpec {
  const sk = knobsOf(findScenario(spec.scenario).config);
  const overrides: Partial<Knobs> = {};
  for (const [k, v] of Object.entries(spec.overrides) as [keyof Knobs, Knobs[keyof Knobs]][]) {
    if (v !== undefined && v !== sk[k]) (overrides as Record<string, unknown>)[k] = v;
  }
  return { ...spec, overrides };
}

const URL_KEYS: [Exclude<keyof Knobs, 'pattern'>, string][] = [
  ['inflight', 'q'],
  ['readKiB', 'read'],
  ['iovecs', 'iov'],
  ['latencyUs', 'lat'],
  ['bandwidthMBps', 'bw'],
  ['seekUs', 'seek'],
];
const PATTERNS: PatternChoice[] = ['locality', 'touch-seq', 'touch-shuffled', 'explicit'];

export interface PgUrl {
  spec: PgSpec;
  step: number | null;
}

export function parsePgUrl(search: string): PgUrl {
  const q = new URLSearchParams(search);
  const sc = findScenario(q.get('s') ?? '');
  const base = defaultSpec(sc.id);
  const overrides: Partial<Knobs> = {};
  for (const [k, key] of URL_KEYS) {
    const v = intParam(q, key, KNOB_LIMITS[k].min, KNOB_LIMITS[k].max);
    if (v !== undefined) overrides[k] = v;
  }
  // A read must be whole pages.
  if (overrides.readKiB !== undefined && overrides.readKiB % 4 !== 0) delete overrides.readKiB;
  const pat = oneOf(q, 'pat', PATTERNS);
  if (pat) overrides.pattern = pat;
  const spec = normalize({
    scenario: sc.id,
    seed: intParam(q, 'seed', 0, 0xffffffff) ?? base.seed,
    mode: oneOf(q, 'mode', ['sync', 'background'] as const) ?? base.mode,
    overrides,
  });
  return { spec, step: intParam(q, 'step', 0, Number.MAX_SAFE_INTEGER) ?? null };
}

/** `extra`: more of the view's state (the sweep), placed before the step so the step stays last. */
export function pgSearch(u: PgUrl, extra: [string, string | number | undefined][] = []): string {
  const o = u.spec.overrides;
  return buildQuery([
    ['s', u.spec.scenario],
    ['seed', u.spec.seed],
    ['mode', u.spec.mode],
    ...URL_KEYS.map(([k, key]): [string, number | undefined] => [key, o[k]]),
    ['pat', o.pattern],
    ...extra,
    ['step', u.step],
  ]);
}

/** Names the restore a spec describes apart from its mode (scenario, seed, settings): what a sweep varies. */
export function settingsKey(spec: PgSpec): string {
  return pgSearch({ spec: { ...spec, mode: 'background' }, step: null });
}

/** The same restore apart from its mode. */
export function sameSettings(a: PgSpec, b: PgSpec): boolean {
  return settingsKey(a) === settingsKey(b);
}

export function sameRun(a: PgSpec, b: PgSpec): boolean {
  return pgSearch({ spec: a, step: null }) === pgSearch({ spec: b, step: null });
}

/** What each parameter of this view may be (for the notice of what a link asked and was refused). */
export const PG_PARAMS: Record<string, ParamRule> = {
  s: choiceRule(
    PGALLOC_SCENARIOS.map((s) => s.id),
    'a scenario:',
  ),
  seed: SEED_RULE,
  mode: choiceRule(['sync', 'background']),
  pat: choiceRule(PATTERNS),
  step: intRule(0),
  ...Object.fromEntries(
    URL_KEYS.map(([k, key]) => {
      const r = intRule(KNOB_LIMITS[k].min, KNOB_LIMITS[k].max);
      // A read must be whole 4 KiB pages.
      const rule: ParamRule =
        k === 'readKiB' ? (v) => r(v) ?? (Number(v) % 4 === 0 ? null : 'a multiple of 4 (whole pages)') : r;
      return [key, rule];
    }),
  ),
};
