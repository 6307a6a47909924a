/**
 * Messages between the replay page and its worker (one worker per open trace, so
 * cancelling a load is terminating its worker). The worker keeps the big index; the page
 * gets the lanes, the step table and a summary once (a live stream: again every few
 * hundred milliseconds as it grows), then asks for the state at a step.
 */
import type { TraceHeader } from '../../model/trace/format';
import type { SplitLayout } from '../../model/virtio/layout';
import type { TraceSummary } from '../../trace/summary';
import type { TimeUnit } from '../../trace/model';
import type { TraceFormat } from '../../trace/replay/detect';
import type { Lane } from '../../trace/replay/lanes';
import type { PrivateAt } from '../../trace/replay/private-state';
import type { RingBases } from './ring-view';
import type { StepTable } from '../../trace/replay/steps';

/**
 * The response header that marks a trace as still being written (`npm run live` sends
 * `Ringside-Stream: live`): the page shows each prefix as it arrives and can follow it.
 */
export const LIVE_STREAM_HEADER = 'Ringside-Stream';

export type SourceSpec = { kind: 'file'; file: File } | { kind: 'url'; url: string };

export interface LoadOptions {
  skipBadLines: boolean;
}

export type Phase = 'reading' | 'summarising';

export interface Progress {
  phase: Phase;
  bytes: number;
  totalBytes: number | null;
  events: number;
}

/**
 * A trace read from a live stream (`npm run live`): still `receiving`, `ended` (the
 * session finished and the stream closed) or `stopped` (the page stopped reading it).
 */
export type LiveState = 'receiving' | 'ended' | 'stopped';

export interface TraceInfo {
  name: string;
  format: TraceFormat;
  bytes: number;
  timeUnit: TimeUnit;
  header: TraceHeader | null;
  summary: TraceSummary;
  limitations: string[];
  badLines: { count: number; samples: string[] };
  lanes: Lane[];
  steps: StepTable;
  /** Steps worth a mark on the transport (errors, corruptions, interventions). */
  markers: { step: number; kind: string }[];
  ringside: null | { layout: SplitLayout; eventIdx: boolean; bases: RingBases };
  loadMs: number;
  retainedBytes: number;
  /** null for a complete file; otherwise where the live stream is (this info describes what arrived so far). */
  live: LiveState | null;
}

/** One row of the event list. */
export interface EventRow {
  step: number;
  time: number;
  kind: string;
  actor: string;
  text: string;
}

export interface StepState {
  position: number;
  /** The event that led here (position − 1), fully, for the detail panel; null at 0. */
  event: null | { step: number; fields: [string, string][]; raw: string | null };
  rows: EventRow[];
  /** Ringside: ring memory and private state after `position` events. */
  ring: null | { memory: Uint8Array; priv: PrivateAt };
}

export type ToWorker =
  | { type: 'load'; source: SourceSpec; options: LoadOptions }
  | { type: 'state'; id: number; position: number; rowsFrom: number; rowsTo: number }
  | { type: 'export'; id: number }
  /** Stop reading a live stream; the trace ends with what has arrived. */
  | { type: 'stop' };

export type FromWorker =
  | { type: 'progress'; progress: Progress }
  /** What a live stream has delivered so far: navigable now, replaced by the next one, then by `loaded`. */
  | { type: 'prefix'; info: TraceInfo }
  | { type: 'loaded'; info: TraceInfo }
  | { type: 'failed'; message: string; line: number | null }
  | { type: 'state'; id: number; state: StepState }
  | { type: 'export'; id: number; blob: Blob }
  | { type: 'error'; id: number; message: string };
