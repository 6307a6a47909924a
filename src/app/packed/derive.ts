/**
 * What the packed view draws, read from the ring's bytes and both sides' positions: each slot's
 * descriptor and flag bits, and which stretch of the ring it lies in. Going round from the
 * driver's last_used: used descriptors the driver has not reclaimed yet, then buffers the device
 * has read and not yet returned, then descriptors made available that the device has not read,
 * then free slots. DOM-free, so it is unit-tested against the model.
 */
import {
  eventFlagName,
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
  VRING_PACKED_DESC_F_AVAIL,
  VRING_PACKED_DESC_F_USED,
} from '../../model/packed/constants';
import { readEventArea, readPackedDesc } from '../../model/packed/layout';
import type { PackedEvent, PackedEventKind, PackedSim } from '../../model/packed/sim';
import { decodeOffWrap, distance, type Wrap } from '../../model/packed/wrap';
import type { LogFilter, LogRow } from '../kit/EventList';
import type { Mark } from '../kit/Transport';

export type Region = 'used' | 'device' | 'avail' | 'free';

export const REGION_WORDS: Record<Region, string> = {
  used: 'used, not yet reclaimed by the driver',
  device: 'read by the device, not yet returned',
  avail: 'available, not yet read by the device',
  free: 'free: the driver writes here next',
};

export interface SlotView {
  slot: number;
  addr: number;
  len: number;
  id: number;
  flags: number;
  avail: 0 | 1;
  used: 0 | 1;
  next: boolean;
  write: boolean;
  indirect: boolean;
  region: Region;
}

export interface Pointer {
  /** What the position is called in Linux or QEMU. */
  name: string;
  side: 'driver' | 'device';
  slot: number;
  wrap: Wrap;
}

/** The four positions round the ring, in the order they follow each other. */
export function pointers(sim: PackedSim): Pointer[] {
  const d = sim.q.driver.s;
  const v = sim.q.device.s;
  return [
    { name: 'last_used', side: 'driver', slot: d.lastUsed, wrap: d.usedWrap },
    { name: 'used_idx', side: 'device', slot: v.usedIdx, wrap: v.usedWrap },
    { name: 'last_avail', side: 'device', slot: v.lastAvail, wrap: v.lastAvailWrap },
    { name: 'next_avail', side: 'driver', slot: d.nextAvail, wrap: d.availWrap },
  ];
}

/** Lengths of the used, device and avail stretches (the rest of the ring is free). */
export function stretches(sim: PackedSim): Record<Exclude<Region, 'free'>, number> {
  const qs = sim.q.layout.queueSize;
  const [lu, du, la, na] = pointers(sim);
  return {
    used: distance(lu.slot, lu.wrap, du.slot, du.wrap, qs),
    device: distance(du.slot, du.wrap, la.slot, la.wrap, qs),
    avail: distance(la.slot, la.wrap, na.slot, na.wrap, qs),
  };
}

export function regionOf(sim: PackedSim, slot: number): Region {
  const qs = sim.q.layout.queueSize;
  const s = stretches(sim);
  const k = (slot - sim.q.driver.s.lastUsed + qs) % qs;
  if (k < s.used) return 'used';
  if (k < s.used + s.device) return 'device';
  if (k < s.used + s.device + s.avail) return 'avail';
  return 'free';
}

export function slotViews(sim: PackedSim): SlotView[] {
  const { mem, layout } = sim.q;
  const out: SlotView[] = [];
  for (let i = 0; i < layout.queueSize; i++) {
    const d = readPackedDesc(mem, layout.desc, i);
    out.push({
      slot: i,
      addr: d.addr,
      len: d.len,
      id: d.id,
      flags: d.flags,
      avail: d.flags & VRING_PACKED_DESC_F_AVAIL ? 1 : 0,
      used: d.flags & VRING_PACKED_DESC_F_USED ? 1 : 0,
      next: (d.flags & VRING_DESC_F_NEXT) !== 0,
      write: (d.flags & VRING_DESC_F_WRITE) !== 0,
      indirect: (d.flags & VRING_DESC_F_INDIRECT) !== 0,
      region: regionOf(sim, i),
    });
  }
  return out;
}

export interface EventAreaView {
  /** Who writes it, and who reads it. */
  writer: 'driver' | 'device';
  flags: number;
  flagName: 'ENABLE' | 'DISABLE' | 'DESC' | 'reserved';
  offWrap: number;
  off: number;
  wrap: Wrap;
}

export function eventAreas(sim: PackedSim): EventAreaView[] {
  const { mem, layout } = sim.q;
  return (['driver', 'device'] as const).map((writer) => {
    const e = readEventArea(mem, writer === 'driver' ? layout.driverEvent : layout.deviceEvent);
    const { off, wrap } = decodeOffWrap(e.offWrap);
    // The model's names; any value but the three defined ones is reserved.
    const name = eventFlagName(e.flags);
    const flagName = (name.startsWith('reserved') ? 'reserved' : name) as EventAreaView['flagName'];
    return { writer, flags: e.flags, flagName, offWrap: e.offWrap, off, wrap };
  });
}

const GROUP: Record<PackedEventKind, 'driver' | 'device' | 'notify' | 'trouble'> = {
  add: 'driver',
  'add-wait': 'driver',
  reject: 'trouble',
  kick: 'notify',
  'kick-suppressed': 'notify',
  'device-wake': 'device',
  pop: 'device',
  'device-rearm': 'device',
  'device-sleep': 'device',
  complete: 'device',
  flush: 'device',
  interrupt: 'notify',
  'interrupt-suppressed': 'notify',
  'driver-wake': 'driver',
  reclaim: 'driver',
  'driver-rearm': 'driver',
  'driver-sleep': 'driver',
  error: 'trouble',
  stall: 'trouble',
};

export function eventGroup(kind: PackedEventKind) {
  return GROUP[kind];
}

/** Events as the kit's log rows; an event's position is the state right after it. */
export function logRows(events: readonly PackedEvent[]): LogRow[] {
  return events.map((e, i) => ({
    position: i + 1,
    tag: e.kind.replace(/-/g, ' '),
    tagClass: `pk-tag-${GROUP[e.kind]}`,
    text: e.text,
    timeNs: null,
    kind: e.kind,
    ...(GROUP[e.kind] === 'trouble' ? { tone: 'error' as const } : {}),
  }));
}

export const LOG_FILTERS: LogFilter[] = [
  { id: 'all', label: 'All events', test: () => true },
  {
    id: 'ring',
    label: 'Ring writes (add, flush, reclaim)',
    test: (r) => ['add', 'flush', 'reclaim'].includes(r.kind!),
  },
  { id: 'notify', label: 'Notifications', test: (r) => r.tagClass === 'pk-tag-notify' },
  { id: 'trouble', label: 'Errors and stalls', test: (r) => r.tone === 'error' },
];

/** Timeline marks: each lap of the ring (the driver's wrap counter flips) and any error or stall. */
export function markers(events: readonly PackedEvent[]): Mark[] {
  const out: Mark[] = [];
  events.forEach((e, i) => {
    const p = i + 1;
    if (e.kind === 'add' && e.data.availWrapFrom !== e.data.availWrapTo)
      out.push({
        position: p,
        tone: 'ready',
        label: `step ${p}: the driver wraps; its wrap counter becomes ${e.data.availWrapTo}`,
      });
    else if (GROUP[e.kind] === 'trouble') out.push({ position: p, tone: 'error', label: `step ${p}: ${e.kind}` });
  });
  return out;
}
