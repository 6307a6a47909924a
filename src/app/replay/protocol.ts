/**
 * Messages between the replay page and its worker (one worker per open trace, so
 * cancelling a load is terminating its worker). The worker keeps the big index; the page
 * gets the lanes, the step table and a summary once, then asks for the state at a step.
 */
import type { TraceHeader } from '../../model/trace/format';
import type { SplitLayout } from '../../model/virtio/layout';
import type { TraceSummary } from '../../trace/summary';
import type { TimeUnit } from '../../trace/model';
import type { TraceFormat } from './detect';
import type { Lane } from './lanes';
import type { PrivateAt } from './private-state';
import type { RingBases } from './ring-view';
import type { StepTable } from './steps';

export type SourceSpec = { kind: 'file'; file: File } | { kind: 'url'; url: string };

export interface LoadOptions {
  skipBadLines: boolean;
}

export type Phase = 'reading' | 'details' | 'summarising';

export interface Progress {
  phase: Phase;
  bytes: number;
  totalBytes: number | null;
  events: number;
}

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
  | { type: 'export'; id: number };

export type FromWorker =
  | { type: 'progress'; progress: Progress }
  | { type: 'loaded'; info: TraceInfo }
  | { type: 'failed'; message: string; line: number | null }
  | { type: 'state'; id: number; state: StepState }
  | { type: 'export'; id: number; blob: Blob }
  | { type: 'error'; id: number; message: string };
