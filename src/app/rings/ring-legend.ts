/**
 * What a ring's slots and index needles mean, in colour and words: the fill of each slot,
 * its spoken description, and the needles each ring kind carries (with their help text).
 * Kept apart from drawing so the SVG, the canvas and the legend describe things identically.
 */
import { OWNERS, type OwnerMap } from './owners';
import { SLOT_LIVE, SLOT_UNPUBLISHED, type RingPointers, type RingSlots } from './ring-state';
import type { PointerName } from './selection';
import { COLORS } from '../shared/tokens';

export type RingKind = 'avail' | 'used';

export interface PointerSpec {
  name: PointerName;
  value: number;
  /** Outer needles are written by the shared ring; inner ones are a side's private index. */
  place: 'outer' | 'inner' | 'event';
  color: string;
  short: string;
  help: string;
}

export function slotColor(kind: RingKind, slots: RingSlots, owners: OwnerMap, s: number): string {
  const st = slots.state[s];
  if (kind === 'avail') {
    if (st !== SLOT_LIVE) return COLORS.stale;
    const head = slots.value ? slots.value[s] : -1;
    if (head < 0) return COLORS.driver;
    return head < owners.qs ? COLORS[OWNERS[owners.owner[head]]] : COLORS.other;
  }
  if (st === SLOT_LIVE) return COLORS.used;
  if (st === SLOT_UNPUBLISHED) return COLORS.device;
  return COLORS.stale;
}

export function slotText(kind: RingKind, slots: RingSlots, s: number): string {
  const st = slots.state[s];
  const v = slots.value ? slots.value[s] : null;
  if (kind === 'avail') {
    const what = st === SLOT_LIVE ? 'waiting for the device' : 'already taken (stale)';
    return `avail.ring[${s}]${v !== null ? ` = head ${v}` : ''}: ${what}`;
  }
  const what =
    st === SLOT_LIVE
      ? 'published, awaiting reclaim'
      : st === SLOT_UNPUBLISHED
        ? 'filled, not yet published'
        : 'already reclaimed (stale)';
  return `used.ring[${s}]${v !== null ? ` = {id ${v}, len ${slots.len?.[s]}}` : ''}: ${what}`;
}

export function pointerSpecs(kind: RingKind, p: RingPointers): PointerSpec[] {
  if (kind === 'avail') {
    const out: PointerSpec[] = [
      {
        name: 'avail.idx',
        value: p.availIdx,
        place: 'outer',
        color: COLORS.driver,
        short: 'avail.idx',
        help: 'written by the driver: where the next chain goes',
      },
      {
        name: 'last_avail',
        value: p.lastAvail,
        place: 'inner',
        color: COLORS.device,
        short: 'last_avail',
        help: 'the device’s private index: next entry it pops',
      },
    ];
    if (p.availEvent !== null)
      out.push({
        name: 'avail_event',
        value: p.availEvent,
        place: 'event',
        color: COLORS.warn,
        short: 'avail_event',
        help: 'EVENT_IDX: the device wants a kick when avail.idx passes this',
      });
    return out;
  }
  const out: PointerSpec[] = [
    {
      name: 'used.idx',
      value: p.usedIdx,
      place: 'outer',
      color: COLORS.device,
      short: 'used.idx',
      help: 'written by the device: entries it has returned',
    },
    {
      name: 'last_used',
      value: p.lastUsed,
      place: 'inner',
      color: COLORS.driver,
      short: 'last_used',
      help: 'the driver’s private index: next entry it reclaims',
    },
  ];
  if (p.usedEvent !== null)
    out.push({
      name: 'used_event',
      value: p.usedEvent,
      place: 'event',
      color: COLORS.highlight,
      short: 'used_event',
      help: 'EVENT_IDX: the driver wants an interrupt when used.idx passes this',
    });
  return out;
}
