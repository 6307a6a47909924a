/**
 * Invariants checked after every step. A violation is a bug in the model (not bad input:
 * bad input raises a RingError), so it is its own error type.
 */
import { HeadState, type VirtqueueDriver } from '../virtio/driver';
import type { VirtqueueDevice } from '../virtio/device';
import type { GuestAllocator } from '../memory/allocator';

export class InvariantError extends Error {
  constructor(
    readonly invariant: string,
    message: string,
  ) {
    super(`invariant "${invariant}" violated: ${message}`);
    this.name = 'InvariantError';
  }
}

/**
 * `crossCheck` compares the two sides' views; it is off once hostile input has been
 * written, because then the sides legitimately disagree until one of them refuses.
 */
export function checkInvariants(
  driver: VirtqueueDriver,
  device: VirtqueueDevice,
  tables: GuestAllocator | null,
  crossCheck: boolean,
): void {
  const s = driver.s;
  const qs = driver.qs;
  const owner = new Int32Array(qs).fill(-1);

  // Free list: num_free distinct descriptors reachable from free_head.
  let i = s.freeHead;
  for (let k = 0; k < s.numFree; k++) {
    if (i >= qs) throw new InvariantError('free list', `free list reaches index ${i} ≥ QS ${qs}`);
    if (owner[i] !== -1) throw new InvariantError('free list', `descriptor ${i} appears twice in the free list`);
    owner[i] = qs; // "free"
    i = s.extraNext[i];
  }

  // Chains: each descriptor in at most one chain, none on the free list; conservation.
  let inChains = 0;
  let inFlight = 0;
  let held = 0;
  let indirectHeads = 0;
  for (let h = 0; h < qs; h++) {
    const st = s.headState[h];
    if (st === HeadState.Free) continue;
    if (st === HeadState.InFlight) inFlight++;
    else held++;
    if (s.indirectAddr[h] !== 0) {
      indirectHeads++;
      if (tables && !tables.isAllocated(s.indirectAddr[h]))
        throw new InvariantError('indirect tables', `chain ${h}'s indirect table is not allocated`);
    }
    let d = h;
    for (let k = 0; k < s.chainLen[h]; k++) {
      if (owner[d] === qs)
        throw new InvariantError(
          'no descriptor in two places',
          `descriptor ${d} of chain ${h} is also on the free list`,
        );
      if (owner[d] !== -1)
        throw new InvariantError('no descriptor in two chains', `descriptor ${d} is in chains ${owner[d]} and ${h}`);
      owner[d] = h;
      inChains++;
      d = s.extraNext[d];
    }
  }
  if (s.numFree + inChains !== qs) {
    throw new InvariantError('descriptor conservation', `free ${s.numFree} + in chains ${inChains} ≠ QS ${qs}`);
  }
  if (inFlight !== s.inFlight || held !== s.held) {
    throw new InvariantError(
      'in-flight count',
      `counted ${inFlight} in flight / ${held} held, driver says ${s.inFlight} / ${s.held}`,
    );
  }
  if (tables) {
    const allocated = Object.keys(tables.save().used).length;
    if (allocated !== indirectHeads)
      throw new InvariantError('indirect tables', `${allocated} tables allocated for ${indirectHeads} indirect chains`);
  }
  // A hostile driver publishes entries it does not track, so its own index shadow is only
  // checked while no corruption has been injected.
  const outstanding = (s.availIdxShadow - s.lastUsed) & 0xffff;
  if (crossCheck && outstanding > qs)
    throw new InvariantError(
      'avail.idx − used.idx ≤ QS',
      `avail ${s.availIdxShadow} − last_used ${s.lastUsed} = ${outstanding}`,
    );
  if (crossCheck && outstanding !== s.inFlight)
    throw new InvariantError(
      'published = in flight',
      `${outstanding} published since last_used, ${s.inFlight} in flight`,
    );

  const d = device.s;
  const popped = (d.lastAvail - d.usedIdx) & 0xffff;
  if (popped !== d.inUse)
    throw new InvariantError(
      'device in-use',
      `last_avail ${d.lastAvail} − used ${d.usedIdx} = ${popped}, device holds ${d.inUse}`,
    );
  if (d.inUse > qs) throw new InvariantError('device in-use ≤ QS', `device holds ${d.inUse}`);

  if (crossCheck) {
    // Every chain the device holds is a head the driver has in flight, with the same writable size.
    for (let h = 0; h < qs; h++) {
      if (d.held[h] === 0) continue;
      if (s.headState[h] !== HeadState.InFlight)
        throw new InvariantError(
          'used ids are in-flight heads',
          `device holds ${h}, which the driver has not in flight`,
        );
      if (d.heldWritable[h] !== s.writableBytes[h])
        throw new InvariantError(
          'writable bytes agree',
          `chain ${h}: device sees ${d.heldWritable[h]}, driver ${s.writableBytes[h]}`,
        );
    }
    const usedAhead = (d.usedIdx - s.lastUsed) & 0xffff;
    if (usedAhead > s.inFlight)
      throw new InvariantError('used ≤ in flight', `${usedAhead} used entries unreclaimed, ${s.inFlight} in flight`);
  }
}
