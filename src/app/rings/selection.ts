/** What can be selected on a split ring (a descriptor, a slot, an index, an eventfd), and its URL key. */

export type PointerName =
  | 'avail.idx'
  | 'avail.flags'
  | 'used.idx'
  | 'used.flags'
  | 'used_event'
  | 'avail_event'
  | 'last_avail'
  | 'last_used'
  | 'free_head';

export type Selection =
  | { t: 'desc'; i: number }
  | { t: 'ind'; head: number; k: number }
  | { t: 'avail'; slot: number }
  | { t: 'used'; slot: number }
  | { t: 'ptr'; name: PointerName }
  | { t: 'efd'; name: 'kick' | 'call' };

export const POINTER_NAMES: PointerName[] = [
  'avail.idx',
  'avail.flags',
  'used.idx',
  'used.flags',
  'used_event',
  'avail_event',
  'last_avail',
  'last_used',
  'free_head',
];

export function selectionKey(s: Selection | null): string {
  if (!s) return '';
  switch (s.t) {
    case 'desc':
      return `d${s.i}`;
    case 'ind':
      return `i${s.head}.${s.k}`;
    case 'avail':
      return `a${s.slot}`;
    case 'used':
      return `u${s.slot}`;
    case 'ptr':
      return `p.${s.name}`;
    case 'efd':
      return `e.${s.name}`;
  }
}

export function parseSelection(key: string | null | undefined): Selection | null {
  if (!key) return null;
  const desc = key.match(/^d(\d+)$/);
  if (desc) return { t: 'desc', i: +desc[1] };
  const ind = key.match(/^i(\d+)\.(\d+)$/);
  if (ind) return { t: 'ind', head: +ind[1], k: +ind[2] };
  const avail = key.match(/^a(\d+)$/);
  if (avail) return { t: 'avail', slot: +avail[1] };
  const used = key.match(/^u(\d+)$/);
  if (used) return { t: 'used', slot: +used[1] };
  if (key === 'e.kick' || key === 'e.call') return { t: 'efd', name: key === 'e.kick' ? 'kick' : 'call' };
  const ptr = key.match(/^p\.(.+)$/);
  if (ptr && (POINTER_NAMES as string[]).includes(ptr[1])) return { t: 'ptr', name: ptr[1] as PointerName };
  return null;
}

/** Is the selection meaningful for a queue of this size? */
export function selectionFits(s: Selection | null, qs: number): boolean {
  if (!s) return true;
  if (s.t === 'desc') return s.i < qs;
  if (s.t === 'avail' || s.t === 'used') return s.slot < qs;
  if (s.t === 'ind') return s.head < qs;
  return true;
}
