/**
 * Random small restores for the loader's property tests (fast-check arbitraries). One
 * generator with bounds, so the loader properties and the sweep properties draw from the
 * same shape of configuration and differ only in how large and which modes.
 */
import fc from 'fast-check';
import { PAGE_SIZE, type PgallocConfig } from './config';

export interface RestoreBounds {
  modes: readonly ('sync' | 'background')[];
  /** Upper bounds (pages for sizes, ns for times). */
  kernelRestoreNs: number;
  memoryPages: [number, number];
  minCommitted: number;
  segmentPages: number;
  inflight: number;
  readPages: number;
  iovecs: number;
  latencyNs: number;
  jitterNs: number;
  overheadNs: number;
  bandwidthMBps: number;
  threads: number;
  faultPages: number;
  accessesPerThread: [number, number];
  windowPages: number;
  /** Also draw the touch-all pattern (every page, in order or shuffled). */
  touchAll: boolean;
}

const pages = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((p) => p * PAGE_SIZE);

export function restoreConfig(b: RestoreBounds): fc.Arbitrary<PgallocConfig> {
  const locality = fc.record({
    kind: fc.constant('locality' as const),
    accessesPerThread: fc.integer({ min: b.accessesPerThread[0], max: b.accessesPerThread[1] }),
    locality: fc.double({ min: 0, max: 1, noNaN: true }),
    windowBytes: pages(1, b.windowPages),
    hotFraction: fc.double({ min: 0.05, max: 1, noNaN: true }),
  });
  const touchAll = fc.record({
    kind: fc.constant('touch-all' as const),
    order: fc.constantFrom('sequential' as const, 'shuffled' as const),
  });
  return fc.record({
    mode: fc.constantFrom(...b.modes),
    kernelRestoreNs: fc.integer({ min: 0, max: b.kernelRestoreNs }),
    layout: fc.record({
      kind: fc.constant('random' as const),
      memoryBytes: pages(b.memoryPages[0], b.memoryPages[1]),
      committedFraction: fc.double({ min: b.minCommitted, max: 1, noNaN: true }),
      meanSegmentBytes: pages(1, b.segmentPages),
    }),
    loader: fc.record({
      maxInflight: fc.integer({ min: 1, max: b.inflight }),
      maxReadBytes: pages(1, b.readPages),
      maxIovecs: fc.integer({ min: 1, max: b.iovecs }),
    }),
    disk: fc.record({
      latencyNs: fc.integer({ min: 0, max: b.latencyNs }),
      latencyJitterNs: fc.integer({ min: 0, max: b.jitterNs }),
      opOverheadNs: fc.integer({ min: 0, max: b.overheadNs }),
      seekNs: fc.integer({ min: 0, max: 20_000 }),
      bandwidthMBps: fc.integer({ min: 100, max: b.bandwidthMBps }),
      shortReadAtFileByte: fc.constant(null),
    }),
    app: fc.record({
      threads: fc.integer({ min: 1, max: b.threads }),
      computeNsPerAccess: fc.integer({ min: 0, max: 20_000 }),
      faultBytes: pages(1, b.faultPages),
      pattern: b.touchAll ? fc.oneof(locality, touchAll) : locality,
    }),
  });
}
