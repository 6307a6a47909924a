/**
 * Ringside's own trace format: JSON lines. The first line is a header (format name and
 * version, source, scenario, seed, queue, features, versions of the simulator and random
 * streams); every further line is one event. The model, the native bridge and the
 * real-device front-end all write it; the browser and Node read it with the same code.
 * Documented in docs/trace-format.md.
 */
import type { RingFeatures } from '../virtio/constants';
import type { SplitLayout } from '../virtio/layout';
import type { MemoryMap } from '../virtio/queue';
import type { SimEvent } from '../vqsim/events';
import type { Intervention } from '../vqsim/engine';

export const TRACE_FORMAT = 'ringside-trace';
export const TRACE_VERSION = 1;

export interface TraceHeader {
  format: typeof TRACE_FORMAT;
  version: number;
  /** Who produced the events: the in-process model, the native device, a vhost-user back-end… */
  source: 'model' | 'native-device' | 'vhost-user' | 'qemu-import' | string;
  scenario: string | null;
  seed: number | null;
  queues: { device: string; index: number; size: number; layout: SplitLayout; memory: MemoryMap | null }[];
  features: RingFeatures;
  versions: { sim: number; prng: number };
  interventions: Intervention[];
}

/** Stable JSON: keys in insertion order, which the writer controls, so equal runs give equal bytes. */
export function headerLine(h: TraceHeader): string {
  return JSON.stringify(h);
}

export function eventLine(e: SimEvent): string {
  return JSON.stringify(e);
}

export function* traceLines(header: TraceHeader, events: Iterable<SimEvent>): Generator<string> {
  yield headerLine(header);
  for (const e of events) yield eventLine(e);
}
