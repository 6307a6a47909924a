/**
 * The small, source-neutral "request life" model that summaries and exporters work on.
 * A QEMU import converts to it (`qemu/to-timeline.ts`); the simulator's own traces can
 * produce it directly, so both are summarised and exported by the same code.
 */

/** Unit of every time in a Timeline. 'line' = log line numbers (order only, no duration). */
export type TimeUnit = 's' | 'ms' | 'us' | 'ns' | 'line';

export interface RequestSpan {
  /** Device label, e.g. "virtio-blk 0x55f0…" or "blk0". */
  device: string;
  /** Queue label within the device, e.g. "q0". */
  queue: string;
  /** Unique within the timeline. */
  id: string | number;
  /** When the device took the request (QEMU: pop). */
  start: number;
  /** When it was completed or dropped; undefined while still in flight at the end of the trace. */
  end?: number;
  /** 'dropped': left without completing (device reset …). Default 'completed' when end is set. */
  outcome?: 'completed' | 'dropped';
  /** The kick (driver notification) that made the device pick it up, when known. */
  kick?: number;
  /** The interrupt (device notification) that told the driver it completed, when known. */
  interrupt?: number;
  /** Short label for the slice, e.g. "read 8@16". */
  name?: string;
  args?: Record<string, string | number | boolean>;
}

/** A point event on a queue; 'kick' and 'interrupt' are counted by summaries. */
export interface InstantMark {
  device: string;
  queue: string;
  kind: 'kick' | 'interrupt' | (string & {});
  time: number;
  args?: Record<string, string | number | boolean>;
}

/** A publication of `size` completions at once (QEMU: virtqueue_flush count). */
export interface BatchMark {
  device: string;
  queue: string;
  time: number;
  size: number;
}

/** A sampled value over time, e.g. in-flight requests; holds until the next sample. */
export interface CounterSeries {
  device: string;
  queue: string;
  name: string;
  time: number[];
  value: number[];
}

export interface Timeline {
  timeUnit: TimeUnit;
  /** Where it came from, e.g. "qemu-trace-log" or "ringside-sim". */
  source?: string;
  spans: RequestSpan[];
  instants: InstantMark[];
  batches?: BatchMark[];
  /** Counters; one named IN_FLIGHT per queue replaces the one derived from spans. */
  counters?: CounterSeries[];
  /** Queues to list even if they have no events, in display order. */
  queues?: Array<{ device: string; queue: string }>;
  limitations?: string[];
}

export const IN_FLIGHT = 'in-flight';

/** Multiplier from `unit` to microseconds (the Chrome trace unit). 'line' maps 1:1. */
export function microsPer(unit: TimeUnit): number {
  switch (unit) {
    case 's':
      return 1e6;
    case 'ms':
      return 1e3;
    case 'us':
    case 'line':
      return 1;
    case 'ns':
      return 1e-3;
  }
}

/**
 * In-flight count over time derived from spans: +1 at start, -1 at end (undefined ends stay
 * in flight). Ties put ends before starts so back-to-back requests don't look concurrent.
 */
export function inFlightFromSpans(spans: readonly RequestSpan[]): { time: number[]; value: number[] } {
  const n = spans.length;
  const at = new Float64Array(2 * n);
  const delta = new Int8Array(2 * n);
  let m = 0;
  for (const s of spans) {
    at[m] = s.start;
    delta[m++] = 1;
    if (s.end !== undefined) {
      at[m] = s.end;
      delta[m++] = -1;
    }
  }
  const order = Array.from({ length: m }, (_, i) => i);
  order.sort((a, b) => at[a] - at[b] || delta[a] - delta[b]);
  const time: number[] = [];
  const value: number[] = [];
  let v = 0;
  for (const i of order) {
    v += delta[i];
    time.push(at[i]);
    value.push(v);
  }
  return { time, value };
}
