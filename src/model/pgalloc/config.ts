/**
 * Settings of the async page loading model. Sizes are bytes, times are virtual nanoseconds.
 * Defaults follow gVisor's pgalloc loader (256 KiB reads, 128 in-flight operations, 64 iovecs);
 * the disk and application are made-up but plausible, and every one of them is a knob.
 */
import { PgallocInvariantError } from './errors';

/** The model works in whole pages, as the MemoryFile does. */
export const PAGE_SIZE = 4096;
export const KiB = 1024;
export const MiB = 1024 * 1024;

/** Whether the application waits for all memory (plain restore) or runs while it loads (`--background`). */
export type RestoreMode = 'sync' | 'background';

/**
 * How the saved memory is laid out. Only committed pages are in the pages file; they are written in
 * MemoryFile order, so ranges separated by uncommitted holes are still contiguous in the pages file.
 * That is exactly what lets one read fill several non-contiguous memory ranges (one iovec each).
 */
export type LayoutConfig =
  | {
      kind: 'random';
      memoryBytes: number;
      /** Fraction of memory that is committed (and so saved in the pages file). */
      committedFraction: number;
      /** Mean length of a committed run between holes. */
      meanSegmentBytes: number;
    }
  | {
      kind: 'explicit';
      memoryBytes: number;
      /** Committed ranges as [start, length] in bytes, page aligned, sorted, non-overlapping. */
      segments: [number, number][];
    };

export type AccessPattern =
  /** Random accesses with locality: most accesses land near the previous one, the rest jump within a hot set. */
  | { kind: 'locality'; accessesPerThread: number; locality: number; windowBytes: number; hotFraction: number }
  /** Every thread touches all of its share of memory at once, in address order or shuffled. */
  | { kind: 'touch-all'; order: 'sequential' | 'shuffled' }
  /** Given byte addresses, one list per thread (for hand-checked examples and tests). */
  | { kind: 'explicit'; addresses: number[][] };

export interface AppConfig {
  threads: number;
  /** Work the thread does between two memory accesses. */
  computeNsPerAccess: number;
  /** Bytes one access faults in (aligned); the loader is asked for this whole range. */
  faultBytes: number;
  pattern: AccessPattern;
}

export interface LoaderConfig {
  /** Queue capacity: reads in flight at once (gVisor: 128). */
  maxInflight: number;
  /** Largest single read (gVisor: 256 KiB). */
  maxReadBytes: number;
  /** Most memory ranges one readv may fill (gVisor: 64). */
  maxIovecs: number;
}

/**
 * Disk model: every read waits `latencyNs` (plus jitter) — these waits overlap, which is why
 * in-flight reads help — and then transfers through one shared pipe at `bandwidthMBps`, paying
 * `opOverheadNs` per read, so many small reads cost more than a few large ones.
 */
export interface DiskConfig {
  latencyNs: number;
  latencyJitterNs: number;
  opOverheadNs: number;
  /**
   * Extra cost when a read does not start where the previous one ended in the pages file:
   * a head seek on a spinning disk, lost read-ahead elsewhere. 0 models an ideal SSD.
   */
  seekNs: number;
  /** MB/s, i.e. bytes per microsecond. */
  bandwidthMBps: number;
  /** If set, the read covering this pages-file byte returns short (fewer bytes than asked). */
  shortReadAtFileByte: number | null;
}

export interface PgallocConfig {
  mode: RestoreMode;
  /** Time to restore everything but application memory (kernel objects) before the app may run. */
  kernelRestoreNs: number;
  layout: LayoutConfig;
  loader: LoaderConfig;
  disk: DiskConfig;
  app: AppConfig;
}

export const GVISOR_LOADER: LoaderConfig = { maxInflight: 128, maxReadBytes: 256 * KiB, maxIovecs: 64 };

export const DEFAULT_CONFIG: PgallocConfig = {
  mode: 'background',
  kernelRestoreNs: 2_000_000,
  layout: { kind: 'random', memoryBytes: 64 * MiB, committedFraction: 0.75, meanSegmentBytes: 512 * KiB },
  loader: GVISOR_LOADER,
  disk: {
    latencyNs: 100_000,
    latencyJitterNs: 20_000,
    opOverheadNs: 10_000,
    seekNs: 0,
    bandwidthMBps: 1000,
    shortReadAtFileByte: null,
  },
  app: {
    threads: 4,
    computeNsPerAccess: 20_000,
    faultBytes: 64 * KiB,
    pattern: { kind: 'locality', accessesPerThread: 1000, locality: 0.9, windowBytes: 1 * MiB, hotFraction: 0.2 },
  },
};

/** A config with some fields replaced (one level deep per section), for presets and UI knobs. */
export interface ConfigPatch {
  mode?: RestoreMode;
  kernelRestoreNs?: number;
  layout?: LayoutConfig;
  loader?: Partial<LoaderConfig>;
  disk?: Partial<DiskConfig>;
  app?: Partial<AppConfig>;
}

export function withConfig(base: PgallocConfig, patch: ConfigPatch): PgallocConfig {
  return {
    mode: patch.mode ?? base.mode,
    kernelRestoreNs: patch.kernelRestoreNs ?? base.kernelRestoreNs,
    layout: patch.layout ?? base.layout,
    loader: { ...base.loader, ...patch.loader },
    disk: { ...base.disk, ...patch.disk },
    app: { ...base.app, ...patch.app },
  };
}

function need(ok: boolean, what: string): void {
  if (!ok) throw new PgallocInvariantError('bad-config', what);
}

const isInt = (n: number) => Number.isInteger(n);

/** Refuse settings the model cannot run, with a message a UI can show next to the knob. */
export function validateConfig(c: PgallocConfig): void {
  need(c.mode === 'sync' || c.mode === 'background', `unknown mode ${String(c.mode)}`);
  need(c.kernelRestoreNs >= 0 && isInt(c.kernelRestoreNs), 'kernel restore time must be a whole number ≥ 0');
  const L = c.layout;
  need(
    L.memoryBytes >= PAGE_SIZE && L.memoryBytes % PAGE_SIZE === 0,
    'memory size must be a positive multiple of 4 KiB',
  );
  need(L.memoryBytes / PAGE_SIZE <= 1 << 20, 'memory size is limited to 4 GiB in this model');
  if (L.kind === 'random') {
    need(L.committedFraction > 0 && L.committedFraction <= 1, 'committed fraction must be in (0, 1]');
    need(L.meanSegmentBytes >= PAGE_SIZE, 'mean segment must be at least one page');
  } else {
    let end = 0;
    for (const [start, len] of L.segments) {
      need(start % PAGE_SIZE === 0 && len % PAGE_SIZE === 0 && len > 0, 'segments must be page aligned and non-empty');
      need(start >= end && start + len <= L.memoryBytes, 'segments must be sorted, disjoint and inside memory');
      end = start + len;
    }
  }
  need(isInt(c.loader.maxInflight) && c.loader.maxInflight >= 1, 'in-flight reads must be ≥ 1');
  need(
    c.loader.maxReadBytes >= PAGE_SIZE && c.loader.maxReadBytes % PAGE_SIZE === 0,
    'max read must be a multiple of 4 KiB',
  );
  need(isInt(c.loader.maxIovecs) && c.loader.maxIovecs >= 1, 'max iovecs must be ≥ 1');
  need(
    c.disk.latencyNs >= 0 && c.disk.latencyJitterNs >= 0 && c.disk.opOverheadNs >= 0 && c.disk.seekNs >= 0,
    'disk times must be ≥ 0',
  );
  need(c.disk.bandwidthMBps > 0, 'bandwidth must be > 0');
  need(isInt(c.app.threads) && c.app.threads >= 1, 'at least one application thread');
  need(c.app.computeNsPerAccess >= 0, 'compute time must be ≥ 0');
  need(c.app.faultBytes >= PAGE_SIZE && c.app.faultBytes % PAGE_SIZE === 0, 'fault size must be a multiple of 4 KiB');
  const p = c.app.pattern;
  if (p.kind === 'locality') {
    need(isInt(p.accessesPerThread) && p.accessesPerThread >= 0, 'accesses per thread must be ≥ 0');
    need(p.locality >= 0 && p.locality <= 1, 'locality must be in [0, 1]');
    need(p.hotFraction > 0 && p.hotFraction <= 1, 'hot fraction must be in (0, 1]');
    need(p.windowBytes >= PAGE_SIZE, 'locality window must be at least one page');
  }
  if (p.kind === 'explicit') {
    need(p.addresses.length === c.app.threads, 'explicit accesses need one list per thread');
    need(
      p.addresses.every((l) => l.every((a) => isInt(a) && a >= 0 && a < L.memoryBytes)),
      'explicit addresses must lie inside memory',
    );
  }
}
