import { describe, expect, it } from 'vitest';
import { parseSelection, selectionKey } from './selection';

describe('selection', () => {
  it('selection keys round-trip', () => {
    for (const s of [
      { t: 'desc', i: 3 },
      { t: 'ind', head: 1, k: 2 },
      { t: 'avail', slot: 0 },
      { t: 'used', slot: 7 },
      { t: 'ptr', name: 'used_event' },
      { t: 'efd', name: 'kick' },
      { t: 'efd', name: 'call' },
    ] as const) {
      expect(parseSelection(selectionKey(s))).toEqual(s);
    }
  });
});
