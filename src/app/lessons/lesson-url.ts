/**
 * Where a lesson page is: /learn (the map), /learn/<lesson>, /learn/<lesson>/<step>, with the
 * embedded run's position (`at`), seed and knob in the query, so a link reopens exactly what the
 * reader saw. Parsing never throws: what it cannot use it reports, and the page says so.
 */
import { LEARN_PATH } from '../shell/routes';

export interface LessonLocation {
  lesson: string | null;
  step: string | null;
  at: number | null;
  seed: number | null;
  knob: string | null;
  /** Parameters that were present but unusable, with why. */
  refused: string[];
}

export function parseLessonLocation(pathname: string, search: string): LessonLocation {
  const parts = pathname
    .replace(/\/+$/, '')
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  const q = new URLSearchParams(search);
  const refused: string[] = [];
  const int = (name: string, max: number): number | null => {
    const raw = q.get(name);
    if (raw === null) return null;
    if (!/^\d+$/.test(raw) || Number(raw) > max) {
      refused.push(`${name}=${raw} (a whole number from 0 to ${max})`);
      return null;
    }
    return Number(raw);
  };
  return {
    lesson: parts[1] ?? null,
    step: parts[2] ?? null,
    at: int('at', 1_000_000),
    seed: int('seed', 0xffffffff),
    knob: q.get('k'),
    refused,
  };
}

export function lessonHref(
  lesson: string,
  step?: string | null,
  q: { at?: number | null; seed?: number | null; knob?: string | null } = {},
): string {
  let path = `${LEARN_PATH}/${encodeURIComponent(lesson)}`;
  if (step) path += `/${encodeURIComponent(step)}`;
  const p = new URLSearchParams();
  if (q.at != null) p.set('at', String(q.at));
  if (q.seed != null) p.set('seed', String(q.seed));
  if (q.knob != null) p.set('k', q.knob);
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}
