/**
 * The real FUSE path-walk counts as data for the browser: the page cannot start virtiofsd,
 * so `npm run measure:fuse` measures them here and writes public/data/virtiofsd-walk-counts.json,
 * which the gofer view shows as its measured column. A test re-measures and compares, so
 * the committed file cannot silently go stale.
 */
import type { CaseCount } from '@ringside/model/gofer/compare.ts';
import { compareFs } from './compare-devices.ts';

export const FUSE_COUNTS_FILE = 'public/data/virtiofsd-walk-counts.json';

export interface FuseCountsData {
  /** What was measured, in words. */
  measuredWith: string;
  /** FUSE protocol version negotiated with the daemon. */
  fuse: string;
  features: string[];
  counts: Record<string, CaseCount>;
}

export async function measureFuseCounts(): Promise<FuseCountsData> {
  const f = await compareFs();
  return {
    measuredWith:
      "virtiofsd (QEMU 7.2, Debian's qemu-system-common) with -o cache=none, driven over vhost-user by Ringside's front-end with the model's virtqueue driver",
    fuse: f.negotiated.fuse,
    features: f.negotiated.acked,
    counts: f.counts,
  };
}
