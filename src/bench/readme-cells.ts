/**
 * How a record is written in the README's benchmark table: numbers to about three significant
 * figures, the value, spread and target cells, and the padded markdown table itself.
 */
import type { RowSpec } from './readme-rows';
import { type BenchRecord, centre, isFiniteNumber, type PerProcess } from './stats';

/** Three significant figures or so, without exponents; thousands grouped. */
export function figure(v: number): string {
  const a = Math.abs(v);
  const s = a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
  return s.replace(/^(-?\d+)/, (int) => int.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
}

/** How a record's numbers are written: requests per second of a million or more in millions. */
function scale(r: BenchRecord): { f: (v: number) => string; unit: string } {
  const m = centre(r);
  if (r.unit === 'requests/s' && isFiniteNumber(m) && Math.abs(m) >= 1e6)
    return { f: (v) => figure(v / 1e6), unit: 'M requests/s' };
  return { f: figure, unit: r.unit };
}

function range(f: (v: number) => string, a: number | undefined, b: number | undefined): string {
  return isFiniteNumber(a) && isFiniteNumber(b) ? `${f(a)}–${f(b)}` : '—';
}

/** The value cell: the median (over processes, for `npm run bench`), or the single value. */
export function valueCell(r: BenchRecord): string {
  const m = centre(r);
  if (!isFiniteNumber(m)) return '—';
  const { f, unit } = scale(r);
  return unit === '×' ? `${f(m)}×` : unit ? `${f(m)} ${unit}` : f(m);
}

/** The spread cell: across processes and each process's IQR; or IQR and p95 of one run; or where it is from. */
export function spreadCell(r: BenchRecord): string {
  if (r.origin === 'reference') return r.note ? `reference: ${r.note}` : 'reference, not measured here';
  const { f, unit } = scale(r);
  const inUnit = unit !== r.unit ? `; in ${unit}` : '';
  const per: PerProcess[] | undefined = r.perProcess;
  if (per && per.length > 0) {
    const iqr = per.map((p) => range(f, p.p25, p.p75)).join(' · ');
    const n = per.find((p) => isFiniteNumber(p.samples))?.samples;
    const notes = [n ? `${n} rounds` : '', inUnit.slice(2)].filter(Boolean).join('; ');
    return `${per.length} processes: ${range(f, r.min, r.max)}; IQR in each: ${iqr}${notes ? ` (${notes})` : ''}`;
  }
  if (isFiniteNumber(r.p25)) return `IQR ${range(f, r.p25, r.p75)}, p95 ${f(r.p95 as number)}, n=${r.samples}${inUnit}`;
  // one figure from one timed loop (the device benchmark's IOPS): say how much it rests on
  if (isFiniteNumber(r.requests)) return `one timed loop of ${figure(r.requests)} requests`;
  return '—';
}

export function targetCell(row: RowSpec, r: BenchRecord): string {
  if (!row.target) return '—';
  const met = row.target.met(r);
  return `${row.target.text} — ${met === null ? 'cannot tell' : met ? '**met**' : '**not met**'}`;
}

/** Columns padded to their widest cell, as Biome formats a markdown table (so `biome ci` leaves it alone). */
export function markdownTable(head: string[], body: string[][]): string[] {
  const width = (c: string) => [...c].length;
  const widths = head.map((h, i) => Math.max(3, width(h), ...body.map((r) => width(r[i]))));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}
