/**
 * Invariants of a packed queue, checked after every step. A violation is a bug in the model (bad input raises a
 * PackedRingError instead), so it has its own error type. `crossCheck` compares the two sides' views and the ring
 * bytes against them; it is off once hostile input has been written, because then the sides legitimately
 * disagree until one of them refuses.
 */
import type { GuestAllocator } from '../memory/allocator';
import { HeldState, type PackedDevice } from './device';
import { IdState, type PackedDriver } from './driver';
import { packed } from './layout';
import { availBits, distance, isAvail, isUsed, type Wrap } from './wrap';

export class PackedInvariantError extends Error {
  constructor(
    readonly invariant: string,
    message: string,
  ) {
    super(`invariant "${invariant}" violated: ${message}`);
    this.name = 'PackedInvariantError';
  }
}

function fail(invariant: string, message: string): never {
  throw new PackedInvariantError(invariant, message);
}

function lapWrap(baseWrap: Wrap, basePos: number, k: number, qs: number): { slot: number; wrap: Wrap } {
  const p = basePos + k;
  return p >= qs ? { slot: p - qs, wrap: (baseWrap ^ 1) as Wrap } : { slot: p, wrap: baseWrap };
}

export function checkPackedInvariants(
  driver: PackedDriver,
  device: PackedDevice,
  tables: GuestAllocator | null,
  crossCheck: boolean,
): void {
  const s = driver.s;
  const qs = driver.qs;
  const inRange = (n: number) => Number.isInteger(n) && n >= 0 && n < qs;
  if (!inRange(s.nextAvail) || !inRange(s.lastUsed)) {
    fail('positions in the ring', `next_avail ${s.nextAvail}, last_used ${s.lastUsed}, QS ${qs}`);
  }

  // Free ids: num_free distinct ids reachable from free_head, none in flight.
  const owner = new Int32Array(qs).fill(-1);
  let i = s.freeHead;
  for (let k = 0; k < s.numFree; k++) {
    if (!inRange(i)) fail('free id list', `free list reaches id ${i} ≥ QS ${qs}`);
    if (owner[i] !== -1) fail('free id list', `id ${i} appears twice in the free list`);
    if (s.idState[i] === IdState.InFlight) fail('free ids are not in flight', `id ${i} is free and in flight`);
    owner[i] = qs;
    i = s.extraNext[i];
  }

  // In-flight buffers: each owns num ids from its id along desc_extra, disjoint from each other and the free list.
  let inFlight = 0;
  let slotsInFlight = 0;
  let indirect = 0;
  for (let id = 0; id < qs; id++) {
    if (s.idState[id] !== IdState.InFlight) continue;
    inFlight++;
    slotsInFlight += s.num[id];
    if (s.num[id] < 1 || s.num[id] > qs) fail('buffer slot count', `buffer ${id} took ${s.num[id]} slots`);
    if (s.indirectAddr[id] !== 0) {
      indirect++;
      if (s.num[id] !== 1) fail('indirect buffers take one slot', `buffer ${id} took ${s.num[id]}`);
      if (tables && !tables.isAllocated(s.indirectAddr[id])) {
        fail('indirect tables', `buffer ${id}'s table at 0x${s.indirectAddr[id].toString(16)} is not allocated`);
      }
    }
    let j = id;
    for (let k = 0; k < s.num[id]; k++) {
      if (owner[j] === qs) fail('ids in flight are unique', `id ${j} of buffer ${id} is also free`);
      if (owner[j] !== -1) fail('ids in flight are unique', `id ${j} belongs to buffers ${owner[j]} and ${id}`);
      owner[j] = id;
      if (k + 1 === s.num[id] && j !== s.last[id]) fail('last id', `buffer ${id} ends at ${j}, not ${s.last[id]}`);
      j = s.extraNext[j];
    }
  }
  if (inFlight !== s.inFlight) fail('in-flight count', `counted ${inFlight}, driver says ${s.inFlight}`);
  if (s.numFree + slotsInFlight !== qs) {
    fail('free ids + in flight = QS', `free ${s.numFree} + in flight ${slotsInFlight} ≠ ${qs}`);
  }
  if (tables) {
    const allocated = Object.keys(tables.save().used).length;
    if (allocated !== indirect) fail('indirect tables', `${allocated} tables allocated for ${indirect} buffers`);
  }

  // The bits the next descriptor gets (avail_used_flags) are those of the avail wrap counter.
  if (s.availUsedFlags !== availBits(s.availWrap)) {
    fail(
      'avail_used_flags match the avail wrap counter',
      `avail_used_flags 0x${s.availUsedFlags.toString(16)}, avail wrap counter ${s.availWrap}`,
    );
  }

  // Wrap counters agree with positions: next_avail is exactly the in-flight slot count past last_used. (Distances
  // are taken on positions extended to 2·QS, so a full ring is QS apart, not 0.)
  const ahead = distance(s.lastUsed, s.usedWrap, s.nextAvail, s.availWrap, qs);
  if (ahead !== slotsInFlight) {
    fail(
      'driver wrap counters match positions',
      `next_avail ${s.nextAvail} (wrap ${s.availWrap}) is ${ahead} slots past last_used ${s.lastUsed} (wrap ${s.usedWrap}), ${slotsInFlight} slots in flight`,
    );
  }

  const d = device.s;
  if (!inRange(d.lastAvail) || !inRange(d.usedIdx)) {
    fail('device positions in the ring', `last_avail ${d.lastAvail}, used_idx ${d.usedIdx}`);
  }
  let heldSlots = 0;
  for (let id = 0; id < qs; id++) if (d.held[id] !== HeldState.Free) heldSlots += d.heldNdescs[id];
  if (heldSlots !== d.inUse) fail('device in-use', `held buffers take ${heldSlots} slots, inuse ${d.inUse}`);
  if (d.inUse > qs) fail('device in-use ≤ QS', `device holds ${d.inUse} slots`);
  const seen = new Set<number>();
  for (const id of d.pendingId) {
    if (seen.has(id)) fail('pending ids are unique', `buffer ${id} is filled twice`);
    seen.add(id);
  }
  if (!crossCheck) return;

  // The device's own positions: popped and not flushed is what it holds (a hostile device that completes ids it
  // does not hold breaks this, hence only with crossCheck).
  const popped = distance(d.usedIdx, d.usedWrap, d.lastAvail, d.lastAvailWrap, qs);
  if (popped !== d.inUse) {
    fail(
      'device wrap counters match positions',
      `last_avail ${d.lastAvail} (wrap ${d.lastAvailWrap}) is ${popped} slots past used ${d.usedIdx} (wrap ${d.usedWrap}), ${d.inUse} in use`,
    );
  }
  // Between the sides: last_used ≤ device used ≤ device avail ≤ next_avail, all within the slots in flight.
  const consumed = distance(s.lastUsed, s.usedWrap, d.lastAvail, d.lastAvailWrap, qs);
  const reclaimable = distance(s.lastUsed, s.usedWrap, d.usedIdx, d.usedWrap, qs);
  if (consumed > slotsInFlight) {
    fail(
      'device reads behind next_avail',
      `device avail is ${consumed} slots past last_used, ${slotsInFlight} in flight`,
    );
  }
  if (reclaimable > consumed) fail('used behind avail', `${reclaimable} used slots unreclaimed, ${consumed} consumed`);
  for (let id = 0; id < qs; id++) {
    if (d.held[id] === HeldState.Free) continue;
    if (s.idState[id] !== IdState.InFlight) fail('device holds in-flight ids', `device holds ${id}, driver has not`);
    if (d.heldWritable[id] !== s.writableBytes[id]) {
      fail('writable bytes agree', `buffer ${id}: device ${d.heldWritable[id]}, driver ${s.writableBytes[id]}`);
    }
    if (d.heldNdescs[id] !== s.num[id]) {
      fail('slot counts agree', `buffer ${id}: device ${d.heldNdescs[id]}, driver ${s.num[id]}`);
    }
  }

  // Ring bytes. The slot the device reads next is available exactly when the driver has published past it…
  const mem = driver.mem;
  const l = driver.layout;
  const flagsAt = (slot: number) => mem.readU16(packed.descFlags(l, slot));
  const unread = slotsInFlight - consumed;
  const devSees = isAvail(flagsAt(d.lastAvail), d.lastAvailWrap);
  if (unread > 0 && !devSees) {
    fail('published descriptors are available', `slot ${d.lastAvail} (wrap ${d.lastAvailWrap}) not available`);
  }
  if (unread === 0 && devSees) {
    fail(
      'no descriptor available to the wrong lap',
      `device would read slot ${d.lastAvail} (wrap ${d.lastAvailWrap}) again`,
    );
  }
  // …every free slot reads as not available for the lap the device will meet it in…
  for (let k = 0; k < s.numFree; k++) {
    const at = lapWrap(s.availWrap, s.nextAvail, k, qs);
    if (isAvail(flagsAt(at.slot), at.wrap)) {
      fail('no descriptor available to the wrong lap', `free slot ${at.slot} reads available for wrap ${at.wrap}`);
    }
  }
  // …and the slot the driver reclaims next is used exactly when the device has flushed past it.
  const drvSees = isUsed(flagsAt(s.lastUsed), s.usedWrap);
  if (reclaimable > 0 && !drvSees) fail('flushed descriptors are used', `slot ${s.lastUsed} is not used yet`);
  if (reclaimable === 0 && drvSees) {
    fail('no descriptor used to the wrong lap', `driver would reclaim slot ${s.lastUsed} (wrap ${s.usedWrap}) again`);
  }
}
