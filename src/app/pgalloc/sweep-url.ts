/**
 * The sweep in the address bar: which setting, its range and how many points. A link with these
 * reproduces the sweep (the model is deterministic), so the view runs it again on load. Kept
 * apart from the run's spec: changing the sweep must not re-record the restore being played.
 */
import {
  SWEEP_MAX_POINTS,
  SWEEP_MIN_POINTS,
  SWEEP_PARAM_IDS,
  SWEEP_PARAMS,
  type SweepParam,
  type SweepSpec,
} from '../../model/pgalloc';
import { intParam, oneOf } from '../kit/query';
import { choiceRule, intRule, type ParamRule } from '../kit/link-check';

export const DEFAULT_SWEEP_POINTS = 12;

/** The sweep offered first for a setting: its usual range at the default number of points. */
export function defaultSweep(param: SweepParam): SweepSpec {
  const info = SWEEP_PARAMS[param];
  return { param, from: info.defaultFrom, to: info.defaultTo, points: DEFAULT_SWEEP_POINTS };
}

/** The sweep a query string asks for, or null. Values out of range fall back to the setting's defaults. */
export function parseSweepUrl(search: string): SweepSpec | null {
  const q = new URLSearchParams(search);
  const param = oneOf(q, 'sw', SWEEP_PARAM_IDS);
  if (!param) return null;
  const info = SWEEP_PARAMS[param];
  const d = defaultSweep(param);
  return {
    param,
    from: intParam(q, 'swa', info.min, info.max) ?? d.from,
    to: intParam(q, 'swb', info.min, info.max) ?? d.to,
    points: intParam(q, 'swn', SWEEP_MIN_POINTS, SWEEP_MAX_POINTS) ?? d.points,
  };
}

/** Query pairs for a sweep (none without one), in the order pgSearch puts them. */
export function sweepQuery(spec: SweepSpec | null): [string, string | number | undefined][] {
  if (!spec) return [];
  return [
    ['sw', spec.param],
    ['swa', spec.from],
    ['swb', spec.to],
    ['swn', spec.points],
  ];
}

export function sameSweep(a: SweepSpec | null, b: SweepSpec | null): boolean {
  return a === b || (!!a && !!b && a.param === b.param && a.from === b.from && a.to === b.to && a.points === b.points);
}

/** The sweep's parameters (the bounds of `swa`/`swb` depend on the setting; the widest are checked here). */
export const SWEEP_PARAMS_RULES: Record<string, ParamRule> = {
  sw: choiceRule(SWEEP_PARAM_IDS),
  swa: intRule(
    Math.min(...SWEEP_PARAM_IDS.map((p) => SWEEP_PARAMS[p].min)),
    Math.max(...SWEEP_PARAM_IDS.map((p) => SWEEP_PARAMS[p].max)),
  ),
  swb: intRule(
    Math.min(...SWEEP_PARAM_IDS.map((p) => SWEEP_PARAMS[p].min)),
    Math.max(...SWEEP_PARAM_IDS.map((p) => SWEEP_PARAMS[p].max)),
  ),
  swn: intRule(SWEEP_MIN_POINTS, SWEEP_MAX_POINTS),
};
