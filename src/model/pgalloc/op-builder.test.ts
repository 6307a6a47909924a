import { describe, expect, it } from 'vitest';
import { combine, emptyOp } from './op-builder';

const lim = { maxReadPages: 64, maxIovecs: 64 };

describe('combine (growing one read)', () => {
  it('merges ranges contiguous in the pages file even when memory has a hole between them', () => {
    const op = emptyOp(0, false);
    expect(combine(op, 10, 0, 4, false, lim)).toBe(4);
    // Memory pages 20.. follow pages-file page 4, right after the first range.
    expect(combine(op, 20, 4, 3, false, lim)).toBe(3);
    expect(op.filePage).toBe(0);
    expect(op.pages).toBe(7);
    expect(op.iovecs).toEqual([
      { memPage: 10, pages: 4 },
      { memPage: 20, pages: 3 },
    ]);
  });

  it('extends the last iovec when memory is contiguous too', () => {
    const op = emptyOp(0, false);
    combine(op, 10, 0, 4, false, lim);
    combine(op, 14, 4, 4, false, lim);
    expect(op.iovecs).toEqual([{ memPage: 10, pages: 8 }]);
  });

  it('refuses a range that does not continue the read in the pages file', () => {
    const op = emptyOp(0, false);
    combine(op, 10, 0, 4, false, lim);
    expect(combine(op, 14, 5, 4, false, lim)).toBe(0);
  });

  it('never mixes awaited and background ranges in one read', () => {
    const op = emptyOp(0, true);
    combine(op, 0, 0, 1, true, lim);
    expect(combine(op, 1, 1, 1, false, lim)).toBe(0);
  });

  it('stops at the size limit, taking only the part that fits', () => {
    const op = emptyOp(0, false);
    expect(combine(op, 0, 0, 50, false, { maxReadPages: 64, maxIovecs: 64 })).toBe(50);
    expect(combine(op, 100, 50, 50, false, { maxReadPages: 64, maxIovecs: 64 })).toBe(14);
    expect(op.pages).toBe(64);
    expect(combine(op, 114, 64, 1, false, { maxReadPages: 64, maxIovecs: 64 })).toBe(0);
  });

  it('stops at the iovec limit but still extends the last iovec', () => {
    const op = emptyOp(0, false);
    const small = { maxReadPages: 64, maxIovecs: 2 };
    combine(op, 0, 0, 1, false, small);
    combine(op, 5, 1, 1, false, small);
    expect(combine(op, 9, 2, 1, false, small)).toBe(0); // a third memory range
    expect(combine(op, 6, 2, 1, false, small)).toBe(1); // continues the second one
    expect(op.iovecs.length).toBe(2);
  });
});
