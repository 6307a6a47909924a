/**
 * The slots of a small ring (up to SVG_SLOT_LIMIT) as SVG paths, one focusable button per
 * slot with roving focus (arrow up/down), plus each slot's value and index as text when the
 * ring is small enough for them to fit.
 */
import { useMemo, type KeyboardEvent } from 'react';
import type { OwnerMap } from './owners';
import { C, R_IN, R_OUT, slotArcs } from './ring-geometry';
import { slotColor, slotText, type RingKind } from './ring-legend';
import { SLOT_LIVE, SLOT_UNPUBLISHED, type RingSlots } from './ring-state';
import { COLORS } from '../shared/tokens';

export function RingSlotsSvg({
  kind,
  slots,
  owners,
  selSlot,
  focusSlot,
  selectSlot,
}: {
  kind: RingKind;
  slots: RingSlots;
  owners: OwnerMap;
  selSlot: number | null;
  /** The slot that takes Tab focus: the selected one, else 0. */
  focusSlot: number;
  selectSlot: (s: number) => void;
}) {
  const qs = slots.qs;
  const arcs = useMemo(() => slotArcs(qs), [qs]);

  const onSlotKey = (e: KeyboardEvent<SVGPathElement>, s: number) => {
    let next: number | null = null;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') next = (s + (e.key === 'ArrowDown' ? 1 : qs - 1)) % qs;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      selectSlot(s);
      return;
    }
    if (next !== null) {
      e.preventDefault();
      e.stopPropagation();
      selectSlot(next);
      const el = (e.currentTarget.parentNode as SVGGElement | null)?.querySelector<SVGPathElement>(
        `[data-slot="${next}"]`,
      );
      el?.focus();
    }
  };

  return (
    <g className="slots">
      {arcs.map((a, s) => {
        const st = slots.state[s];
        const fill = slotColor(kind, slots, owners, s);
        const text = slotText(kind, slots, s);
        return (
          <path
            key={s}
            d={a.path}
            transform={`translate(${C},${C})`}
            fill={fill}
            stroke={selSlot === s ? COLORS.white : st ? 'rgba(0,0,0,.35)' : COLORS.staleStroke}
            strokeWidth={selSlot === s ? 2.5 : 1}
            className={`slot slot-${st === SLOT_LIVE ? 'live' : st === SLOT_UNPUBLISHED ? 'unpublished' : 'stale'}`}
            role="button"
            tabIndex={s === focusSlot ? 0 : -1}
            aria-label={`${text}. Arrow up and down move between slots; Enter inspects.`}
            aria-pressed={selSlot === s}
            data-slot={s}
            data-state={st}
            onClick={() => selectSlot(s)}
            onKeyDown={(e) => onSlotKey(e, s)}
            style={{ pointerEvents: 'all' }}
          >
            <title>{text}</title>
          </path>
        );
      })}
      {qs <= 32 &&
        slots.value &&
        arcs.map((a, s) => {
          const r = (R_IN + R_OUT) / 2;
          const v = slots.value![s];
          return (
            <text
              key={`v${s}`}
              x={C + Math.sin(a.mid) * r}
              y={C - Math.cos(a.mid) * r}
              className={`slot-value${slots.state[s] ? ' is-live' : ''}`}
              aria-hidden="true"
            >
              {v}
            </text>
          );
        })}
      {qs <= 64 &&
        arcs.map((a, s) => {
          const r = R_IN - 10;
          return (
            <text
              key={`i${s}`}
              x={C + Math.sin(a.mid) * r}
              y={C - Math.cos(a.mid) * r}
              className="slot-index"
              aria-hidden="true"
            >
              {s}
            </text>
          );
        })}
    </g>
  );
}
