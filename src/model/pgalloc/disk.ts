/**
 * Timing of one read. The access latency of concurrent reads overlaps (that is what a deep
 * queue buys), but the bytes themselves go through one pipe in submission order, each read
 * paying a fixed overhead there. So throughput approaches the bandwidth only with enough reads
 * in flight, and small reads waste the pipe on overhead.
 */
import type { DiskConfig } from './config';

export interface DiskTiming {
  /** When the read's data starts moving. */
  transferStart: number;
  /** When the read completes (also the new busy-until of the pipe). */
  done: number;
}

/** Nanoseconds to move `bytes` at `mbps` MB/s (1 MB/s = 1 byte per microsecond). */
export function transferNs(bytes: number, mbps: number): number {
  return Math.ceil((bytes * 1000) / mbps);
}

/** `sequential`: the read starts where the previous transfer ended in the pages file. */
export function readTiming(
  disk: DiskConfig,
  now: number,
  busyUntil: number,
  bytes: number,
  jitterNs: number,
  sequential: boolean,
): DiskTiming {
  const transferStart = Math.max(now + disk.latencyNs + jitterNs, busyUntil);
  const seek = sequential ? 0 : disk.seekNs;
  return { transferStart, done: transferStart + seek + disk.opOverheadNs + transferNs(bytes, disk.bandwidthMBps) };
}
