/**
 * The one frame every run chart is drawn in: title and legend, an SVG sized to its box, the x
 * scale over the run (steps or virtual time), the unplayed part veiled, a cursor at now, and
 * click-or-drag to seek. A chart gives its domain and draws its marks in inner coordinates;
 * the frame owns everything a reader uses to move through the run.
 */
import * as d3 from 'd3';
import { type ReactNode, useEffect, useId, useMemo, useRef } from 'react';
import { useElementSize } from '../hooks';

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export type XScale = d3.ScaleLinear<number, number>;

/** The drawing area inside the margins, in pixels. */
export interface ChartSize {
  width: number;
  iw: number;
  ih: number;
}

export interface ChartFrameProps {
  title: ReactNode;
  legend: ReactNode;
  /** The picture in words, for screen readers; the frame adds how to seek. */
  label: string;
  height: number;
  margin: Margin;
  minWidth?: number;
  /** x runs from 0 to this (steps or virtual time); at least 1. */
  end: number;
  /** Where the run is now, in x units; null hides cursor and veil. */
  now: number | null;
  onSeek: (x: number) => void;
  /** How the seek hint reads ("go to a step", "go to that moment"). */
  seekWords?: string;
  /** `figure`: a chart among others in a panel; `panel`: a panel of its own with a heading. */
  look?: 'figure' | 'panel';
  className?: string;
  testId?: string;
  /** Marks, axes and bands, drawn in inner coordinates under the veil and cursor. */
  children: (x: XScale, size: ChartSize) => ReactNode;
}

export function ChartFrame(p: ChartFrameProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const { width: measured } = useElementSize(wrap);
  const m = p.margin;
  const width = Math.max(p.minWidth ?? 200, measured);
  const iw = width - m.left - m.right;
  const ih = p.height - m.top - m.bottom;
  const end = Math.max(1, p.end);
  const x = useMemo(() => d3.scaleLinear().domain([0, end]).range([0, iw]), [end, iw]);
  const size = useMemo(() => ({ width, iw, ih }), [width, iw, ih]);

  const seekAt = (clientX: number) => {
    const r = wrap.current?.getBoundingClientRect();
    if (r) p.onSeek(Math.max(0, Math.min(end, x.invert(clientX - r.left - m.left))));
  };
  const cx = p.now === null ? null : x(Math.min(p.now, end));
  const body = (
    <div
      ref={wrap}
      className="chart-body"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture?.(e.pointerId);
        seekAt(e.clientX);
      }}
      onPointerMove={(e) => {
        if (e.buttons & 1) seekAt(e.clientX);
      }}
    >
      <svg
        width={width}
        height={p.height}
        role="img"
        aria-label={`${p.label}. Click to ${p.seekWords ?? 'go to a step'}.`}
      >
        <g transform={`translate(${m.left},${m.top})`}>{p.children(x, size)}</g>
        {cx !== null && (
          <g transform={`translate(${m.left},${m.top})`} aria-hidden="true">
            <rect x={cx} y={0} width={Math.max(0, iw - cx)} height={ih} className="future-veil" />
            <line x1={cx} x2={cx} y1={-4} y2={ih} className="cursor" />
          </g>
        )}
      </svg>
    </div>
  );
  if (p.look === 'panel')
    return (
      <section className={`panel ${p.className ?? ''}`} aria-labelledby={headingId} data-testid={p.testId}>
        <header className="panel-head">
          <h2 id={headingId}>{p.title}</h2>
          <span className="chart-legend small">{p.legend}</span>
        </header>
        {body}
      </section>
    );
  return (
    <figure className={`chart ${p.className ?? ''}`} data-testid={p.testId}>
      <figcaption>
        <span className="chart-title">{p.title}</span>
        <span className="chart-legend">{p.legend}</span>
      </figcaption>
      {body}
    </figure>
  );
}

/** A d3 axis drawn into its own group; redrawn when the scale or the format changes. */
export function Axis({
  scale,
  side,
  at = 0,
  ticks,
  format,
}: {
  scale: XScale;
  side: 'bottom' | 'left';
  /** The y of a bottom axis (usually the inner height). */
  at?: number;
  ticks: number;
  format?: (v: number) => string;
}) {
  const ref = useRef<SVGGElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const axis = (side === 'bottom' ? d3.axisBottom(scale) : d3.axisLeft(scale)).ticks(ticks).tickSizeOuter(0);
    if (format) axis.tickFormat((v) => format(+v));
    d3.select(ref.current).call(axis);
  }, [scale, side, ticks, format]);
  return <g ref={ref} className="axis" transform={side === 'bottom' ? `translate(0,${at})` : undefined} />;
}

export type D3Group = d3.Selection<SVGGElement, unknown, null, undefined>;

/** A group a chart fills imperatively with d3; emptied and redrawn when `draw`, the scale or the size change. */
export function D3Layer({
  draw,
  x,
  size,
}: {
  draw: (g: D3Group, x: XScale, size: ChartSize) => void;
  x: XScale;
  size: ChartSize;
}) {
  const ref = useRef<SVGGElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const g = d3.select(ref.current);
    g.selectAll('*').remove();
    draw(g, x, size);
  }, [draw, x, size]);
  return <g ref={ref} />;
}
