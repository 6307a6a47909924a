/**
 * Running several designs through the same script in lockstep. Each design turns a script
 * item into a different number of events (op-start, one per RPC, op-end); the shared
 * timeline gives every item as many steps as its longest design needs, and a design that
 * has finished the item waits. So at any step all columns are on the same item, and the
 * race between the RPC counts is visible. Pure, unit-tested.
 */

export interface Lockstep {
  /** Global steps in all. */
  length: number;
  /** Events each column has consumed after `g` global steps. */
  positions(g: number): number[];
  /** Script item the last global step belongs to (-1 before the first). */
  itemAt(g: number): number;
  /** The global step at which column `c` consumed its k-th event (k ≥ 1). */
  globalOf(c: number, k: number): number;
}

/** `items[c][k]` is the script item of column c's (k+1)-th event; items are non-decreasing. */
export function buildLockstep(items: readonly (readonly number[])[], itemCount: number): Lockstep {
  const counts = items.map((evs) => {
    const n = new Array<number>(itemCount).fill(0);
    for (const it of evs) n[it]++;
    return n;
  });
  const table: number[][] = [items.map(() => 0)];
  const itemOf: number[] = [-1];
  const before = items.map(() => 0);
  for (let j = 0; j < itemCount; j++) {
    const span = Math.max(0, ...counts.map((n) => n[j]));
    for (let local = 1; local <= span; local++) {
      table.push(counts.map((n, c) => before[c] + Math.min(local, n[j])));
      itemOf.push(j);
    }
    counts.forEach((n, c) => {
      before[c] += n[j];
    });
  }
  const globalIndex = items.map((_, c) => {
    const at: number[] = [0];
    for (let g = 1; g < table.length; g++) if (table[g][c] > table[g - 1][c]) at[table[g][c]] = g;
    return at;
  });
  const clamp = (g: number) => Math.max(0, Math.min(table.length - 1, Math.round(g)));
  return {
    length: table.length - 1,
    positions: (g) => [...table[clamp(g)]],
    itemAt: (g) => itemOf[clamp(g)],
    globalOf: (c, k) => globalIndex[c][k] ?? 0,
  };
}
