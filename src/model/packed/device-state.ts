/**
 * What the packed device keeps (QEMU: the VirtQueue fields of the packed path, used_elems and the per-id view of
 * what it holds) and how a fresh queue starts. The device (./device) works on this state and the ring only.
 */
import type { PackedErrorInfo } from './errors';
import type { Wrap } from './wrap';

/** What a buffer id is to the device. */
export const HeldState = { Free: 0, Held: 1, Filled: 2 } as const;

export interface PackedDeviceState {
  /** Next slot to read and its wrap counter (QEMU last_avail_idx / last_avail_wrap_counter). */
  lastAvail: number;
  lastAvailWrap: Wrap;
  /** Where the device last looked (QEMU shadow_avail_*): the off_wrap it asks to be kicked at. */
  shadowAvail: number;
  shadowAvailWrap: Wrap;
  /** Next slot to write a used descriptor at and its wrap counter. */
  usedIdx: number;
  usedWrap: Wrap;
  /** Ring slots popped and not yet flushed (QEMU inuse counts descriptors in packed rings). */
  inUse: number;
  /** Per buffer id: free, held (popped) or filled (completed, waiting for the flush). */
  held: Uint8Array;
  heldWritable: Float64Array;
  heldNdescs: Uint16Array;
  /** Completed buffers waiting for flush (QEMU used_elems): id, written length, slots. */
  pendingId: number[];
  pendingLen: number[];
  pendingNdescs: number[];
  /** used_idx at the last interrupt decision, and whether it may be trusted (QEMU signalled_used[_valid]). */
  signalledUsed: number;
  signalledUsedValid: boolean;
  /** Does the device want kicks (QEMU vq->notification)? */
  notification: boolean;
  broken: PackedErrorInfo | null;
}

/** A fresh queue of `qs` slots: nothing held, lap 1 on both positions, kicks wanted. */
export function freshDeviceState(qs: number): PackedDeviceState {
  return {
    lastAvail: 0,
    lastAvailWrap: 1,
    shadowAvail: 0,
    shadowAvailWrap: 1,
    usedIdx: 0,
    usedWrap: 1,
    inUse: 0,
    held: new Uint8Array(qs),
    heldWritable: new Float64Array(qs),
    heldNdescs: new Uint16Array(qs),
    pendingId: [],
    pendingLen: [],
    pendingNdescs: [],
    signalledUsed: 0,
    signalledUsedValid: false,
    notification: true,
    broken: null,
  };
}
