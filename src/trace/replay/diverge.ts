/**
 * Two traces side by side (model vs real, before vs after a change): the first event at
 * which they differ in anything that matters — kind, actor, head, request — ignoring time.
 */
import { KIND_CODES } from './ringside-index';

/** The columns a comparison needs: a RingsideTraceIndex, or the same columns received from a worker. */
export interface ComparableColumns {
  readonly kind: Uint8Array;
  readonly actor: Uint8Array;
  readonly head: Int32Array;
  readonly request: Int32Array;
}

const count = (c: ComparableColumns) => c.kind.length;
const kindName = (c: ComparableColumns, i: number) => KIND_CODES[c.kind[i]] ?? String(c.kind[i]);

export interface FirstDivergence {
  index: number;
  field: 'kind' | 'actor' | 'head' | 'request' | 'length';
  left: string;
  right: string;
}

export function firstDivergence(a: ComparableColumns, b: ComparableColumns): FirstDivergence | null {
  const n = Math.min(count(a), count(b));
  for (let i = 0; i < n; i++) {
    if (a.kind[i] !== b.kind[i]) return { index: i, field: 'kind', left: kindName(a, i), right: kindName(b, i) };
    if (a.actor[i] !== b.actor[i])
      return { index: i, field: 'actor', left: String(a.actor[i]), right: String(b.actor[i]) };
    if (a.head[i] !== b.head[i]) return { index: i, field: 'head', left: String(a.head[i]), right: String(b.head[i]) };
    if (a.request[i] !== b.request[i])
      return { index: i, field: 'request', left: String(a.request[i]), right: String(b.request[i]) };
  }
  if (count(a) !== count(b))
    return { index: n, field: 'length', left: `${count(a)} events`, right: `${count(b)} events` };
  return null;
}
