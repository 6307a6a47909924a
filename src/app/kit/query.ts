/**
 * Small, total parsers for query-string values: anything missing or invalid gives `undefined`,
 * so a hand-edited or stale link falls back to defaults instead of breaking the page.
 */
export function intParam(q: URLSearchParams, key: string, min: number, max: number): number | undefined {
  const v = q.get(key);
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

export function numParam(q: URLSearchParams, key: string, min: number, max: number): number | undefined {
  const v = q.get(key);
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
}

export function oneOf<T extends string>(q: URLSearchParams, key: string, allowed: readonly T[]): T | undefined {
  const v = q.get(key);
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** A query string from ordered pairs, skipping undefined values. */
export function buildQuery(pairs: [string, string | number | undefined | null][]): string {
  const q = new URLSearchParams();
  for (const [k, v] of pairs) if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
