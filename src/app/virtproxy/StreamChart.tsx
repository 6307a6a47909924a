/**
 * Buffers over the run (d3): each stream's receive buffer, and in credit mode the sender's window
 * (dashed) shrinking as data goes out and growing back with each CREDIT_UPDATE (ticks at the
 * bottom). Red bands: a demultiplexer blocked on a full socket. Click to go to a step.
 */
import * as d3 from 'd3';
import { memo, useEffect, useMemo, useRef } from 'react';
import type { VirtproxyModel } from '../../model/virtproxy';
import { useElementSize } from '../hooks';
import { connColor } from './palette';
import type { VpRun } from './run';
import { COLORS } from '../shared/tokens';

const H = 180;
const M = { top: 10, right: 12, bottom: 22, left: 40 };

function StreamChartImpl({
  run,
  model,
  position,
  onSeek,
}: {
  run: VpRun;
  model: VirtproxyModel;
  position: number;
  onSeek: (p: number) => void;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const xAxis = useRef<SVGGElement>(null);
  const yAxis = useRef<SVGGElement>(null);
  const { width } = useElementSize(wrap);
  const W = Math.max(320, width);
  const samples = run.recording.samples;
  const n = samples.length - 1;
  const cfg = model.config;
  const credit = cfg.mode === 'credit';
  const x = useMemo(
    () =>
      d3
        .scaleLinear()
        .domain([0, Math.max(1, n)])
        .range([M.left, W - M.right]),
    [n, W],
  );
  const y = useMemo(
    () =>
      d3
        .scaleLinear()
        .domain([0, cfg.sockBufBytes])
        .range([H - M.bottom, M.top]),
    [cfg.sockBufBytes],
  );
  useEffect(() => {
    if (xAxis.current)
      d3.select(xAxis.current)
        .call(
          d3
            .axisBottom(x)
            .ticks(Math.max(2, Math.floor(W / 100)))
            .tickSizeOuter(0),
        )
        .attr('class', 'axis');
    if (yAxis.current) d3.select(yAxis.current).call(d3.axisLeft(y).ticks(4).tickSizeOuter(0)).attr('class', 'axis');
  }, [x, y, W]);
  const drawn = useMemo(() => {
    const idx = d3.range(samples.length);
    const lines: { key: string; d: string; color: string; dashed: boolean; label: string }[] = [];
    const w = run.workload;
    w.connections.forEach((c, conn) => {
      ([0, 1] as const).forEach((side) => {
        const receiver = side === 0 ? c.host : c.guest;
        const sender = side === 0 ? c.guest : c.host;
        const rx =
          d3
            .line<number>()
            .x((i) => x(i))
            .y((i) => y(samples[i].rx[conn][side]))
            .curve(d3.curveStepAfter)(idx) ?? '';
        lines.push({
          key: `rx${conn}${side}`,
          d: rx,
          color: connColor(conn),
          dashed: false,
          label: `${receiver}’s receive buffer`,
        });
        if (credit) {
          const other = side === 0 ? 1 : 0;
          const win =
            d3
              .line<number>()
              .x((i) => x(i))
              .y((i) => y(Math.min(cfg.sockBufBytes, samples[i].window[conn][other])))
              .curve(d3.curveStepAfter)(idx) ?? '';
          lines.push({
            key: `win${conn}${other}`,
            d: win,
            color: connColor(conn),
            dashed: true,
            label: `${sender}’s credit window`,
          });
        }
      });
    });
    // Blocked demultiplexer intervals, any lane.
    const bands: [number, number][] = [];
    let open: number | null = null;
    samples.forEach((s, i) => {
      const b = s.laneBlocked.some(Boolean);
      if (b && open === null) open = i;
      if (!b && open !== null) {
        bands.push([open, i]);
        open = null;
      }
    });
    if (open !== null) bands.push([open, samples.length - 1]);
    const updates: number[] = [];
    for (let i = 1; i < samples.length; i++)
      if (samples[i].creditUpdates > samples[i - 1].creditUpdates) updates.push(i);
    return { lines, bands, updates };
  }, [samples, run.workload, x, y, credit, cfg.sockBufBytes]);
  const cx = x(position);
  return (
    <section className="panel vp-chart" aria-labelledby="vp-chart-h">
      <header className="panel-head">
        <h2 id="vp-chart-h">Buffers{credit ? ' and credit windows' : ''} over the run</h2>
        <span className="chart-legend small">
          <span className="lg">
            <span className="lg-line" style={{ borderColor: COLORS.ink }} aria-hidden="true" /> receive buffer
          </span>
          {credit && (
            <span className="lg">
              <span className="lg-line is-dashed" style={{ borderColor: COLORS.ink }} aria-hidden="true" /> credit
              window · ticks: CREDIT_UPDATE
            </span>
          )}
          <span className="lg">
            <span className="pg-sw" style={{ background: 'rgba(255,107,107,0.35)' }} aria-hidden="true" /> demultiplexer
            blocked
          </span>
          {run.workload.connections.map((c, i) => (
            <span key={i} className="lg">
              <span className="pg-sw" style={{ background: connColor(i) }} aria-hidden="true" /> {c.host}↔{c.guest}
            </span>
          ))}
        </span>
      </header>
      <div
        ref={wrap}
        className="chart-body"
        onClick={(e) => {
          const r = wrap.current?.getBoundingClientRect();
          if (r) onSeek(Math.round(x.invert(e.clientX - r.left)));
        }}
      >
        <svg
          width={W}
          height={H}
          role="img"
          aria-label={`Receive buffers${credit ? ' and credit windows' : ''} per stream over ${n} steps; ${drawn.bands.length} blocked stretch${drawn.bands.length === 1 ? '' : 'es'} of a demultiplexer${credit ? `; ${drawn.updates.length} credit updates` : ''}. Click to go to a step.`}
        >
          {drawn.bands.map(([a, b]) => (
            <rect
              key={a}
              x={x(a)}
              y={M.top}
              width={Math.max(1, x(b) - x(a))}
              height={H - M.top - M.bottom}
              fill="rgba(255,107,107,0.18)"
            />
          ))}
          <g ref={yAxis} transform={`translate(${M.left},0)`} />
          <g ref={xAxis} transform={`translate(0,${H - M.bottom})`} />
          {drawn.lines.map((l) => (
            <path
              key={l.key}
              d={l.d}
              fill="none"
              stroke={l.color}
              strokeWidth={1.6}
              strokeDasharray={l.dashed ? '5 3' : undefined}
              opacity={l.dashed ? 0.6 : 1}
            >
              <title>{l.label}</title>
            </path>
          ))}
          {drawn.updates.map((i) => (
            <line key={i} x1={x(i)} x2={x(i)} y1={H - M.bottom - 6} y2={H - M.bottom} className="vp-update-tick" />
          ))}
          <rect
            x={cx}
            y={M.top}
            width={Math.max(0, W - M.right - cx)}
            height={H - M.top - M.bottom}
            className="future-veil"
          />
          <line x1={cx} x2={cx} y1={M.top - 4} y2={H - M.bottom} className="cursor" />
        </svg>
      </div>
    </section>
  );
}

export const StreamChart = memo(StreamChartImpl);
