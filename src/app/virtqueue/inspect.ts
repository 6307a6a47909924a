/** The inspector's views: the exact bytes of the selected item in guest memory, what they mean and who writes them. */
import type { Simulation } from '../../model/vqsim/engine';
import type { Virtqueue } from '../../model/virtio/queue';
import { readDescriptor, type RawDescriptor } from '../../model/virtio/chain';
import { descFlagNames, DESC_SIZE, VRING_DESC_F_INDIRECT } from '../../model/virtio/constants';
import { describeAddress, ring } from '../../model/virtio/layout';
import { hex, leBytes } from '../format';
import { OWNERS, OWNER_HELP, OWNER_LABEL, type OwnerMap } from '../rings/owners';
import { readPointers, windowSlots } from '../rings/ring-state';
import type { PointerName, Selection } from '../rings/selection';

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
