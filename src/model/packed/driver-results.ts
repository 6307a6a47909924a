/** What each packed driver call reports: the ids, slots and flags it used, for views, traces and tests. */
import type { Wrap } from './wrap';

export interface PackedAddResult {
  /** The buffer id, written into the descriptor(s) and returned in the used descriptor. */
  id: number;
  /** Ring slot of the first descriptor and the wrap counter it was made available with. */
  slot: number;
  wrap: Wrap;
  /** Ring slots written, in list order (one for an indirect buffer). */
  slots: number[];
  /** Ids taken off the free list, the buffer id first. */
  ids: number[];
  /** Descriptor flags written into each slot of `slots`; the first was written last. */
  flags: number[];
  indirect: { addr: number; count: number } | null;
  outCount: number;
  inCount: number;
  nextAvail: { from: number; to: number };
  availWrap: { from: Wrap; to: Wrap };
}

export interface PackedKickDecision {
  kick: boolean;
  oldIdx: number;
  newIdx: number;
  /** Device event flags read (ENABLE / DISABLE / DESC). */
  flags: number;
  /** off_wrap read (DESC only). */
  offWrap: number | null;
  /** The event offset after moving it into the driver's lap (off − QS when its counter differs), u16. */
  eventIdx: number | null;
  availWrap: Wrap;
}

export interface PackedUsedBuffer {
  id: number;
  len: number;
  token: number;
  /** Slot the used descriptor was read from and the used wrap counter it matched. */
  slot: number;
  wrap: Wrap;
  /** Ring slots the buffer had taken (the driver skips as many). */
  count: number;
  /** Ids returned to the free list. */
  ids: number[];
  indirect: boolean;
  lastUsed: { from: number; to: number };
  usedWrap: { from: Wrap; to: Wrap };
  /** off_wrap written to the driver event area afterwards (callbacks in DESC mode), else null. */
  offWrap: number | null;
}
