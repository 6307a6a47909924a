/**
 * Where a ring's parts sit in its 300×300 picture: the annulus radii, the slot arcs and the
 * point-to-slot mapping for clicks. Shared by the SVG slots, the canvas and the needles so all
 * three agree on the same circle.
 */
import * as d3 from 'd3';

export const SIZE = 300;
/** The centre (both x and y). */
export const C = SIZE / 2;
export const R_OUT = 116;
export const R_IN = 84;
/** Rings up to this many slots are drawn as SVG paths; bigger ones on a canvas. */
export const SVG_SLOT_LIMIT = 256;

export interface SlotArc {
  /** SVG path of the slot's annular sector, centred on the origin. */
  path: string;
  /** Mid angle in radians, clockwise from 12 o'clock. */
  mid: number;
}

/** One annular sector per slot, slot 0 at 12 o'clock; small rings get a gap between slots. */
export function slotArcs(qs: number): SlotArc[] {
  const gap = qs <= 64 ? 0.012 : 0;
  const gen = d3.arc<number>().innerRadius(R_IN).outerRadius(R_OUT).padAngle(gap);
  return Array.from({ length: qs }, (_, s) => {
    const a0 = (s / qs) * 2 * Math.PI;
    const a1 = ((s + 1) / qs) * 2 * Math.PI;
    const path = gen.startAngle(a0).endAngle(a1)(s) ?? '';
    const mid = (a0 + a1) / 2;
    return { path, mid };
  });
}

/** The outline drawn around the selected slot of a canvas ring (a little wider than the slot). */
export function selectedSlotOutline(slot: number, qs: number): string | null {
  return d3.arc()({
    innerRadius: R_IN - 3,
    outerRadius: R_OUT + 3,
    startAngle: (slot / qs) * 2 * Math.PI - 0.02,
    endAngle: ((slot + 1) / qs) * 2 * Math.PI + 0.02,
  });
}

/** The slot under a point given relative to the centre (picture units), or null off the annulus. */
export function slotAtPoint(x: number, y: number, qs: number): number | null {
  const dist = Math.hypot(x, y);
  if (dist < R_IN - 8 || dist > R_OUT + 8) return null;
  let a = Math.atan2(x, -y);
  if (a < 0) a += 2 * Math.PI;
  return Math.min(qs - 1, Math.floor((a / (2 * Math.PI)) * qs));
}
