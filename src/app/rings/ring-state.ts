/** The split ring's indices and slots as the views draw them, read from guest memory and the two sides' state. */
import type { Virtqueue } from '../../model/virtio/queue';
import { readDescriptor, type RawDescriptor } from '../../model/virtio/chain';
import { DESC_SIZE, VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT } from '../../model/virtio/constants';
import { ring } from '../../model/virtio/layout';

/** u16 entries in the free-running window [from, to) (at most `qs`), as ring slots. */
export function windowSlots(from: number, to: number, qs: number): number[] {
  const n = Math.min((to - from) & 0xffff, qs);
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push((from + k) & (qs - 1));
  return out;
}

export interface RingPointers {
  availIdx: number;
  lastAvail: number;
  usedIdx: number;
  lastUsed: number;
  /** EVENT_IDX only: what the driver asks (interrupt me when used.idx passes this). */
  usedEvent: number | null;
  /** EVENT_IDX only: what the device asks (kick me when avail.idx passes this). */
  availEvent: number | null;
  availFlags: number;
  usedFlags: number;
  /** Filled by the device, not yet published by a used.idx store. */
  unflushed: number;
}

export function readPointers(vq: Virtqueue, eventIdx: boolean): RingPointers {
  const l = vq.layout;
  const m = vq.mem;
  return {
    availIdx: m.readU16(ring.availIdx(l)),
    lastAvail: vq.device.s.lastAvail,
    usedIdx: m.readU16(ring.usedIdx(l)),
    lastUsed: vq.driver.s.lastUsed,
    usedEvent: eventIdx ? m.readU16(ring.usedEvent(l)) : null,
    availEvent: eventIdx ? m.readU16(ring.availEvent(l)) : null,
    availFlags: m.readU16(ring.availFlags(l)),
    usedFlags: m.readU16(ring.usedFlags(l)),
    unflushed: vq.device.s.pendingCount,
  };
}

/** Slot states: 0 stale (consumed earlier or never written), 1 live (waiting for the other side), 2 filled but unpublished (used ring only). */
export const SLOT_STALE = 0;
export const SLOT_LIVE = 1;
export const SLOT_UNPUBLISHED = 2;

export interface RingSlots {
  qs: number;
  state: Uint8Array;
  /** avail: head; used: id. Only read for small rings (null when qs > limit). */
  value: Uint32Array | null;
  /** used only: len. */
  len: Uint32Array | null;
}

/** Per-slot state of the available ring; values read from memory when qs ≤ `valueLimit`. */
/** The shared part of a queue: enough to read rings from memory (a Simulation's queue or a replayed trace's memory). */
export type RingMemory = Pick<Virtqueue, 'layout' | 'mem'>;

export function availSlots(vq: RingMemory, p: RingPointers, valueLimit = 1024): RingSlots {
  const qs = vq.layout.queueSize;
  const state = new Uint8Array(qs);
  for (const s of windowSlots(p.lastAvail, p.availIdx, qs)) state[s] = SLOT_LIVE;
  let value: Uint32Array | null = null;
  if (qs <= valueLimit) {
    value = new Uint32Array(qs);
    for (let s = 0; s < qs; s++) value[s] = vq.mem.readU16(ring.availRing(vq.layout, s));
  }
  return { qs, state, value, len: null };
}

export function usedSlots(vq: RingMemory, p: RingPointers, valueLimit = 1024): RingSlots {
  const qs = vq.layout.queueSize;
  const state = new Uint8Array(qs);
  for (const s of windowSlots(p.lastUsed, p.usedIdx, qs)) state[s] = SLOT_LIVE;
  for (let k = 0; k < p.unflushed; k++) state[(p.usedIdx + k) & (qs - 1)] = SLOT_UNPUBLISHED;
  let value: Uint32Array | null = null;
  let len: Uint32Array | null = null;
  if (qs <= valueLimit) {
    value = new Uint32Array(qs);
    len = new Uint32Array(qs);
    for (let s = 0; s < qs; s++) {
      value[s] = vq.mem.readU32(ring.usedElem(vq.layout, s));
      len[s] = vq.mem.readU32(ring.usedElem(vq.layout, s) + 4);
    }
  }
  return { qs, state, value, len };
}

/** Contiguous runs of equal non-zero state, for drawing big rings as a few arcs. */
export function slotRuns(state: Uint8Array): { start: number; end: number; state: number }[] {
  const runs: { start: number; end: number; state: number }[] = [];
  let i = 0;
  while (i < state.length) {
    const v = state[i];
    let j = i + 1;
    while (j < state.length && state[j] === v) j++;
    if (v !== 0) runs.push({ start: i, end: j, state: v });
    i = j;
  }
  return runs;
}

/** Entries of an indirect table (for the expandable rows), or [] when the descriptor is not indirect. */
export function indirectEntries(vq: RingMemory, head: number): RawDescriptor[] {
  const d = readDescriptor(vq.mem, vq.layout.desc, head);
  if (!(d.flags & VRING_DESC_F_INDIRECT)) return [];
  const count = Math.min(Math.floor(d.len / DESC_SIZE), 64);
  if (!vq.mem.contains(d.addr, count * DESC_SIZE)) return [];
  const out: RawDescriptor[] = [];
  for (let k = 0; k < count; k++) out.push(readDescriptor(vq.mem, d.addr, k));
  return out;
}

export function hasNext(flags: number): boolean {
  return (flags & VRING_DESC_F_NEXT) !== 0;
}
