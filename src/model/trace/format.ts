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
  queues: {
    device: string;
    index: number;
    size: number;
    layout: SplitLayout;
    memory: MemoryMap | null;
    /**
     * Ring memory before the first event, as [gpa, "hex"] runs of non-zero bytes (absent or
     * empty: all zero). Non-zero starting indices (a vhost-user SET_VRING_BASE, the wrap-around
     * scenario) are written before any event, so replays need them from here.
     */
    initial?: [number, string][];
  }[];
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

/** The non-zero runs of `image` below `end`, as [gpa, "hex"] pairs (for TraceHeader.queues[].initial). */
export function nonZeroRuns(image: Uint8Array, end = image.length): [number, string][] {
  const out: [number, string][] = [];
  let i = 0;
  while (i < end) {
    if (image[i] === 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < end && image[j] !== 0) j++;
    let hex = '';
    for (let k = i; k < j; k++) hex += (image[k] < 16 ? '0' : '') + image[k].toString(16);
    out.push([i, hex]);
    i = j;
  }
  return out;
}
