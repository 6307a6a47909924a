/**
 * What the ring-index steps share: the wrap-around run and the data of an add or a reclaim.
 */
import type { StepState } from '../../types';
import { VqRun } from '../../vq/vq-run';

export type S = StepState<VqRun>;

export const wrap = (seed: number) => new VqRun({ scenario: 'wrap-around', seed });

export interface AddData {
  head: number;
  slot: number;
  availIdx: { from: number; to: number };
}

export interface ReclaimData {
  head: number;
  usedSlot: number;
  lastUsed: { from: number; to: number };
}

export const data = <T,>(run: VqRun, at: number | null): T => run.eventAt(at ?? 0)!.data as T;
