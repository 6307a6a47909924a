/** Sizes and durations for the pgalloc view (the model's own formatting, plus a null-safe form). */
import { fmtBytes, fmtNs } from '../../model/pgalloc/format';

export { fmtBytes, fmtNs };

export function fmtMaybeNs(ns: number | null): string {
  return ns === null ? '—' : fmtNs(ns);
}

export function pct(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)}%` : '—';
}
