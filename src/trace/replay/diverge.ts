/**
 * Two traces side by side (model vs real, before vs after a change): the first event at
 * which they differ in anything that matters — kind, actor, head, request — ignoring time.
 */
import type { RingsideTraceIndex } from './ringside-index';

export interface FirstDivergence {
  index: number;
  field: 'kind' | 'actor' | 'head' | 'request' | 'length';
  left: string;
  right: string;
}

export function firstDivergence(a: RingsideTraceIndex, b: RingsideTraceIndex): FirstDivergence | null {
  const n = Math.min(a.count, b.count);
  for (let i = 0; i < n; i++) {
    if (a.kind[i] !== b.kind[i]) return { index: i, field: 'kind', left: a.kindOf(i), right: b.kindOf(i) };
    if (a.actor[i] !== b.actor[i]) return { index: i, field: 'actor', left: String(a.actor[i]), right: String(b.actor[i]) };
    if (a.head[i] !== b.head[i]) return { index: i, field: 'head', left: String(a.head[i]), right: String(b.head[i]) };
    if (a.request[i] !== b.request[i]) return { index: i, field: 'request', left: String(a.request[i]), right: String(b.request[i]) };
  }
  if (a.count !== b.count) return { index: n, field: 'length', left: `${a.count} events`, right: `${b.count} events` };
  return null;
}
