/**
 * Memory loaded and work done over time, both modes on one axis. Solid: fraction of saved memory
 * back in RAM; dashed: fraction of the application's memory accesses done. In background mode
 * the dashed line leaves zero long before the solid one reaches the top: that gap is the win.
 */
import * as d3 from 'd3';
import { memo, useEffect, useMemo, useRef } from 'react';
import type { RestoreMode } from '../../model/pgalloc';
import { useElementSize } from '../hooks';
import { MODE_COLOR, MODE_LABEL, useTimeAxis } from './charts';
import type { PgRun, PgSample } from './run';

const H = 170;
const M = { top: 8, right: 12, bottom: 22, left: 40 };

function LoadChartImpl({
  run,
  now,
  totalAccesses,
  onSeekTime,
}: {
  run: PgRun;
  now: number;
  totalAccesses: number;
  onSeekTime: (mode: RestoreMode, t: number) => void;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const axis = useRef<SVGGElement>(null);
  const yAxis = useRef<SVGGElement>(null);
  const { width } = useElementSize(wrap);
  const W = Math.max(320, width);
  const end = Math.max(run.modes.sync.endTime, run.modes.background.endTime, 1);
  const x = useMemo(
    () =>
      d3
        .scaleLinear()
        .domain([0, end])
        .range([M.left, W - M.right]),
    [end, W],
  );
  const y = useMemo(
    () =>
      d3
        .scaleLinear()
        .domain([0, 1])
        .range([H - M.bottom, M.top]),
    [],
  );
  useTimeAxis(axis, x, W);
  useEffect(() => {
    if (yAxis.current)
      d3.select(yAxis.current)
        .call(d3.axisLeft(y).ticks(4).tickFormat(d3.format('.0%')))
        .attr('class', 'axis');
  }, [y]);
  const paths = useMemo(() => {
    const saved = Math.max(1, run.savedBytes);
    const total = Math.max(1, totalAccesses);
    const line = (f: (s: PgSample) => number) =>
      d3
        .line<PgSample>()
        .x((s) => x(s.time))
        .y((s) => y(f(s)))
        .curve(d3.curveStepAfter);
    return (['sync', 'background'] as const).map((mode) => {
      const samples = run.modes[mode].recording.samples;
      return {
        mode,
        loaded: line((s) => s.loadedBytes / saved)(samples) ?? '',
        work: line((s) => s.accesses / total)(samples) ?? '',
      };
    });
  }, [run, totalAccesses, x, y]);
  const cx = x(Math.min(now, end));
  return (
    <section className="panel pg-load" aria-labelledby="pg-load-h">
      <header className="panel-head">
        <h2 id="pg-load-h">Memory loaded and work done</h2>
        <span className="chart-legend small">
          {(['sync', 'background'] as const).map((m) => (
            <span key={m} className="lg">
              <span className="lg-line" style={{ borderColor: MODE_COLOR[m] }} aria-hidden="true" /> {MODE_LABEL[m]}:
              memory
              <span
                className="lg-line is-dashed"
                style={{ borderColor: MODE_COLOR[m], marginLeft: 6 }}
                aria-hidden="true"
              />{' '}
              work
            </span>
          ))}
        </span>
      </header>
      <div
        ref={wrap}
        className="chart-body"
        onClick={(e) => {
          const r = wrap.current?.getBoundingClientRect();
          if (r) onSeekTime(run.spec.mode, Math.max(0, x.invert(e.clientX - r.left)));
        }}
      >
        <svg
          width={W}
          height={H}
          role="img"
          aria-label="Fraction of memory loaded (solid) and of the application's accesses done (dashed) over time, for both modes. Click to go to a moment."
        >
          <g ref={yAxis} transform={`translate(${M.left},0)`} />
          <g ref={axis} transform={`translate(0,${H - M.bottom})`} />
          {paths.map((p) => (
            <g key={p.mode}>
              <path d={p.loaded} fill="none" stroke={MODE_COLOR[p.mode]} strokeWidth={1.8} />
              <path d={p.work} fill="none" stroke={MODE_COLOR[p.mode]} strokeWidth={1.8} strokeDasharray="5 3" />
            </g>
          ))}
          <line x1={cx} x2={cx} y1={M.top - 4} y2={H - M.bottom} className="cursor" />
        </svg>
      </div>
    </section>
  );
}

export const LoadChart = memo(LoadChartImpl);
