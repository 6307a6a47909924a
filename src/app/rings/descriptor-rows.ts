/**
 * The descriptor table's row list: one row per descriptor, with the entries of each expanded
 * indirect table inserted right after its descriptor. Rows are found by arithmetic over the
 * (few) expansions, never materialised, so a 32768-entry table costs what an 8-entry one does.
 */
import type { RawDescriptor } from '../../model/virtio/chain';

/** Row height in pixels (the virtualiser and the gutter arrows both lay rows out by it). */
export const ROW = 30;
/** Width of the gutter where chain arrows are drawn; the owner stripe sits at 38px, arrows end just before it. */
export const GUTTER = 44;

export type Row =
  | { kind: 'desc'; i: number }
  | { kind: 'ind'; head: number; k: number; d: RawDescriptor; count: number };

/** An expanded indirect table: its descriptor and the entries read from it. */
export interface Expansion {
  head: number;
  entries: RawDescriptor[];
}

export interface TableRows {
  count: number;
  /** The row at position r. */
  at: (r: number) => Row;
}

/**
 * The rows of a `qs`-entry table with `extra` expanded (sorted by head), and the row position
 * of each descriptor.
 */
export function tableRows(qs: number, extra: readonly Expansion[]): { rows: TableRows; rowOf: (i: number) => number } {
  let count = qs;
  for (const x of extra) count += x.entries.length;
  // rowAt(r) without materialising QS rows: walk the (few) expansions.
  const rowAt = (r: number): Row => {
    let offset = 0;
    for (const x of extra) {
      const first = x.head + 1 + offset;
      if (r < first) break;
      if (r < first + x.entries.length) {
        const k = r - first;
        return { kind: 'ind', head: x.head, k, d: x.entries[k], count: x.entries.length };
      }
      offset += x.entries.length;
    }
    return { kind: 'desc', i: r - offset };
  };
  const rowOfDesc = (i: number) => {
    let offset = 0;
    for (const x of extra) if (x.head < i) offset += x.entries.length;
    return i + offset;
  };
  return { rows: { count, at: rowAt }, rowOf: rowOfDesc };
}
