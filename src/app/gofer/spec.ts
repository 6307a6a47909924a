/**
 * What the gofer view shows, as the URL states it: a demo scenario, the interop mode the
 * VFS2 9P and lisafs columns run in, and which design's dentry cache is on display.
 * Parsing is forgiving: anything unknown falls back to the scenario's defaults.
 */
import {
  GOFER_SCENARIOS,
  findGoferScenario,
  type DesignId,
  type GoferScenario,
  type InteropMode,
} from '../../model/gofer/index';
import { choiceRule, intRule, type ParamRule } from '../kit/link-check';

export interface GoferSpec {
  scenario: string;
  mode: InteropMode;
  /** Whose dentry cache the tree shows. */
  focus: DesignId;
}

export const MODES: readonly InteropMode[] = ['exclusive', 'writethrough', 'shared'];
export const DESIGN_IDS: readonly DesignId[] = ['vfs1', 'vfs2-9p', 'lisafs'];

export function goferScenarioOf(spec: GoferSpec): GoferScenario {
  return findGoferScenario(spec.scenario) ?? GOFER_SCENARIOS[0];
}

/** A scenario opens in the mode of its first listed run: the interop demos start where the surprise is. */
export function defaultGoferSpec(scenario: string = GOFER_SCENARIOS[0].id): GoferSpec {
  const sc = findGoferScenario(scenario) ?? GOFER_SCENARIOS[0];
  const firstVfs2 = sc.runs.find((r) => r.design !== 'vfs1');
  return { scenario: sc.id, mode: firstVfs2?.mode ?? 'shared', focus: firstVfs2?.design ?? 'vfs2-9p' };
}

export function sameGoferSpec(a: GoferSpec, b: GoferSpec): boolean {
  return a.scenario === b.scenario && a.mode === b.mode && a.focus === b.focus;
}

export function encodeGoferUrl(spec: GoferSpec, step: number): string {
  const q = new URLSearchParams({ scenario: spec.scenario, mode: spec.mode, focus: spec.focus, step: String(step) });
  return `?${q.toString()}`;
}

export function decodeGoferUrl(search: string): { spec: GoferSpec; step: number | null } {
  const q = new URLSearchParams(search);
  const spec = defaultGoferSpec(q.get('scenario') ?? undefined);
  const mode = q.get('mode');
  if (mode && (MODES as string[]).includes(mode)) spec.mode = mode as InteropMode;
  const focus = q.get('focus');
  if (focus && (DESIGN_IDS as string[]).includes(focus)) spec.focus = focus as DesignId;
  const step = Number(q.get('step'));
  return { spec, step: q.get('step') !== null && Number.isInteger(step) && step >= 0 ? step : null };
}

/** What each parameter of this view may be (for the notice of what a link asked and was refused). */
export const GOFER_PARAMS: Record<string, ParamRule> = {
  scenario: choiceRule(
    GOFER_SCENARIOS.map((s) => s.id),
    'a scenario:',
  ),
  mode: choiceRule(MODES),
  focus: choiceRule(DESIGN_IDS),
  step: intRule(0),
};
