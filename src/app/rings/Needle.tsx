/**
 * One index needle on a ring (avail.idx, last_used, an EVENT_IDX mark…), a focusable button
 * that d3 rotates along the ring, never through it, following the free-running u16 index
 * across the 65535 → 0 wrap.
 */
import * as d3 from 'd3';
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { C, R_IN, R_OUT } from './ring-geometry';
import type { PointerSpec } from './ring-legend';
import { u16Delta } from '../format';

/** A needle, animated by d3 along the ring (never through it), following the u16 index across wraps. */
export function Needle({
  spec,
  qs,
  duration,
  selected,
  onSelect,
}: {
  spec: PointerSpec;
  qs: number;
  duration: number;
  selected: boolean;
  onSelect: () => void;
}) {
  const ref = useRef<SVGGElement>(null);
  const angle = useRef<number | null>(null); // in slots, unwrapped
  const prevValue = useRef(spec.value);
  const timer = useRef<d3.Timer | null>(null);
  useEffect(() => () => timer.current?.stop(), []);
  useLayoutEffect(() => {
    const g = ref.current;
    if (!g) return;
    const slot = spec.value & (qs - 1);
    let target: number;
    if (angle.current === null) target = slot;
    else {
      const d = u16Delta(prevValue.current, spec.value);
      if (Math.abs(d) < qs && duration > 0) target = angle.current + d;
      else {
        // A jump: go to the equivalent slot nearest the current angle.
        const cur = angle.current;
        let diff = (((slot - cur) % qs) + qs) % qs;
        if (diff > qs / 2) diff -= qs;
        target = cur + diff;
      }
    }
    const from = angle.current ?? target;
    angle.current = target;
    prevValue.current = spec.value;
    const deg = (a: number) => (a / qs) * 360;
    const sel = d3.select(g);
    timer.current?.stop();
    if (duration > 0 && from !== target) {
      // d3 timer + interpolator (a transition along the ring, never a chord through it)
      const i = d3.interpolateNumber(deg(from), deg(target));
      const t = d3.timer((elapsed) => {
        const k = Math.min(1, elapsed / duration);
        sel.attr('transform', `rotate(${i(d3.easeCubicOut(k))} ${C} ${C})`);
        if (k >= 1) t.stop();
      });
      timer.current = t;
    } else sel.attr('transform', `rotate(${deg(target)} ${C} ${C})`);
  }, [spec.value, qs, duration]);

  const outer = spec.place === 'outer';
  const event = spec.place === 'event';
  const y0 = outer ? C - R_OUT - 30 : event ? C - R_OUT - 4 : C - R_IN + 4;
  const y1 = outer ? C - R_OUT - 2 : event ? C - R_OUT - 22 : C - R_IN + 26;
  const label = `${spec.short} = ${spec.value} (slot ${spec.value & (qs - 1)}): ${spec.help}. Press Enter to inspect its bytes.`;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      onSelect();
    }
  };
  return (
    <g
      ref={ref}
      className={`needle needle-${spec.place}${selected ? ' is-selected' : ''}`}
      role="button"
      tabIndex={0}
      aria-label={label}
      onClick={onSelect}
      onKeyDown={onKey}
      data-pointer={spec.name}
      data-value={spec.value}
    >
      <title>{label}</title>
      {/* generous invisible hit area */}
      <rect x={C - 9} y={Math.min(y0, y1) - 4} width={18} height={Math.abs(y1 - y0) + 8} fill="transparent" />
      {event ? (
        <>
          <line x1={C} x2={C} y1={y0} y2={y1} stroke={spec.color} strokeWidth={2} strokeDasharray="3 2" />
          <circle cx={C} cy={y1} r={4} fill="none" stroke={spec.color} strokeWidth={2} />
        </>
      ) : (
        <>
          <line x1={C} x2={C} y1={y0} y2={y1} stroke={spec.color} strokeWidth={outer ? 3 : 2.5} strokeLinecap="round" />
          {outer ? (
            <path d={`M${C - 6},${y1 - 8} L${C},${y1 + 1} L${C + 6},${y1 - 8} Z`} fill={spec.color} />
          ) : (
            <path d={`M${C - 5},${y0 + 7} L${C},${y0 - 2} L${C + 5},${y0 + 7} Z`} fill={spec.color} />
          )}
        </>
      )}
    </g>
  );
}
