/**
 * What the live view draws (pointers, ring slots, descriptor owners and chains), rebuilt
 * from a replayed trace: shared ring memory at the step (the index's memoryAt) plus the
 * private state replayed from events. Pure, so node tests compare it with the model's
 * own view at every step.
 */
import { GuestMemory } from '../../model/memory/guest-memory';
import { readDescriptor } from '../../model/virtio/chain';
import { DESC_SIZE, VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT } from '../../model/virtio/constants';
import { ring, type SplitLayout } from '../../model/virtio/layout';
import { availSlots, usedSlots, type RingPointers, type RingSlots } from '../rings/ring-state';
import { O_DEVICE, O_DRIVER, O_FREE, O_USED, type OwnerMap } from '../rings/owners';
import type { DescriptorSource } from '../rings/DescriptorTable';
import { H_AVAIL, H_FREE, H_USED, type PrivateAt } from '../../trace/replay/private-state';

/** Values of the private indices before the first event, read from the first pop and reclaim lines. */
export interface RingBases {
  /** last_avail before the first pop, or null when the trace has no pops (a driver-side capture). */
  lastAvail0: number | null;
  lastUsed0: number;
}

export interface RingView {
  source: DescriptorSource;
  pointers: RingPointers;
  avail: RingSlots;
  used: RingSlots;
  owners: OwnerMap;
  /** true when last_avail was inferred (the trace never shows the device's pops). */
  lastAvailInferred: boolean;
}

const STATE_OWNER = [O_FREE, O_DRIVER, O_DEVICE, O_DEVICE, O_USED];

export function memoryOf(bytes: Uint8Array): GuestMemory {
  // A trace without a memory map still gets a (tiny) image so reads fail soft, not throw.
  const size = Math.max(1, bytes.byteLength);
  const buf = bytes.byteLength > 0 ? bytes : new Uint8Array(1);
  return new GuestMemory(buf.buffer, [{ gpa: 0, size, offset: buf.byteOffset, name: 'rings' }]);
}

function u16(mem: GuestMemory, gpa: number): number {
  return mem.contains(gpa, 2) ? mem.readU16(gpa) : 0;
}

export function ringView(
  bytes: Uint8Array,
  layout: SplitLayout,
  eventIdx: boolean,
  st: PrivateAt,
  bases: RingBases,
): RingView {
  const mem = memoryOf(bytes);
  const qs = layout.queueSize;
  const availIdx = u16(mem, ring.availIdx(layout));
  const usedIdx = u16(mem, ring.usedIdx(layout));
  let waiting = 0;
  for (let h = 0; h < qs; h++) if (st.heads[h] === H_AVAIL) waiting++;
  const lastAvail = bases.lastAvail0 === null ? (availIdx - waiting) & 0xffff : (bases.lastAvail0 + st.pops) & 0xffff;
  const lastUsed = (bases.lastUsed0 + st.reclaims) & 0xffff;
  const pointers: RingPointers = {
    availIdx,
    lastAvail,
    usedIdx,
    lastUsed,
    usedEvent: eventIdx ? u16(mem, ring.usedEvent(layout)) : null,
    availEvent: eventIdx ? u16(mem, ring.availEvent(layout)) : null,
    availFlags: u16(mem, ring.availFlags(layout)),
    usedFlags: u16(mem, ring.usedFlags(layout)),
    unflushed: st.unflushed,
  };
  const rm = { layout, mem };
  const fits = mem.contains(layout.used, 4 + 8 * qs) && mem.contains(layout.avail, 4 + 2 * qs);
  const avail = fits ? availSlots(rm, pointers) : { qs, state: new Uint8Array(qs), value: null, len: null };
  const used = fits ? usedSlots(rm, pointers) : { qs, state: new Uint8Array(qs), value: null, len: null };

  // Heads published in the used ring are "used" whatever the event stream said: a
  // driver-side capture never sees the device's pop or fill.
  const heads = st.heads.slice();
  const window = Math.min((usedIdx - lastUsed) & 0xffff, qs);
  for (let k = 0; k < window && fits; k++) {
    const id = mem.readU32(ring.usedElem(layout, (lastUsed + k) & (qs - 1)));
    if (id < qs && heads[id] !== H_FREE && heads[id] !== H_USED) heads[id] = H_USED;
  }
  const owners = ownersOf(mem, layout, heads, st.tokens);
  const indirectCount = new Uint32Array(qs);
  for (const c of owners.chains)
    if (c.indirect) indirectCount[c.head] = Math.floor(readDescriptor(mem, layout.desc, c.head).len / DESC_SIZE);
  return {
    source: { vq: { layout, mem, driver: { s: { indirectCount } } } },
    pointers,
    avail,
    used,
    owners,
    lastAvailInferred: bases.lastAvail0 === null,
  };
}

/** Owners and chains: each live head's chain followed through its NEXT links in memory. */
export function ownersOf(mem: GuestMemory, layout: SplitLayout, heads: Uint8Array, tokens: Int32Array): OwnerMap {
  const qs = layout.queueSize;
  const owner = new Uint8Array(qs);
  const headOf = new Int32Array(qs).fill(-1);
  const chains: OwnerMap['chains'] = [];
  const tableFits = mem.contains(layout.desc, DESC_SIZE * qs);
  for (let h = 0; h < qs; h++) {
    const s = heads[h];
    if (s === H_FREE) continue;
    const o = STATE_OWNER[s] ?? O_DEVICE;
    const descriptors: number[] = [];
    let indirect = false;
    let i = h;
    // At most qs links: a hostile loop ends here instead of spinning.
    for (let n = 0; n < qs; n++) {
      if (headOf[i] >= 0) break; // already in this chain (a loop) or another one
      descriptors.push(i);
      owner[i] = o;
      headOf[i] = h;
      if (!tableFits) break;
      const d = readDescriptor(mem, layout.desc, i);
      if (n === 0 && d.flags & VRING_DESC_F_INDIRECT) {
        indirect = true;
        break;
      }
      if (!(d.flags & VRING_DESC_F_NEXT) || d.next >= qs) break;
      i = d.next;
    }
    chains.push({ head: h, owner: o, descriptors, indirect, token: tokens[h] });
  }
  const counts = [0, 0, 0, 0, 0, 0];
  const freeList: number[] = [];
  for (let i = 0; i < qs; i++) {
    counts[owner[i]]++;
    if (owner[i] === O_FREE) freeList.push(i);
  }
  return { qs, owner, headOf, counts, freeList, chains };
}
