/**
 * The exhaustive explorer's abstract queue, `Spec`: where each request is (available → held → completed → used →
 * reclaimed, FIFO except for completion), and from that, which operations are legal next. Every lane is checked
 * against it.
 */
import { type ExploreConfig, MAX_REQUESTS, type Op, SHAPES, type Shape, slotsFor } from './exhaustive-ops';

/** The abstract queue: where each request is. Immutable; every operation makes a new one. */
export interface Spec {
  /** Shape of each request added so far; its index is the request number. */
  shapes: readonly Shape[];
  freeSlots: number;
  /** Added, not popped (FIFO). */
  avail: readonly number[];
  /** Popped, not completed, in pop order. */
  held: readonly number[];
  /** Completed, not flushed, in completion order. */
  pending: readonly number[];
  /** Flushed, not reclaimed, in the order the driver will reclaim them. */
  used: readonly number[];
  slotsAdded: number;
}

export function initialSpec(qs: number): Spec {
  return { shapes: [], freeSlots: qs, avail: [], held: [], pending: [], used: [], slotsAdded: 0 };
}

export function legalOps(spec: Spec, config: ExploreConfig): Op[] {
  const ops: Op[] = [];
  if (spec.shapes.length < MAX_REQUESTS) {
    for (const shape of SHAPES) {
      const slots = slotsFor(shape, config.queueSize, config.features.indirect);
      if (slots !== null && slots <= spec.freeSlots) ops.push({ kind: 'add', shape });
    }
  }
  if (spec.avail.length > 0) ops.push({ kind: 'pop' });
  for (const request of spec.held) ops.push({ kind: 'complete', request });
  if (spec.pending.length > 0) ops.push({ kind: 'flush' });
  if (spec.used.length > 0) ops.push({ kind: 'reclaim' });
  return ops;
}
