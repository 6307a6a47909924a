/**
 * A d3 plot against virtual time. The whole run is drawn; a veil dims the future, a
 * cursor marks now, and clicking or dragging seeks to the last event at that time.
 */
import * as d3 from 'd3';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { formatTime } from '../../format';
import { useElementSize } from '../../hooks';

export const PLOT_H = 150;
export const PLOT_M = { top: 10, right: 12, bottom: 22, left: 58 };

export type PlotG = d3.Selection<SVGGElement, unknown, null, undefined>;

interface Props {
  title: string;
  legend: ReactNode;
  /** Read by screen readers in place of the picture. */
  summary: string;
  endTime: number;
  now: number;
  draw(g: PlotG, x: d3.ScaleLinear<number, number>, size: { iw: number; ih: number }): void;
  onSeekTime(t: number): void;
  testId: string;
}

export function TimePlot({ title, legend, summary, endTime, now, draw, onSeekTime, testId }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const gRef = useRef<SVGGElement>(null);
  const { width } = useElementSize(wrap);
  const W = Math.max(200, width);
  const iw = W - PLOT_M.left - PLOT_M.right;
  const ih = PLOT_H - PLOT_M.top - PLOT_M.bottom;
  const x = useMemo(
    () =>
      d3
        .scaleLinear()
        .domain([0, Math.max(1, endTime)])
        .range([0, iw]),
    [endTime, iw],
  );

  useEffect(() => {
    const g = d3.select(gRef.current!);
    g.selectAll('*').remove();
    g.append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${ih})`)
      .call(
        d3
          .axisBottom(x)
          .ticks(Math.max(2, Math.floor(iw / 90)))
          .tickSizeOuter(0)
          .tickFormat((v) => formatTime(+v)),
      );
    draw(g, x, { iw, ih });
  }, [draw, x, iw, ih]);

  const seekAt = (clientX: number) => {
    const r = wrap.current?.getBoundingClientRect();
    if (r) onSeekTime(Math.max(0, x.invert(clientX - r.left - PLOT_M.left)));
  };
  const cx = x(Math.min(now, endTime));
  return (
    <figure className="chart lz-plot" data-testid={testId}>
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="chart-legend">{legend}</span>
      </figcaption>
      <div
        ref={wrap}
        className="chart-body"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          seekAt(e.clientX);
        }}
        onPointerMove={(e) => {
          if (e.buttons & 1) seekAt(e.clientX);
        }}
      >
        <svg width={W} height={PLOT_H} role="img" aria-label={`${title}: ${summary}. Click to go to that moment.`}>
          <g ref={gRef} transform={`translate(${PLOT_M.left},${PLOT_M.top})`} />
          <g transform={`translate(${PLOT_M.left},${PLOT_M.top})`} aria-hidden="true">
            <rect x={cx} y={0} width={Math.max(0, iw - cx)} height={ih} className="future-veil" />
            <line x1={cx} x2={cx} y1={-4} y2={ih} className="cursor" />
          </g>
        </svg>
      </div>
    </figure>
  );
}
