/** Who owns each descriptor at the current step (free, driver, device, used, held, other), read from the model. */
import type { Virtqueue } from '../../model/virtio/queue';
import { HeadState } from '../../model/virtio/driver';
import { ring } from '../../model/virtio/layout';
import { windowSlots } from './ring-state';

export const OWNERS = ['free', 'driver', 'device', 'used', 'held', 'other'] as const;
export type Owner = (typeof OWNERS)[number];
export const O_FREE = 0;
export const O_DRIVER = 1;
export const O_DEVICE = 2;
export const O_USED = 3;
export const O_HELD = 4;
export const O_OTHER = 5;

export const OWNER_LABEL: Record<Owner, string> = {
  free: 'Free',
  driver: 'Driver: waiting in avail ring',
  device: 'In flight at the device',
  used: 'Used: awaiting reclaim',
  held: 'Held for recycling',
  other: 'Unaccounted',
};

export const OWNER_HELP: Record<Owner, string> = {
  free: 'On the driver’s free list (reachable from free_head); the driver may use it for the next chain.',
  driver:
    'Part of a chain the driver published in the available ring that the device has not popped yet (between last_avail and avail.idx).',
  device:
    'Part of a chain the device has popped and is working on (or has filled a used entry for that is not yet published).',
  used: 'The device returned this chain (it is between last_used and used.idx in the used ring); the driver has not reclaimed it yet.',
  held: 'Reclaimed by the driver but kept off the free list to be recycled straight back (nebula RX).',
  other: 'Not on the free list and in no chain the driver knows: only after hostile writes.',
};

export interface OwnerMap {
  qs: number;
  /** Owner code per descriptor (index into OWNERS). */
  owner: Uint8Array;
  /** Head of the chain each descriptor belongs to, or -1 (free / other). */
  headOf: Int32Array;
  /** Count per owner code. */
  counts: number[];
  /** Free list in order from free_head. */
  freeList: number[];
  /** Heads in chains the driver knows, with their descriptors (in chain order). */
  chains: { head: number; owner: number; descriptors: number[]; indirect: boolean; token: number }[];
}

export function computeOwners(vq: Virtqueue): OwnerMap {
  const qs = vq.layout.queueSize;
  const d = vq.driver.s;
  const dev = vq.device.s;
  const owner = new Uint8Array(qs).fill(O_OTHER);
  const headOf = new Int32Array(qs).fill(-1);
  const freeList = vq.driver.freeList();
  for (const i of freeList) if (i < qs) owner[i] = O_FREE;

  // Heads the device has not popped yet (published between last_avail and avail.idx).
  const inAvail = new Set<number>();
  const availIdx = vq.mem.readU16(ring.availIdx(vq.layout));
  for (const slot of windowSlots(dev.lastAvail, availIdx, qs))
    inAvail.add(vq.mem.readU16(ring.availRing(vq.layout, slot)));
  // Heads the device returned that the driver has not reclaimed (between last_used and used.idx).
  const inUsed = new Set<number>();
  const usedIdx = vq.mem.readU16(ring.usedIdx(vq.layout));
  for (const slot of windowSlots(d.lastUsed, usedIdx, qs)) inUsed.add(vq.mem.readU32(ring.usedElem(vq.layout, slot)));
  const pending = new Set<number>(Array.from(dev.pendingHeads.subarray(0, dev.pendingCount)));

  const chains: OwnerMap['chains'] = [];
  for (let h = 0; h < qs; h++) {
    const st = d.headState[h];
    if (st === HeadState.Free) continue;
    let o: number;
    if (st === HeadState.Held) o = O_HELD;
    else if (dev.held[h] > 0 || pending.has(h)) o = O_DEVICE;
    else if (inUsed.has(h)) o = O_USED;
    else if (inAvail.has(h)) o = O_DRIVER;
    else o = O_OTHER;
    const descriptors = vq.driver.chainDescriptors(h);
    for (const i of descriptors) {
      owner[i] = o;
      headOf[i] = h;
    }
    chains.push({ head: h, owner: o, descriptors, indirect: d.indirectAddr[h] !== 0, token: d.token[h] });
  }
  const counts = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < qs; i++) counts[owner[i]]++;
  return { qs, owner, headOf, counts, freeList, chains };
}
