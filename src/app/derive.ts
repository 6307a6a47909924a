/**
 * Read-only views of the model's live state, for the visualizer. Everything here is
 * computed from the Simulation at its current position (guest memory, the driver's and
 * the device's private state) — never guessed from the event log — and is pure, so it
 * runs in node tests as well as in the page.
 */
import type { Simulation } from '../model/vqsim/engine';
import type { SimEvent } from '../model/vqsim/events';
import type { Virtqueue } from '../model/virtio/queue';
import { HeadState } from '../model/virtio/driver';
import { readDescriptor, type RawDescriptor } from '../model/virtio/chain';
import { descFlagNames, DESC_SIZE, VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT } from '../model/virtio/constants';
import { describeAddress, ring } from '../model/virtio/layout';
import { realTerms, type RingErrorInfo } from '../model/virtio/errors';
import { hex, leBytes } from './format';

// ---- descriptor owners ---------------------------------------------------------------

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

/** u16 entries in the free-running window [from, to) (at most `qs`), as ring slots. */
function windowSlots(from: number, to: number, qs: number): number[] {
  const n = Math.min((to - from) & 0xffff, qs);
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push((from + k) & (qs - 1));
  return out;
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

// ---- rings and pointers ----------------------------------------------------------------

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

// ---- selection and the inspector ------------------------------------------------------

export type PointerName =
  | 'avail.idx'
  | 'avail.flags'
  | 'used.idx'
  | 'used.flags'
  | 'used_event'
  | 'avail_event'
  | 'last_avail'
  | 'last_used'
  | 'free_head';

export type Selection =
  | { t: 'desc'; i: number }
  | { t: 'ind'; head: number; k: number }
  | { t: 'avail'; slot: number }
  | { t: 'used'; slot: number }
  | { t: 'ptr'; name: PointerName }
  | { t: 'efd'; name: 'kick' | 'call' };

export const POINTER_NAMES: PointerName[] = [
  'avail.idx',
  'avail.flags',
  'used.idx',
  'used.flags',
  'used_event',
  'avail_event',
  'last_avail',
  'last_used',
  'free_head',
];

export function selectionKey(s: Selection | null): string {
  if (!s) return '';
  switch (s.t) {
    case 'desc':
      return `d${s.i}`;
    case 'ind':
      return `i${s.head}.${s.k}`;
    case 'avail':
      return `a${s.slot}`;
    case 'used':
      return `u${s.slot}`;
    case 'ptr':
      return `p.${s.name}`;
    case 'efd':
      return `e.${s.name}`;
  }
}

export function parseSelection(key: string | null | undefined): Selection | null {
  if (!key) return null;
  let m: RegExpMatchArray | null;
  if ((m = key.match(/^d(\d+)$/))) return { t: 'desc', i: +m[1] };
  if ((m = key.match(/^i(\d+)\.(\d+)$/))) return { t: 'ind', head: +m[1], k: +m[2] };
  if ((m = key.match(/^a(\d+)$/))) return { t: 'avail', slot: +m[1] };
  if ((m = key.match(/^u(\d+)$/))) return { t: 'used', slot: +m[1] };
  if (key === 'e.kick' || key === 'e.call') return { t: 'efd', name: key === 'e.kick' ? 'kick' : 'call' };
  if ((m = key.match(/^p\.(.+)$/)) && (POINTER_NAMES as string[]).includes(m[1]))
    return { t: 'ptr', name: m[1] as PointerName };
  return null;
}

/** Is the selection meaningful for a queue of this size? */
export function selectionFits(s: Selection | null, qs: number): boolean {
  if (!s) return true;
  if (s.t === 'desc') return s.i < qs;
  if (s.t === 'avail' || s.t === 'used') return s.slot < qs;
  if (s.t === 'ind') return s.head < qs;
  return true;
}

export interface ByteField {
  name: string;
  offset: number;
  size: number;
  value: string;
}

export interface InspectorView {
  title: string;
  subtitle: string;
  /** Where the bytes live: a guest physical address, or the side's private memory. */
  where: string;
  gpa: number | null;
  bytes: Uint8Array;
  fields: ByteField[];
  notes: string[];
  /** A short excerpt of the buffer a descriptor points to. */
  payload?: { gpa: number; bytes: Uint8Array; total: number };
  /** Descriptors this item leads to (chain), for jump links. */
  related?: Selection[];
}

function descFields(d: RawDescriptor): ByteField[] {
  return [
    { name: 'addr', offset: 0, size: 8, value: hex(d.addr) },
    { name: 'len', offset: 8, size: 4, value: String(d.len) },
    { name: 'flags', offset: 12, size: 2, value: `${hex(d.flags)} ${descFlagNames(d.flags).join('|') || '(none)'}` },
    { name: 'next', offset: 14, size: 2, value: String(d.next) },
  ];
}

function payloadOf(vq: Virtqueue, d: RawDescriptor): InspectorView['payload'] {
  if (d.len === 0 || d.flags & VRING_DESC_F_INDIRECT) return undefined;
  const n = Math.min(d.len, 32);
  if (!vq.mem.contains(d.addr, n)) return undefined;
  return { gpa: d.addr, bytes: vq.mem.readBytes(d.addr, n), total: d.len };
}

export function inspect(sim: Simulation, sel: Selection, owners: OwnerMap): InspectorView | null {
  const vq = sim.vq;
  const l = vq.layout;
  const qs = l.queueSize;
  const m = vq.mem;
  const eventIdx = sim.config.features.eventIdx;
  switch (sel.t) {
    case 'desc': {
      if (sel.i >= qs) return null;
      const gpa = ring.descAddr(l, sel.i);
      const d = readDescriptor(m, l.desc, sel.i);
      const o = OWNERS[owners.owner[sel.i]];
      const head = owners.headOf[sel.i];
      const notes = [OWNER_HELP[o]];
      const related: Selection[] = [];
      if (head >= 0) {
        const chain = owners.chains.find((c) => c.head === head);
        if (chain) {
          notes.push(`Chain ${chain.descriptors.join('→')} (head ${head}) carries request #${chain.token}.`);
          for (const i of chain.descriptors) if (i !== sel.i) related.push({ t: 'desc', i });
        }
        if (d.flags & VRING_DESC_F_INDIRECT) {
          const count = vq.driver.s.indirectCount[head];
          notes.push(
            `INDIRECT: the chain lives in a ${count}-entry table at ${hex(d.addr)}; this descriptor is the only one it takes from the queue.`,
          );
          for (let k = 0; k < count; k++) related.push({ t: 'ind', head: sel.i, k });
        }
      } else if (o === 'free') {
        const pos = owners.freeList.indexOf(sel.i);
        notes.push(
          `Position ${pos} on the free list${pos === 0 ? ' (free_head)' : ''}. Its next field is the driver’s free-list link (Linux writes it with the chain).`,
        );
      }
      return {
        title: `Descriptor ${sel.i}`,
        subtitle: OWNER_LABEL[o],
        // The table has one writer, like the two rings: the device only reads it (and writes the buffers it names).
        where: `desc[${sel.i}] in the descriptor table (written by the driver, read by the device)`,
        gpa,
        bytes: m.readBytes(gpa, DESC_SIZE),
        fields: descFields(d),
        notes,
        payload: payloadOf(vq, d),
        related,
      };
    }
    case 'ind': {
      const headDesc = readDescriptor(m, l.desc, sel.head);
      if (!(headDesc.flags & VRING_DESC_F_INDIRECT)) return null;
      const count = Math.floor(headDesc.len / DESC_SIZE);
      if (sel.k >= count || !m.contains(headDesc.addr + sel.k * DESC_SIZE, DESC_SIZE)) return null;
      const gpa = headDesc.addr + sel.k * DESC_SIZE;
      const d = readDescriptor(m, headDesc.addr, sel.k);
      return {
        title: `Indirect entry ${sel.k} of descriptor ${sel.head}`,
        subtitle: `Indirect table at ${hex(headDesc.addr)} (${count} entries)`,
        where: `entry ${sel.k} of the indirect table (written by the driver, read by the device)`,
        gpa,
        bytes: m.readBytes(gpa, DESC_SIZE),
        fields: descFields(d),
        notes: ['Indirect tables sit in ordinary guest memory; their entries link with next inside the table (0→1→…).'],
        payload: payloadOf(vq, d),
        related: [{ t: 'desc', i: sel.head }],
      };
    }
    case 'avail': {
      if (sel.slot >= qs) return null;
      const gpa = ring.availRing(l, sel.slot);
      const head = m.readU16(gpa);
      const p = readPointers(vq, eventIdx);
      const live = windowSlots(p.lastAvail, p.availIdx, qs).includes(sel.slot);
      return {
        title: `avail.ring[${sel.slot}]`,
        subtitle: live ? 'Published, waiting for the device' : 'Already taken by the device (stale)',
        where: 'available ring (written by the driver, read by the device)',
        gpa,
        bytes: m.readBytes(gpa, 2),
        fields: [{ name: 'head', offset: 0, size: 2, value: String(head) }],
        notes: [
          live
            ? `The device will pop it when last_avail (${p.lastAvail}) reaches it. Slot = index mod ${qs}.`
            : `This slot is reused when avail.idx comes round again (avail.idx ${p.availIdx}, slot ${p.availIdx & (qs - 1)}).`,
        ],
        related: head < qs ? [{ t: 'desc', i: head }] : [],
      };
    }
    case 'used': {
      if (sel.slot >= qs) return null;
      const gpa = ring.usedElem(l, sel.slot);
      const id = m.readU32(gpa);
      const len = m.readU32(gpa + 4);
      const p = readPointers(vq, eventIdx);
      const live = windowSlots(p.lastUsed, p.usedIdx, qs).includes(sel.slot);
      const unpub = !live && windowSlots(p.usedIdx, (p.usedIdx + p.unflushed) & 0xffff, qs).includes(sel.slot);
      return {
        title: `used.ring[${sel.slot}]`,
        subtitle: live
          ? 'Published, awaiting reclaim by the driver'
          : unpub
            ? 'Filled, not yet published (used.idx has not moved)'
            : 'Already reclaimed (stale)',
        where: 'used ring (written by the device, read by the driver)',
        gpa,
        bytes: m.readBytes(gpa, 8),
        fields: [
          { name: 'id', offset: 0, size: 4, value: String(id) },
          { name: 'len', offset: 4, size: 4, value: String(len) },
        ],
        notes: [
          'id is the head of the returned chain; len is how many bytes the device wrote into its device-writable buffers.',
        ],
        related: id < qs ? [{ t: 'desc', i: id }] : [],
      };
    }
    case 'ptr':
      return inspectPointer(sim, sel.name);
    case 'efd':
      return inspectEventFd(sim, sel.name);
  }
}

/**
 * A kick or call eventfd: its counter is a u64 in the kernel, not in guest memory; the bytes
 * shown are the 8 a read() would return now. Why it matters: each write is a system call and,
 * in a VM, an exit or an injected interrupt — the cost the ring's suppression flags avoid.
 */
function inspectEventFd(sim: Simulation, name: 'kick' | 'call'): InspectorView {
  const fd = (name === 'kick' ? sim.vq.kick : sim.vq.call).s;
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(fd.counter), true);
  const kick = name === 'kick';
  return {
    title: `${name} eventfd`,
    subtitle: kick ? 'driver → device: “there is new work”' : 'device → driver: the interrupt',
    where: `an eventfd's counter in the kernel (not in the shared ring); written by the ${kick ? 'driver' : 'device'}, read by the ${kick ? 'device' : 'driver'}`,
    gpa: null,
    bytes,
    fields: [{ name: 'counter', offset: 0, size: 8, value: String(fd.counter) }],
    notes: [
      `${fd.writes} written, ${fd.wakeups} wake-ups, ${fd.coalesced} coalesced (written while the counter was already non-zero, so one read took several), ${fd.suppressed} not sent at all.`,
      kick
        ? 'A write adds to the counter and wakes the device if it sleeps in read() or epoll. In a VM the guest’s notify is a trapped write: an exit to the hypervisor, microseconds against nanoseconds for a ring access. That is why the device can say “don’t kick me” (used.flags NO_NOTIFY, or avail_event with EVENT_IDX).'
        : 'The device writes it to interrupt the driver; in a VM it becomes an injected interrupt and a wake-up of the guest’s handler. The driver can say “don’t interrupt me” (avail.flags NO_INTERRUPT, or used_event with EVENT_IDX).',
    ],
  };
}

const POINTER_HELP: Record<PointerName, string> = {
  'avail.idx':
    'Free-running 16-bit count of chains the driver has published. The next one goes in slot avail.idx mod QS. It wraps from 65535 to 0; only differences matter.',
  'avail.flags': 'Bit 0 is VRING_AVAIL_F_NO_INTERRUPT: “don’t interrupt me” (used when EVENT_IDX is off).',
  'used.idx':
    'Free-running 16-bit count of chains the device has returned; moved once per flush, after the entries are written.',
  'used.flags': 'Bit 0 is VRING_USED_F_NO_NOTIFY: “don’t kick me, I am polling” (used when EVENT_IDX is off).',
  used_event:
    'EVENT_IDX: the driver asks to be interrupted only when used.idx moves past this value. Lives after the available ring.',
  avail_event:
    'EVENT_IDX: the device asks to be kicked only when avail.idx moves past this value. Lives after the used ring.',
  last_avail: 'The device’s private count of chains it has popped. avail.idx − last_avail chains are waiting for it.',
  last_used: 'The driver’s private count of used entries it has reclaimed. used.idx − last_used are waiting for it.',
  free_head:
    'The driver’s private pointer to the first free descriptor; the free list threads through the private next links.',
};

function inspectPointer(sim: Simulation, name: PointerName): InspectorView {
  const vq = sim.vq;
  const l = vq.layout;
  const m = vq.mem;
  const shared = (gpa: number, subtitle: string): InspectorView => {
    const v = m.readU16(gpa);
    return {
      title: name,
      subtitle,
      where: describeAddress(l, gpa) ?? 'guest memory',
      gpa,
      bytes: m.readBytes(gpa, 2),
      fields: [{ name, offset: 0, size: 2, value: `${v} (slot ${v & (l.queueSize - 1)})` }],
      notes: [POINTER_HELP[name]],
    };
  };
  const priv = (v: number, side: string): InspectorView => ({
    title: name,
    subtitle: `${side}-private`,
    where: `${side}’s private memory (not in the shared ring)`,
    gpa: null,
    bytes: leBytes(v, 2),
    fields: [
      { name, offset: 0, size: 2, value: `${v}${name === 'free_head' ? '' : ` (slot ${v & (l.queueSize - 1)})`}` },
    ],
    notes: [POINTER_HELP[name], 'Shown as the little-endian u16 the side keeps.'],
    related: name === 'free_head' ? [{ t: 'desc', i: v }] : undefined,
  });
  switch (name) {
    case 'avail.idx':
      return shared(ring.availIdx(l), 'Driver writes, device reads');
    case 'avail.flags':
      return shared(ring.availFlags(l), 'Driver writes, device reads');
    case 'used.idx':
      return shared(ring.usedIdx(l), 'Device writes, driver reads');
    case 'used.flags':
      return shared(ring.usedFlags(l), 'Device writes, driver reads');
    case 'used_event':
      return shared(
        ring.usedEvent(l),
        sim.config.features.eventIdx ? 'Driver writes, device reads' : 'Unused: EVENT_IDX is off',
      );
    case 'avail_event':
      return shared(
        ring.availEvent(l),
        sim.config.features.eventIdx ? 'Device writes, driver reads' : 'Unused: EVENT_IDX is off',
      );
    case 'last_avail':
      return priv(vq.device.s.lastAvail, 'Device');
    case 'last_used':
      return priv(vq.driver.s.lastUsed, 'Driver');
    case 'free_head':
      return priv(vq.driver.s.freeHead, 'Driver');
  }
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

// ---- series for the plots ----------------------------------------------------------------

export interface Series {
  /** Per event k (state after step k): chains in flight, free descriptors. */
  inFlight: Float64Array;
  free: Float64Array;
  /** Cumulative kicks / interrupts / completions after step k. */
  kicks: Float64Array;
  interrupts: Float64Array;
  completed: Float64Array;
  suppressedKicks: Float64Array;
  suppressedInterrupts: Float64Array;
  time: Float64Array;
}

export function computeSeries(log: readonly SimEvent[]): Series {
  const n = log.length;
  const s: Series = {
    inFlight: new Float64Array(n),
    free: new Float64Array(n),
    kicks: new Float64Array(n),
    interrupts: new Float64Array(n),
    completed: new Float64Array(n),
    suppressedKicks: new Float64Array(n),
    suppressedInterrupts: new Float64Array(n),
    time: new Float64Array(n),
  };
  let k = 0,
    irq = 0,
    done = 0,
    sk = 0,
    si = 0;
  for (let i = 0; i < n; i++) {
    const e = log[i];
    if (e.kind === 'kick') k++;
    if (e.kind === 'kick-suppressed') sk++;
    if (e.kind === 'flush') {
      if (e.data.interrupt === true) irq++;
      else if (e.data.interrupt === false) si++;
    }
    if (e.kind === 'reclaim') done++;
    s.inFlight[i] = e.inFlight;
    s.free[i] = e.free;
    s.kicks[i] = k;
    s.interrupts[i] = irq;
    s.completed[i] = done;
    s.suppressedKicks[i] = sk;
    s.suppressedInterrupts[i] = si;
    s.time[i] = e.time;
  }
  return s;
}

/** Steps of notable events, for timeline markers. */
export function markers(log: readonly SimEvent[]): { step: number; kind: 'error' | 'intervention' | 'corrupt' }[] {
  const out: { step: number; kind: 'error' | 'intervention' | 'corrupt' }[] = [];
  for (const e of log)
    if (e.kind === 'error' || e.kind === 'intervention' || e.kind === 'corrupt')
      out.push({ step: e.step, kind: e.kind });
  return out;
}

/** The first fatal error of a run, with the words the real implementations print. */
export function firstError(
  log: readonly SimEvent[],
): { event: SimEvent; info: RingErrorInfo; terms: [string, string][] } | null {
  const e = log.find((x) => x.kind === 'error' && x.error);
  if (!e?.error) return null;
  const t = realTerms(e.error.kind);
  const names: Record<string, string> = {
    qemu: 'QEMU',
    libvhostUser: 'libvhost-user',
    rustVmm: 'rust-vmm',
    linux: 'Linux',
  };
  return { event: e, info: e.error, terms: Object.entries(t).map(([k, v]) => [names[k] ?? k, String(v)]) };
}

/** Descriptor a refusal points at (from its details), to mark it in the table. */
export function errorFocus(info: RingErrorInfo | undefined, qs: number): number | null {
  if (!info) return null;
  for (const key of ['index', 'head', 'id']) {
    const v = info.details[key];
    if (typeof v === 'number' && v >= 0 && v < qs) return v;
  }
  return null;
}
