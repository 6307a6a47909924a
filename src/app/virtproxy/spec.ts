/**
 * What the virtproxy view shows, as plain data: scenario, seed, mode and the sizes the user
 * changed. Switching mode keeps the scenario and seed, so the same conversations replay under the
 * other multiplexer. Only changes from the scenario go in the URL. Pure; unit-tested.
 */
import {
  PACKET_SIZE,
  VIRTPROXY_SCENARIOS,
  type MuxMode,
  type VirtproxyConfig,
  type VirtproxyScenario,
} from '../../model/virtproxy';
import { buildQuery, intParam, oneOf } from '../kit/query';
import { choiceRule, intRule, type ParamRule, SEED_RULE } from '../kit/link-check';

export interface VpKnobs {
  /** Socket buffer of every process, each way (and credit mode's buf_alloc). */
  sockBufBytes: number;
  /** Channel capacity, in whole packets. */
  lanePackets: number;
  /** Largest chunk one channel read returns. */
  chunkMaxBytes: number;
}

export interface VpSpec {
  scenario: string;
  seed: number;
  mode: MuxMode;
  overrides: Partial<VpKnobs>;
}

export const MODES: MuxMode[] = ['shared', 'ports', 'credit'];

export const MODE_TITLE: Record<MuxMode, string> = {
  shared: 'Shared channel',
  ports: 'Port per stream',
  credit: 'Credit (vsock)',
};

export const MODE_HELP: Record<MuxMode, string> = {
  shared: 'virtproxy as reviewed: one channel each way, one blocking demultiplexer, no flow control.',
  ports: 'Fix 1: a dedicated queue and reader per connection and direction, as virtio-serial ports give.',
  credit:
    'Fix 2: one shared channel, but each connection follows virtio-vsock’s credit rules (buf_alloc, fwd_cnt), so the reader never blocks.',
};

export const VP_LIMITS: Record<keyof VpKnobs, { min: number; max: number }> = {
  sockBufBytes: { min: 1, max: 65536 },
  lanePackets: { min: 1, max: 256 },
  chunkMaxBytes: { min: 1, max: 4096 },
};

export function findScenario(id: string): VirtproxyScenario {
  return VIRTPROXY_SCENARIOS.find((s) => s.id === id) ?? VIRTPROXY_SCENARIOS[0];
}

export function defaultSpec(id = VIRTPROXY_SCENARIOS[0].id): VpSpec {
  const sc = findScenario(id);
  return { scenario: sc.id, seed: sc.seed, mode: sc.config.mode, overrides: {} };
}

export function knobsOf(c: VirtproxyConfig): VpKnobs {
  return {
    sockBufBytes: c.sockBufBytes,
    lanePackets: Math.floor(c.laneBytes / PACKET_SIZE),
    chunkMaxBytes: c.chunkMaxBytes,
  };
}

export function effectiveKnobs(spec: VpSpec): VpKnobs {
  return { ...knobsOf(findScenario(spec.scenario).config), ...spec.overrides };
}

export function configOf(spec: VpSpec): VirtproxyConfig {
  const k = effectiveKnobs(spec);
  return {
    ...findScenario(spec.scenario).config,
    mode: spec.mode,
    sockBufBytes: k.sockBufBytes,
    laneBytes: k.lanePackets * PACKET_SIZE,
    chunkMaxBytes: k.chunkMaxBytes,
  };
}

export function normalize(spec: VpSpec): VpSpec {
  const sk = knobsOf(findScenario(spec.scenario).config);
  const overrides: Partial<VpKnobs> = {};
  for (const k of Object.keys(spec.overrides) as (keyof VpKnobs)[]) {
    const v = spec.overrides[k];
    if (v !== undefined && v !== sk[k]) overrides[k] = v;
  }
  return { ...spec, overrides };
}

const URL_KEYS: [keyof VpKnobs, string][] = [
  ['sockBufBytes', 'sock'],
  ['lanePackets', 'lane'],
  ['chunkMaxBytes', 'chunk'],
];

export interface VpUrl {
  spec: VpSpec;
  step: number | null;
}

export function parseVpUrl(search: string): VpUrl {
  const q = new URLSearchParams(search);
  const sc = findScenario(q.get('s') ?? '');
  const base = defaultSpec(sc.id);
  const overrides: Partial<VpKnobs> = {};
  for (const [k, key] of URL_KEYS) {
    const v = intParam(q, key, VP_LIMITS[k].min, VP_LIMITS[k].max);
    if (v !== undefined) overrides[k] = v;
  }
  const spec = normalize({
    scenario: sc.id,
    seed: intParam(q, 'seed', 0, 0xffffffff) ?? base.seed,
    mode: oneOf(q, 'mode', MODES) ?? base.mode,
    overrides,
  });
  return { spec, step: intParam(q, 'step', 0, Number.MAX_SAFE_INTEGER) ?? null };
}

export function vpSearch(u: VpUrl): string {
  return buildQuery([
    ['s', u.spec.scenario],
    ['seed', u.spec.seed],
    ['mode', u.spec.mode],
    ...URL_KEYS.map(([k, key]): [string, number | undefined] => [key, u.spec.overrides[k]]),
    ['step', u.step],
  ]);
}

export function sameVpRun(a: VpSpec, b: VpSpec): boolean {
  return vpSearch({ spec: a, step: null }) === vpSearch({ spec: b, step: null });
}

/** What each parameter of this view may be (for the notice of what a link asked and was refused). */
export const VP_PARAMS: Record<string, ParamRule> = {
  s: choiceRule(
    VIRTPROXY_SCENARIOS.map((s) => s.id),
    'a scenario:',
  ),
  seed: SEED_RULE,
  mode: choiceRule(MODES),
  step: intRule(0),
  ...Object.fromEntries(URL_KEYS.map(([k, key]) => [key, intRule(VP_LIMITS[k].min, VP_LIMITS[k].max)])),
};
