/**
 * What the exhaustive explorer (exhaustive.ts) is asked to do and says it did: its configuration, the request
 * shapes and operations it tries, and the fixed buffers and used lengths of each request, so every lane (packed,
 * split) is offered exactly the same work.
 */
import type { BufferRef } from '../virtio/chain';
import type { PackedFeatures } from './constants';
import type { PackedDriverOptions } from './driver';

/** Request shapes: one readable buffer, one writable buffer, one of each (a two-descriptor list). */
export const SHAPES = ['R', 'W', 'RW'] as const;
export type Shape = (typeof SHAPES)[number];

export type Op =
  | { kind: 'add'; shape: Shape }
  | { kind: 'pop' }
  | { kind: 'complete'; request: number }
  | { kind: 'flush' }
  | { kind: 'reclaim' };

export function formatOp(op: Op): string {
  if (op.kind === 'add') return `add ${op.shape}`;
  if (op.kind === 'complete') return `complete #${op.request}`;
  return op.kind;
}

export interface ExploreConfig {
  queueSize: number;
  /** Longest operation sequence tried. */
  depth: number;
  features: PackedFeatures;
  /** Run a split queue beside the packed one (its size must be a power of two). */
  split: boolean;
  /** Packed driver options, e.g. to check that a known bug is caught. */
  packedDriver?: Partial<PackedDriverOptions>;
}

// Request n's buffers live at fixed addresses with lengths from n, so every lane offers the same buffers. Their
// contents do not matter: the device only reports a length, it writes nothing into them.
export const BUFFER_BYTES = 4096;
const REQUEST_STRIDE = 64;
export const MAX_REQUESTS = BUFFER_BYTES / REQUEST_STRIDE;

export function buffersOf(base: number, n: number, shape: Shape): { out: BufferRef[]; inb: BufferRef[] } {
  const at = base + REQUEST_STRIDE * n;
  return {
    out: shape === 'W' ? [] : [{ addr: at, len: 8 + n }],
    inb: shape === 'R' ? [] : [{ addr: at + 32, len: 16 + n }],
  };
}
/** What the device reports writing for request n: distinct per request, so a mixed-up completion shows. */
export function usedLength(n: number, shape: Shape): number {
  return shape === 'R' ? 0 : 1 + n;
}
/** Ring slots a request takes, or null when it can never fit (longer than the queue). Both rings agree on this. */
export function slotsFor(shape: Shape, qs: number, indirect: boolean): number | null {
  const elements = shape.length;
  if (elements > qs) return null;
  return indirect && elements > 1 ? 1 : elements;
}

/** What a reclaim returns: the request and the length the device reported for it. */
export interface Completion {
  request: number;
  len: number;
}
