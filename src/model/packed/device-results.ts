/** What each packed device call reports: slots, wrap counters and event-area values, for views, traces and tests. */
import type { PackedChain } from './chain';
import type { Wrap } from './wrap';

export interface PackedPopResult {
  chain: PackedChain;
  /** Slot of the first descriptor and the wrap counter it was read with. */
  slot: number;
  wrap: Wrap;
  lastAvail: { from: number; to: number };
  availWrap: { from: Wrap; to: Wrap };
}

export interface PackedFillResult {
  id: number;
  len: number;
  /** Where the used descriptor will be written at the next flush, and with which wrap counter. */
  slot: number;
  wrap: Wrap;
}

export interface PackedUsedWrite {
  id: number;
  len: number;
  slot: number;
  wrap: Wrap;
  ndescs: number;
  flags: number;
}

export interface PackedFlushResult {
  /** Used descriptors written, in the order they become visible to the driver (the first one's flags last). */
  written: PackedUsedWrite[];
  usedIdx: { from: number; to: number };
  usedWrap: { from: Wrap; to: Wrap };
}

export interface PackedInterruptDecision {
  interrupt: boolean;
  /** Driver event flags read (ENABLE / DISABLE / DESC) and off_wrap (read after them). */
  flags: number;
  offWrap: number;
  oldIdx: number;
  newIdx: number;
  usedWrap: Wrap;
  /** False the first time and after the used position wrapped: then DESC mode always interrupts. */
  signalledValid: boolean;
}
