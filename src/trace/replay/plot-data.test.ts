import { describe, expect, it } from 'vitest';
import { decimate, histogram, stepAtTime } from './plot-data';
import { packRows } from './lanes';

describe('plot data', () => {
  it('histogram counts every value, log bins for wide ranges', () => {
    const h = histogram(Float64Array.from([1, 2, 3, 1000, 5000]), 10);
    expect(h.total).toBe(5);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(h.log).toBe(true);
    expect(histogram(Float64Array.from([4, 4])).counts).toEqual([2]);
    expect(histogram(new Float64Array()).total).toBe(0);
  });
  it('decimate keeps min and max of a held series per column', () => {
    const t = Float64Array.from([0, 1, 2, 3, 10]);
    const v = Float32Array.from([1, 5, 2, 0, 7]);
    const d = decimate(t, v, 0, 20, 4);
    expect(Array.from(d.min)).toEqual([0, 0, 7, 7]);
    expect(Array.from(d.max)).toEqual([5, 0, 7, 7]);
    const late = decimate(t, v, 4, 8, 2);
    expect(Array.from(late.min)).toEqual([0, 0]);
  });
  it('stepAtTime picks the nearest step', () => {
    const t = Float64Array.from([0, 10, 20]);
    expect([stepAtTime(t, -5), stepAtTime(t, 4), stepAtTime(t, 6), stepAtTime(t, 99)]).toEqual([0, 0, 1, 2]);
  });
  it('packRows never overlaps spans in a row until rows run out', () => {
    const s = Float64Array.from([0, 1, 2, 5]);
    const e = Float64Array.from([4, 3, NaN, 6]);
    const { row, rows } = packRows(s, e);
    expect(Array.from(row)).toEqual([0, 1, 2, 0]);
    expect(rows).toBe(3);
  });
});
