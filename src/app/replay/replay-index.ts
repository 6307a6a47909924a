/**
 * What the replay reads of a Ringside trace's index: per-event columns, the byte offset of
 * each line, and ring memory at a step. Two indexes provide it — the complete-file index
 * (src/trace/replay/ringside-index.ts, built in one go) and the growing one
 * (growing-index.ts, extended line by line while a live session streams in) — so the
 * session answers "state at step N" the same way for both.
 */
import type { TraceHeader } from '../../model/trace/format';
import type { EventKind } from '../../model/vqsim/events';

export interface ReplayIndex {
  readonly header: TraceHeader;
  /** Events indexed so far. */
  readonly count: number;
  readonly time: Float64Array;
  readonly kind: Uint8Array;
  readonly actor: Uint8Array;
  readonly inFlight: Uint32Array;
  /** data.head, or -1. */
  readonly head: Int32Array;
  /** data.id (request), or -1. */
  readonly request: Int32Array;
  readonly lineStart: Float64Array;
  readonly lineLength: Uint32Array;
  readonly badLines: number;
  /** Ring and indirect-table memory after `position` events (0 = the header's initial image). */
  memoryAt(position: number): Uint8Array;
  kindOf(i: number): EventKind;
  /** Bytes the index keeps (columns, write log, checkpoints). */
  retainedBytes(): number;
}
