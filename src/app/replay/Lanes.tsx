/**
 * Per-queue lanes on one zoomable time axis (d3 zoom): requests as bars packed in rows,
 * kicks as ticks above, interrupts below, errors in red, the current step as a cursor and
 * the first divergence as a dashed line. Painted on a canvas, only what is in view, at
 * most one bar per pixel per row — a million events draw in a frame. Click to seek.
 */
import * as d3 from 'd3';
import { useEffect, useMemo, useRef } from 'react';
import { useElementSize } from '../hooks';
import { lowerBound, type Lane } from '../../trace/replay/lanes';
import { stepAtTime } from '../../trace/replay/plot-data';
import type { TraceInfo } from './protocol';
import { formatTraceTime, UNIT_WORD } from './units';
import { COLORS } from '../shared/tokens';

export interface LaneTrace {
  info: TraceInfo;
  label: string;
  divergence: number | null;
}

const ROW_H = 5;
const HEAD = 18;
const TICKS = 8;
const GAP = 10;
const AXIS = 22;

const C = {
  bar: COLORS.device,
  dropped: COLORS.error,
  open: COLORS.warn,
  kick: COLORS.driver,
  irq: COLORS.used,
  error: COLORS.error,
  text: COLORS.muted,
  cursor: COLORS.focus,
  diverge: COLORS.held,
  grid: COLORS.line,
};

function laneHeight(l: Lane): number {
  return HEAD + TICKS + l.rows * ROW_H + TICKS;
}

export function fullDomain(traces: LaneTrace[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of traces) {
    const s = t.info.steps.time;
    if (s.length) {
      lo = Math.min(lo, s[0]);
      hi = Math.max(hi, s[s.length - 1]);
    }
    for (const l of t.info.lanes) for (let i = 0; i < l.spanEnd.length; i++) if (l.spanEnd[i] > hi) hi = l.spanEnd[i];
  }
  if (!(lo <= hi)) return [0, 1];
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

function maxDuration(l: Lane, end: number): number {
  let m = 0;
  for (let i = 0; i < l.spanStart.length; i++) {
    const e = Number.isNaN(l.spanEnd[i]) ? end : l.spanEnd[i];
    if (e - l.spanStart[i] > m) m = e - l.spanStart[i];
  }
  return m;
}

function drawLane(
  ctx: CanvasRenderingContext2D,
  l: Lane,
  x: d3.ScaleLinear<number, number>,
  y0: number,
  width: number,
  maxDur: number,
  end: number,
): void {
  const [t0, t1] = x.domain();
  const top = y0 + HEAD + TICKS;
  ctx.fillStyle = COLORS.panel2;
  ctx.fillRect(0, top, width, l.rows * ROW_H);
  // Bars: spans sorted by start; skip ones wholly left of the window, stop past its right edge.
  const lastPx = new Float64Array(l.rows).fill(-1);
  for (let i = lowerBound(l.spanStart, t0 - maxDur); i < l.spanStart.length && l.spanStart[i] <= t1; i++) {
    const e = Number.isNaN(l.spanEnd[i]) ? end : l.spanEnd[i];
    if (e < t0) continue;
    const r = l.spanRow[i];
    const a = Math.max(0, x(l.spanStart[i]));
    const b = Math.min(width, x(e));
    if (b <= lastPx[r] && a >= lastPx[r] - 1) continue; // this pixel is already painted
    const w = Math.max(1, b - a);
    ctx.fillStyle = l.spanOutcome[i] === 1 ? C.dropped : l.spanOutcome[i] === 2 ? C.open : C.bar;
    ctx.fillRect(a, top + r * ROW_H, w, ROW_H - 1);
    lastPx[r] = Math.max(lastPx[r], a + w);
  }
  const ticks = (times: Float64Array, color: string, ya: number, h: number) => {
    ctx.fillStyle = color;
    let last = -2;
    for (let i = lowerBound(times, t0); i < times.length && times[i] <= t1; i++) {
      const px = Math.round(x(times[i]));
      if (px === last) continue;
      last = px;
      ctx.fillRect(px, ya, 1, h);
    }
  };
  ticks(l.kicks, C.kick, y0 + HEAD, TICKS - 1);
  ticks(l.interrupts, C.irq, top + l.rows * ROW_H + 1, TICKS - 1);
  ticks(l.errors, C.error, y0 + HEAD, TICKS + l.rows * ROW_H + TICKS);
}

/** Vertical extent of each trace's block (for the cursor overlay and click targets). */
function blocks(traces: LaneTrace[]): { top: number; bottom: number }[] {
  let y = 0;
  return traces.map((t) => {
    const top = y + HEAD;
    y += HEAD + t.info.lanes.reduce((a, l) => a + laneHeight(l) + GAP, 0);
    return { top, bottom: y - GAP };
  });
}

export function Lanes({
  traces,
  cursors,
  window,
  onWindow,
  onSeek,
}: {
  traces: LaneTrace[];
  cursors: number[];
  window: [number, number] | null;
  onWindow: (w: [number, number] | null) => void;
  onSeek: (slot: number, step: number) => void;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width } = useElementSize(wrap);
  const W = Math.max(200, width);
  const full = useMemo(() => fullDomain(traces), [traces]);
  const height = useMemo(
    () => traces.reduce((h, t) => h + HEAD + t.info.lanes.reduce((a, l) => a + laneHeight(l) + GAP, 0), 0) + AXIS,
    [traces],
  );
  const domain: [number, number] = window ?? full;
  const x = useMemo(() => d3.scaleLinear().domain(domain).range([0, W]), [domain[0], domain[1], W]); // keyed on the domain's ends: a new array with the same ends is the same scale
  const maxDurs = useMemo(() => traces.map((t) => t.info.lanes.map((l) => maxDuration(l, full[1]))), [traces, full]);

  // d3 zoom drives the window; the window (from the URL or buttons) drives the zoom transform back.
  const zoomRef = useRef<d3.ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  const syncing = useRef(false);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const base = d3.scaleLinear().domain(full).range([0, W]);
    const zoom = d3
      .zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1, Math.max(1, (full[1] - full[0]) / 1e-3)])
      .translateExtent([
        [0, 0],
        [W, height],
      ])
      .extent([
        [0, 0],
        [W, height],
      ])
      .filter((e: Event) => (e.type === 'wheel' ? !(e as WheelEvent).shiftKey : !(e as MouseEvent).button))
      .on('zoom', (e: d3.D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        if (syncing.current) return;
        const d = e.transform.rescaleX(base).domain() as [number, number];
        onWindow(e.transform.k <= 1.0001 ? null : d);
      });
    zoomRef.current = zoom;
    d3.select(el).call(zoom).on('dblclick.zoom', null);
    return () => {
      d3.select(el).on('.zoom', null);
    };
  }, [full, W, height, onWindow]);
  useEffect(() => {
    const el = canvas.current;
    const zoom = zoomRef.current;
    if (!el || !zoom) return;
    const base = d3.scaleLinear().domain(full).range([0, W]);
    const k = (full[1] - full[0]) / Math.max(1e-9, domain[1] - domain[0]);
    const t = d3.zoomIdentity.scale(k).translate(-base(domain[0]), 0);
    syncing.current = true;
    d3.select(el).call(zoom.transform, t);
    syncing.current = false;
  }, [domain[0], domain[1], full, W]); // the domain's ends, as above

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = globalThis.devicePixelRatio || 1;
    el.width = Math.round(W * dpr);
    el.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, height);
    ctx.font = '11px ui-monospace, monospace';
    let y = 0;
    traces.forEach((t, ti) => {
      ctx.fillStyle = COLORS.text;
      ctx.fillText(t.label, 2, y + 12);
      const top = y;
      y += HEAD;
      t.info.lanes.forEach((l, li) => {
        ctx.fillStyle = C.text;
        ctx.fillText(`${l.device} · ${l.queue}`, 2, y + 12);
        drawLane(ctx, l, x, y, W, maxDurs[ti][li], full[1]);
        y += laneHeight(l) + GAP;
      });
      const mark = (step: number, color: string, dash: number[]) => {
        if (step < 0 || step >= t.info.steps.time.length) return;
        const px = Math.round(x(t.info.steps.time[step])) + 0.5;
        if (px < 0 || px > W) return;
        ctx.strokeStyle = color;
        ctx.setLineDash(dash);
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(px, top + HEAD);
        ctx.lineTo(px, y - GAP);
        ctx.stroke();
        ctx.setLineDash([]);
      };
      if (t.divergence !== null) mark(t.divergence, C.diverge, [4, 3]);
    });
    // time axis
    ctx.fillStyle = C.text;
    ctx.strokeStyle = C.grid;
    for (const v of x.ticks(Math.max(2, Math.floor(W / 120)))) {
      const px = Math.round(x(v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(px, y);
      ctx.lineTo(px, y + 5);
      ctx.stroke();
      ctx.fillText(formatTraceTime(v, traces[0]?.info.timeUnit ?? 'ns'), Math.min(W - 70, px + 2), y + 16);
    }
  }, [traces, x, W, height, maxDurs, full]);

  const unit = traces[0]?.info.timeUnit ?? 'ns';
  const zoomBy = (f: number) => {
    const [a, b] = domain;
    const mid = (a + b) / 2;
    const half = Math.min((full[1] - full[0]) / 2, ((b - a) / 2) * f);
    if (half >= (full[1] - full[0]) / 2) return onWindow(null);
    const lo = Math.max(full[0], Math.min(full[1] - 2 * half, mid - half));
    onWindow([lo, lo + 2 * half]);
  };
  const summary = traces
    .map(
      (t) =>
        `${t.label}: ${t.info.lanes.length} queue lane${t.info.lanes.length === 1 ? '' : 's'}, ${t.info.lanes.reduce((a, l) => a + l.spanStart.length, 0)} requests`,
    )
    .join('; ');
  return (
    <section className="panel rp-lanes" aria-labelledby="rp-lanes-h">
      <header className="panel-head">
        <h2 id="rp-lanes-h">Queues over time</h2>
        <div className="rp-zoom" role="group" aria-label="Timeline zoom">
          <span className="muted small mono" data-testid="zoom-window">
            {formatTraceTime(domain[0], unit)} – {formatTraceTime(domain[1], unit)}
          </span>
          <button className="icon-btn small" onClick={() => zoomBy(0.5)} aria-label="Zoom in on the timeline">
            +
          </button>
          <button className="icon-btn small" onClick={() => zoomBy(2)} aria-label="Zoom out on the timeline">
            −
          </button>
          <button
            className="icon-btn small"
            onClick={() => onWindow(null)}
            disabled={!window}
            aria-label="Show all of the trace"
          >
            all
          </button>
        </div>
      </header>
      <ul className="rp-legend muted small" aria-label="Timeline legend">
        <li>
          <span className="rp-sw" style={{ background: C.bar }} aria-hidden="true" /> request (in flight)
        </li>
        <li>
          <span className="rp-sw" style={{ background: C.open }} aria-hidden="true" /> unfinished
        </li>
        <li>
          <span className="rp-sw" style={{ background: C.dropped }} aria-hidden="true" /> dropped / error
        </li>
        <li>
          <span className="rp-tick" style={{ background: C.kick }} aria-hidden="true" /> kick
        </li>
        <li>
          <span className="rp-tick" style={{ background: C.irq }} aria-hidden="true" /> interrupt
        </li>
        <li>
          <span className="rp-tick" style={{ background: C.cursor }} aria-hidden="true" /> now
        </li>
        {traces.some((t) => t.divergence !== null) && (
          <li>
            <span className="rp-tick is-dashed" style={{ borderColor: C.diverge }} aria-hidden="true" /> first
            divergence
          </li>
        )}
        <li>wheel or drag to zoom and pan · click to go there · times in {UNIT_WORD[unit]}</li>
      </ul>
      <div ref={wrap} className="rp-lanes-body">
        {/* The cursor moves on every step: a positioned line, so the lanes are not repainted. */}
        {blocks(traces).map((b, ti) => {
          const c = cursors[ti] ?? -1;
          const times = traces[ti].info.steps.time;
          if (c < 0 || c >= times.length) return null;
          const px = x(times[c]);
          if (px < 0 || px > W) return null;
          return (
            <div
              key={ti}
              className="rp-cursor"
              style={{ left: Math.round(px), top: b.top, height: b.bottom - b.top }}
              aria-hidden="true"
            />
          );
        })}
        <canvas
          ref={canvas}
          style={{ width: W, height }}
          role="img"
          aria-label={`Timeline of ${summary}. Use the zoom buttons or the mouse wheel to zoom; click to go to that moment.`}
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            const t = x.invert(e.clientX - r.left);
            // The slot is the block the click fell in.
            let y = 0;
            const cy = e.clientY - r.top;
            for (let ti = 0; ti < traces.length; ti++) {
              const h = HEAD + traces[ti].info.lanes.reduce((a, l) => a + laneHeight(l) + GAP, 0);
              if (cy < y + h || ti === traces.length - 1) {
                const steps = traces[ti].info.steps.time;
                if (steps.length) onSeek(ti, stepAtTime(steps, t) + 1);
                return;
              }
              y += h;
            }
          }}
        />
      </div>
    </section>
  );
}
