/**
 * One circular ring (available or used) drawn with d3: a slot per queue entry and the
 * free-running u16 indices as needles that move (along the ring, across the 65535 → 0
 * wrap) as the model steps. Up to 256 slots are SVG paths you can click and focus; larger
 * rings are painted on a canvas as a few arcs (only live slots are drawn individually).
 */
import * as d3 from 'd3';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { OWNERS, type OwnerMap } from './owners';
import { SLOT_LIVE, SLOT_UNPUBLISHED, type RingPointers, type RingSlots } from './ring-state';
import type { PointerName, Selection } from './selection';
import { u16Delta } from '../format';
import { COLORS } from '../shared/tokens';

const SIZE = 300;
const C = SIZE / 2;
const R_OUT = 116;
const R_IN = 84;
export const SVG_SLOT_LIMIT = 256;

interface PointerSpec {
  name: PointerName;
  value: number;
  /** Outer needles are written by the shared ring; inner ones are a side's private index. */
  place: 'outer' | 'inner' | 'event';
  color: string;
  short: string;
  help: string;
}

export interface RingProps {
  kind: 'avail' | 'used';
  pointers: RingPointers;
  slots: RingSlots;
  owners: OwnerMap;
  selection: Selection | null;
  onSelect: (s: Selection) => void;
  /** Transition length for pointer moves (0 = jump). */
  duration: number;
  /** A wrap of one of this ring's indices in the current event, for a visible note. */
  wrapped: string | null;
}

function slotColor(kind: 'avail' | 'used', slots: RingSlots, owners: OwnerMap, s: number): string {
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

function slotText(kind: 'avail' | 'used', slots: RingSlots, s: number): string {
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

function pointerSpecs(kind: 'avail' | 'used', p: RingPointers): PointerSpec[] {
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

/** A needle, animated by d3 along the ring (never through it), following the u16 index across wraps. */
function Needle({
  spec,
  qs,
  duration,
  selected,
  onSelect,
  stackIndex,
}: {
  spec: PointerSpec;
  qs: number;
  duration: number;
  selected: boolean;
  onSelect: () => void;
  stackIndex: number;
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
  const y0 = outer ? C - R_OUT - 30 - stackIndex * 0 : event ? C - R_OUT - 4 : C - R_IN + 4;
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

function RingImpl({ kind, pointers, slots, owners, selection, onSelect, duration, wrapped }: RingProps) {
  const qs = slots.qs;
  const svgMode = qs <= SVG_SLOT_LIMIT;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const arcs = useMemo(() => {
    if (!svgMode) return [];
    const gap = qs <= 64 ? 0.012 : 0;
    const gen = d3.arc<number>().innerRadius(R_IN).outerRadius(R_OUT).padAngle(gap);
    return Array.from({ length: qs }, (_, s) => {
      const a0 = (s / qs) * 2 * Math.PI;
      const a1 = ((s + 1) / qs) * 2 * Math.PI;
      const path = gen.startAngle(a0).endAngle(a1)(s) ?? '';
      const mid = (a0 + a1) / 2;
      return { path, mid };
    });
  }, [qs, svgMode]);

  // Canvas painting for big rings: a background annulus plus one arc per run of live slots.
  useEffect(() => {
    if (svgMode) return;
    const cv = canvasRef.current;
    if (!cv) return;
    const dpr = window.devicePixelRatio || 1;
    if (cv.width !== SIZE * dpr) {
      cv.width = SIZE * dpr;
      cv.height = SIZE * dpr;
    }
    const ctx = cv.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, SIZE, SIZE);
    const arc = (a0: number, a1: number, color: string, grow = 0) => {
      ctx.beginPath();
      ctx.arc(C, C, R_OUT + grow, a0 - Math.PI / 2, a1 - Math.PI / 2);
      ctx.arc(C, C, R_IN - grow, a1 - Math.PI / 2, a0 - Math.PI / 2, true);
      ctx.closePath();
      ctx.fillStyle = color;
      ctx.fill();
    };
    arc(0, 2 * Math.PI, COLORS.stale);
    // Runs of equal colour among the non-stale slots (the live windows are short).
    const minArc = (2 * Math.PI) / 200; // keep a single live slot visible on a 32768-slot ring
    let runStart = -1;
    let runColor = '';
    const flush = (end: number) => {
      if (runStart < 0) return;
      const a0 = (runStart / qs) * 2 * Math.PI;
      const a1 = Math.max((end / qs) * 2 * Math.PI, a0 + minArc);
      arc(a0, a1, runColor, 3);
      runStart = -1;
    };
    for (let s = 0; s < qs; s++) {
      if (slots.state[s] === 0) {
        flush(s);
        continue;
      }
      const col = slotColor(kind, slots, owners, s);
      if (runStart >= 0 && col !== runColor) flush(s);
      if (runStart < 0) {
        runStart = s;
        runColor = col;
      }
    }
    flush(qs);
    // quarter ticks
    ctx.strokeStyle = COLORS.rim;
    ctx.lineWidth = 1;
    for (let q = 0; q < 4; q++) {
      const a = (q / 4) * 2 * Math.PI - Math.PI / 2;
      ctx.beginPath();
      ctx.moveTo(C + Math.cos(a) * (R_IN - 4), C + Math.sin(a) * (R_IN - 4));
      ctx.lineTo(C + Math.cos(a) * (R_OUT + 4), C + Math.sin(a) * (R_OUT + 4));
      ctx.stroke();
    }
  }, [svgMode, kind, slots, owners, qs]);

  const selSlot = selection && selection.t === kind ? selection.slot : null;
  const focusSlot = selSlot ?? 0;
  const specs = pointerSpecs(kind, pointers);
  const selectSlot = (s: number) => onSelect({ t: kind, slot: s } as Selection);

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

  const onCanvasClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * SIZE - C;
    const y = ((e.clientY - r.top) / r.height) * SIZE - C;
    const dist = Math.hypot(x, y);
    if (dist < R_IN - 8 || dist > R_OUT + 8) return;
    let a = Math.atan2(x, -y);
    if (a < 0) a += 2 * Math.PI;
    selectSlot(Math.min(qs - 1, Math.floor((a / (2 * Math.PI)) * qs)));
  };

  // Keyboard for the canvas: the same moves as the SVG slots, plus bigger jumps, since a
  // 32768-slot ring cannot be walked one slot at a time.
  const pageStep = Math.max(1, qs >> 6);
  const onCanvasKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const s = focusSlot;
    const newest = ((kind === 'avail' ? pointers.availIdx : pointers.usedIdx) - 1) & (qs - 1);
    const moves: Record<string, number> = {
      ArrowDown: s + 1,
      ArrowRight: s + 1,
      ArrowUp: s - 1,
      ArrowLeft: s - 1,
      PageDown: s + pageStep,
      PageUp: s - pageStep,
      Home: 0,
      End: qs - 1,
      n: newest,
      N: newest,
    };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      selectSlot(s);
      return;
    }
    const next = moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    selectSlot(((next % qs) + qs) % qs);
  };

  const live =
    kind === 'avail'
      ? (pointers.availIdx - pointers.lastAvail) & 0xffff
      : (pointers.usedIdx - pointers.lastUsed) & 0xffff;
  const title = kind === 'avail' ? 'Available ring' : 'Used ring';
  const main = kind === 'avail' ? pointers.availIdx : pointers.usedIdx;
  const priv = kind === 'avail' ? pointers.lastAvail : pointers.lastUsed;
  const ringLabel = `${title}, ${qs} slots: ${kind === 'avail' ? `avail.idx ${main}, device last_avail ${priv}, ${live} waiting for the device` : `used.idx ${main}, driver last_used ${priv}, ${live} awaiting reclaim${pointers.unflushed ? `, ${pointers.unflushed} filled but unpublished` : ''}`}.`;
  const selSlotArc =
    selSlot !== null && !svgMode
      ? d3.arc()({
          innerRadius: R_IN - 3,
          outerRadius: R_OUT + 3,
          startAngle: (selSlot / qs) * 2 * Math.PI - 0.02,
          endAngle: ((selSlot + 1) / qs) * 2 * Math.PI + 0.02,
        })
      : null;

  return (
    <figure className={`ring ring-${kind}`} data-ring={kind} data-idx={main} data-private={priv} data-qs={qs}>
      <div className="ring-canvas-wrap">
        {!svgMode && (
          <canvas
            ref={canvasRef}
            className="ring-canvas"
            width={SIZE}
            height={SIZE}
            // A big ring is one picture, so it is one control: a slider over its slots.
            role="slider"
            tabIndex={0}
            aria-label={`${ringLabel} Click a point on the ring, or use the arrow keys (Page Up/Down: ${pageStep} slots, Home/End: first/last, N: the newest entry), to inspect a slot.`}
            aria-orientation="vertical"
            aria-valuemin={0}
            aria-valuemax={qs - 1}
            aria-valuenow={focusSlot}
            aria-valuetext={slotText(kind, slots, focusSlot)}
            data-slot-selected={selSlot ?? ''}
            onClick={onCanvasClick}
            onKeyDown={onCanvasKey}
          />
        )}
        <svg
          viewBox={`0 0 ${SIZE} ${SIZE}`}
          className="ring-svg"
          role="group"
          aria-label={ringLabel}
          style={svgMode ? undefined : { pointerEvents: 'none' }}
        >
          {svgMode && (
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
                  const v = kind === 'used' ? slots.value![s] : slots.value![s];
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
          )}
          {selSlotArc && (
            <path
              d={selSlotArc}
              transform={`translate(${C},${C})`}
              fill="none"
              stroke={COLORS.white}
              strokeWidth={2}
              aria-hidden="true"
            />
          )}
          <g className="needles">
            {specs.map((p, k) => (
              <Needle
                key={p.name}
                spec={p}
                qs={qs}
                duration={duration}
                stackIndex={k}
                selected={selection?.t === 'ptr' && selection.name === p.name}
                onSelect={() => onSelect({ t: 'ptr', name: p.name })}
              />
            ))}
          </g>
          <g className="ring-center" aria-hidden="true">
            <text x={C} y={C - 30} className="rc-title">
              {kind === 'avail' ? 'avail.idx' : 'used.idx'}
            </text>
            <text x={C} y={C - 8} className="rc-main" fill={kind === 'avail' ? COLORS.driver : COLORS.device}>
              {main}
            </text>
            <text x={C} y={C + 11} className="rc-sub" fill={kind === 'avail' ? COLORS.device : COLORS.driver}>
              {kind === 'avail' ? 'last_avail' : 'last_used'} {priv}
            </text>
            <text x={C} y={C + 28} className="rc-live">
              {live} {kind === 'avail' ? 'waiting' : 'to reclaim'}
              {kind === 'used' && pointers.unflushed ? ` · ${pointers.unflushed} unpublished` : ''}
            </text>
            {/* 16-bit odometer: where the index sits in 0…65535, so the wrap is visible */}
            <g transform={`translate(${C - 34},${C + 40})`}>
              <rect width={68} height={3} rx={1.5} fill={COLORS.track} />
              <rect
                x={(main / 65536) * 68 - 1}
                y={-2.5}
                width={2.5}
                height={8}
                fill={kind === 'avail' ? COLORS.driver : COLORS.device}
              />
            </g>
          </g>
        </svg>
      </div>
      <figcaption>
        <span className="ring-name">{title}</span>
        <span className="ring-meta">
          {qs} slots{!svgMode ? ' · canvas' : ''}
        </span>
        <span className="ring-legend" aria-hidden="true">
          {specs.map((p) => (
            <span key={p.name} className="rl-item">
              <span className={`rl-glyph rl-${p.place}`} style={{ color: p.color }}>
                {p.place === 'outer' ? '▼' : p.place === 'inner' ? '▲' : '◯'}
              </span>
              {p.short}
            </span>
          ))}
        </span>
        {wrapped && (
          <span className="wrap-note" role="status">
            ↻ {wrapped}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

export const Ring = memo(RingImpl);
