/**
 * What the reader has done, kept in the browser (localStorage): the steps seen and the checks
 * answered, per lesson. Storage may be missing or full (private windows): then progress lives
 * for the page's lifetime only, and nothing fails.
 */
export interface LessonProgress {
  /** Step ids the reader has opened. */
  seen: string[];
  /** Step ids whose check was answered right (at least once). */
  right: string[];
  /** Answers given that were wrong (all steps). */
  wrong: number;
}

export type Progress = Record<string, LessonProgress>;

export const PROGRESS_KEY = 'ringside.lessons.v1';

let memory: Progress = {};

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function loadProgress(): Progress {
  const st = storage();
  if (!st) return memory;
  try {
    const raw = st.getItem(PROGRESS_KEY);
    const parsed = raw ? (JSON.parse(raw) as unknown) : {};
    return sanitize(parsed);
  } catch {
    return memory;
  }
}

/** Keep only well-formed entries: a hand-edited or older value must not break the page. */
export function sanitize(v: unknown): Progress {
  const out: Progress = {};
  if (!v || typeof v !== 'object') return out;
  for (const [id, p] of Object.entries(v as Record<string, unknown>)) {
    if (!p || typeof p !== 'object') continue;
    const q = p as Record<string, unknown>;
    const strings = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
    out[id] = {
      seen: strings(q.seen),
      right: strings(q.right),
      wrong: typeof q.wrong === 'number' && q.wrong >= 0 ? q.wrong : 0,
    };
  }
  return out;
}

function save(p: Progress): void {
  memory = p;
  try {
    storage()?.setItem(PROGRESS_KEY, JSON.stringify(p));
  } catch {
    /* full or disabled: keep it in memory */
  }
}

function entry(p: Progress, lesson: string): LessonProgress {
  return p[lesson] ?? { seen: [], right: [], wrong: 0 };
}

export function markSeen(lesson: string, step: string): Progress {
  const p = loadProgress();
  const e = entry(p, lesson);
  if (e.seen.includes(step)) return p;
  const next = { ...p, [lesson]: { ...e, seen: [...e.seen, step] } };
  save(next);
  return next;
}

export function markAnswer(lesson: string, step: string, right: boolean): Progress {
  const p = loadProgress();
  const e = entry(p, lesson);
  const next = {
    ...p,
    [lesson]: right
      ? { ...e, right: e.right.includes(step) ? e.right : [...e.right, step] }
      : { ...e, wrong: e.wrong + 1 },
  };
  save(next);
  return next;
}

export function resetProgress(): Progress {
  save({});
  return {};
}

/** How far a lesson is: steps seen out of its step count. */
export function fractionSeen(p: Progress, lesson: string, stepCount: number): number {
  const e = p[lesson];
  return e && stepCount > 0 ? Math.min(1, e.seen.length / stepCount) : 0;
}
