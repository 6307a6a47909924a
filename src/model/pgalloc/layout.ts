/**
 * Where each page of application memory lives in the pages file. Saving writes committed ranges
 * in MemoryFile order, skipping uncommitted holes, so pages-file offsets grow with memory offsets
 * and two committed ranges on either side of a hole sit back to back in the file.
 */
import { Prng } from '../sim/prng';
import { PAGE_SIZE, type LayoutConfig } from './config';

export interface Layout {
  /** Number of pages of MemoryFile. */
  pages: number;
  /** pagesFile[memPage] = page index in the pages file, or -1 for an uncommitted (zero) page. */
  filePage: number[];
  /** Memory page indices that are in the pages file, ascending. */
  committed: number[];
  /** Committed runs as [firstPage, pageCount]. */
  segments: [number, number][];
}

export function buildLayout(cfg: LayoutConfig, seed: number): Layout {
  const pages = cfg.memoryBytes / PAGE_SIZE;
  const segments: [number, number][] = [];
  if (cfg.kind === 'explicit') {
    for (const [start, len] of cfg.segments) segments.push([start / PAGE_SIZE, len / PAGE_SIZE]);
  } else {
    const rng = Prng.stream(seed, 'pgalloc-layout');
    const meanSeg = cfg.meanSegmentBytes / PAGE_SIZE;
    // Hole lengths are chosen so that, on average, committed/(committed+hole) = committedFraction.
    const meanHole = (meanSeg * (1 - cfg.committedFraction)) / cfg.committedFraction;
    let p = 0;
    while (p < pages) {
      const seg = Math.max(1, Math.round(rng.exp(meanSeg)));
      const len = Math.min(seg, pages - p);
      // Without holes consecutive runs would simply merge; keep them as one.
      const last = segments[segments.length - 1];
      if (last && last[0] + last[1] === p) last[1] += len;
      else segments.push([p, len]);
      p += len;
      if (meanHole > 0) p += Math.max(1, Math.round(rng.exp(meanHole)));
    }
  }
  const filePage = new Array<number>(pages).fill(-1);
  const committed: number[] = [];
  let f = 0;
  for (const [start, len] of segments) {
    for (let q = start; q < start + len; q++) {
      filePage[q] = f++;
      committed.push(q);
    }
  }
  return { pages, filePage, committed, segments };
}
