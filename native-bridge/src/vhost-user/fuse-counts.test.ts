import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUSE_COUNTS_FILE, measureFuseCounts, type FuseCountsData } from './fuse-counts.ts';

describe('committed FUSE walk counts', () => {
  it(`${FUSE_COUNTS_FILE} equals a fresh measurement on the real virtiofsd`, async () => {
    const committed = JSON.parse(readFileSync(FUSE_COUNTS_FILE, 'utf8')) as FuseCountsData;
    const fresh = await measureFuseCounts();
    expect(committed.counts).toEqual(fresh.counts);
    expect(committed.fuse).toBe(fresh.fuse);
  });
});
