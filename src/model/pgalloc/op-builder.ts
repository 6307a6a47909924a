/**
 * Growing one read. Like gVisor's loader, ranges are appended to the read under construction
 * while they continue it in the pages file; each memory-discontiguous piece costs an iovec.
 * The read stops growing at the size limit or when it would need one iovec too many.
 */
import type { ReadOp } from './types';

export interface OpLimits {
  maxReadPages: number;
  maxIovecs: number;
}

export function emptyOp(id: number, awaited: boolean): ReadOp {
  return { id, awaited, filePage: 0, pages: 0, iovecs: [], submittedAt: 0, completesAt: 0, short: false };
}

/**
 * Add as much of the range (memPage.., filePage.., pages long) to `op` as the limits allow and
 * return how many pages were added; 0 means the range cannot join this read at all.
 */
export function combine(
  op: ReadOp,
  memPage: number,
  filePage: number,
  pages: number,
  awaited: boolean,
  lim: OpLimits,
): number {
  const last = op.iovecs[op.iovecs.length - 1];
  const memContiguous = last !== undefined && last.memPage + last.pages === memPage;
  if (op.pages > 0) {
    if (op.filePage + op.pages !== filePage) return 0; // not the next bytes of the pages file
    if (!memContiguous && op.iovecs.length >= lim.maxIovecs) return 0; // would need another iovec
    if (op.awaited !== awaited) return 0; // gVisor keeps awaited and background reads apart
  }
  const n = Math.min(pages, lim.maxReadPages - op.pages);
  if (n <= 0) return 0;
  if (op.pages === 0) op.filePage = filePage;
  if (memContiguous) last.pages += n;
  else op.iovecs.push({ memPage, pages: n });
  op.pages += n;
  return n;
}
