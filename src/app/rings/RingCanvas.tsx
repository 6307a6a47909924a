/**
 * A big ring (more than SVG_SLOT_LIMIT slots) as one canvas picture: a stale annulus with
 * one arc per run of live slots, and, since it is a single element, a single slider control
 * over its slots (click a point, or walk it with the keyboard).
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { OwnerMap } from './owners';
import { C, R_IN, R_OUT, SIZE, slotAtPoint } from './ring-geometry';
import { slotColor, slotText, type RingKind } from './ring-legend';
import type { RingPointers, RingSlots } from './ring-state';
import { COLORS } from '../shared/tokens';

/** Paints the ring: a background annulus plus one arc per run of live slots, and quarter ticks. */
function paintRing(ctx: CanvasRenderingContext2D, kind: RingKind, slots: RingSlots, owners: OwnerMap): void {
  const qs = slots.qs;
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
}

export function RingCanvas({
  kind,
  pointers,
  slots,
  owners,
  selSlot,
  focusSlot,
  selectSlot,
  ringLabel,
}: {
  kind: RingKind;
  pointers: RingPointers;
  slots: RingSlots;
  owners: OwnerMap;
  selSlot: number | null;
  /** The slot the slider stands on: the selected one, else 0. */
  focusSlot: number;
  selectSlot: (s: number) => void;
  /** The ring's spoken summary, which the slider's label starts with. */
  ringLabel: string;
}) {
  const qs = slots.qs;
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
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
    paintRing(ctx, kind, slots, owners);
  }, [kind, slots, owners]);

  const onCanvasClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * SIZE - C;
    const y = ((e.clientY - r.top) / r.height) * SIZE - C;
    const s = slotAtPoint(x, y, qs);
    if (s !== null) selectSlot(s);
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

  return (
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
  );
}
