/**
 * The replay view's URL: the trace URL(s), the step and the zoom window, so a link
 * reproduces the view. Local files cannot be linked (the page says so); their slot is
 * simply absent from the link. Pure, for node tests.
 */
import { numRule, type ParamRule } from '../kit/link-check';

/** What each parameter of this view may be (for the notice of what a link asked and was refused). */
export const REPLAY_PARAMS: Record<string, ParamRule> = {
  trace: () => null,
  trace2: () => null,
  p: numRule(0),
  t0: numRule(Number.NEGATIVE_INFINITY),
  t1: numRule(Number.NEGATIVE_INFINITY),
};

export interface ReplayUrlState {
  trace: string | null;
  trace2: string | null;
  position: number;
  /** Zoom window of the timeline, in the trace's time unit; null = everything. */
  window: [number, number] | null;
}

export function parseReplayUrl(search: string): ReplayUrlState {
  const q = new URLSearchParams(search);
  const num = (k: string) => {
    const v = q.get(k);
    if (v === null || v.trim() === '') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  };
  const p = num('p');
  const t0 = num('t0');
  const t1 = num('t1');
  return {
    trace: q.get('trace') || null,
    trace2: q.get('trace2') || null,
    position: p !== null && p >= 0 ? Math.floor(p) : 0,
    window: t0 !== null && t1 !== null && t1 > t0 ? [t0, t1] : null,
  };
}

function short(n: number): string {
  // Enough digits to land on the same pixel, not the float's full tail.
  return String(Number(n.toPrecision(10)));
}

export function replaySearch(s: ReplayUrlState): string {
  const q = new URLSearchParams();
  if (s.trace) q.set('trace', s.trace);
  if (s.trace2) q.set('trace2', s.trace2);
  if (s.position > 0) q.set('p', String(s.position));
  if (s.window) {
    q.set('t0', short(s.window[0]));
    q.set('t1', short(s.window[1]));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/**
 * A `?trace=` value as a URL the worker may fetch: relative to the page, same origin only
 * (a link must not make the page fetch from elsewhere). Returns an error message instead.
 */
export function resolveTraceUrl(value: string, pageHref: string): { url: string } | { error: string } {
  let u: URL;
  try {
    u = new URL(value, pageHref);
  } catch {
    return { error: `“${value.slice(0, 80)}” is not a URL` };
  }
  const page = new URL(pageHref);
  if (u.origin !== page.origin)
    return {
      error: `Only traces on this site can be opened by link (got ${u.origin}); download it and open the file instead.`,
    };
  return { url: u.href };
}
