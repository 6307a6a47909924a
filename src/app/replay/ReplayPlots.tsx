/**
 * The replay's plots: in-flight over time (sharing the timeline's zoom window), the
 * latency histogram, kicks and interrupts per request, and batch sizes. Drawn with d3
 * scales; the in-flight curve is reduced to one min/max pair per pixel first.
 */
import * as d3 from 'd3';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useElementSize } from '../hooks';
import { decimate, histogram, latencies } from '../../trace/replay/plot-data';
import type { TraceInfo } from './protocol';
import { formatTraceTime } from './units';
import { COLORS } from '../shared/tokens';

const H = 130;
const M = { top: 8, right: 8, bottom: 22, left: 36 };
/** The first and the second trace. */
const TRACE_COLORS = [COLORS.driver, COLORS.held];

interface PlotTrace {
  info: TraceInfo;
  label: string;
}

function InFlight({
  traces,
  domain,
  cursorTime,
}: {
  traces: PlotTrace[];
  domain: [number, number];
  cursorTime: number | null;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const cv = useRef<HTMLCanvasElement>(null);
  const { width } = useElementSize(wrap);
  const W = Math.max(200, width);
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const yMax = useMemo(() => {
    let m = 1;
    for (const t of traces) for (const l of t.info.lanes) for (const v of l.inFlightValue) if (v > m) m = v;
    return m;
  }, [traces]);
  useEffect(() => {
    const el = cv.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = globalThis.devicePixelRatio || 1;
    el.width = Math.round(W * dpr);
    el.height = Math.round(H * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const y = d3
      .scaleLinear()
      .domain([0, yMax])
      .nice()
      .range([M.top + ih, M.top]);
    const x = d3
      .scaleLinear()
      .domain(domain)
      .range([M.left, M.left + iw]);
    ctx.font = '10px ui-monospace, monospace';
    ctx.fillStyle = COLORS.muted;
    ctx.strokeStyle = COLORS.line;
    for (const v of y.ticks(4)) {
      ctx.fillText(String(v), 4, y(v) + 3);
      ctx.beginPath();
      ctx.moveTo(M.left, Math.round(y(v)) + 0.5);
      ctx.lineTo(M.left + iw, Math.round(y(v)) + 0.5);
      ctx.stroke();
    }
    for (const v of x.ticks(Math.max(2, Math.floor(iw / 130))))
      ctx.fillText(formatTraceTime(v, traces[0]?.info.timeUnit ?? 'ns'), Math.min(W - 70, x(v)), H - 6);
    traces.forEach((t, ti) => {
      t.info.lanes.forEach((l) => {
        const d = decimate(l.inFlightTime, l.inFlightValue, domain[0], domain[1], iw);
        ctx.fillStyle = TRACE_COLORS[ti % 2];
        ctx.globalAlpha = traces.length > 1 ? 0.6 : 0.85;
        for (let c = 0; c < d.min.length; c++) {
          if (Number.isNaN(d.max[c])) continue;
          const top = y(d.max[c]);
          const bottom = y(d.min[c]);
          ctx.fillRect(M.left + c, top, 1, Math.max(1, bottom - top));
          ctx.globalAlpha = traces.length > 1 ? 0.12 : 0.18;
          ctx.fillRect(M.left + c, bottom, 1, y(0) - bottom);
          ctx.globalAlpha = traces.length > 1 ? 0.6 : 0.85;
        }
      });
    });
    ctx.globalAlpha = 1;
  }, [traces, domain, W, iw, ih, yMax]);
  // The cursor is a positioned line: moving it must not repaint a million samples.
  const cx =
    cursorTime !== null && cursorTime >= domain[0] && cursorTime <= domain[1]
      ? M.left + ((cursorTime - domain[0]) / (domain[1] - domain[0] || 1)) * iw
      : null;
  const peak = traces
    .map(
      (t) =>
        `${t.label} peak ${Math.max(0, ...t.info.summary.devices.flatMap((d) => d.queues.map((q) => q.inFlight.max)))}`,
    )
    .join(', ');
  return (
    <figure className="chart rp-chart-wide">
      <figcaption>
        <span className="chart-title">In flight over time</span>
        <span className="chart-legend">
          {traces.map((t, i) => (
            <span key={t.label + i} className="lg">
              <span className="lg-line" style={{ borderColor: TRACE_COLORS[i % 2] }} aria-hidden="true" />
              {t.label}
            </span>
          ))}
        </span>
      </figcaption>
      <div ref={wrap} className="chart-body">
        <canvas
          ref={cv}
          style={{ width: W, height: H }}
          role="img"
          aria-label={`Requests in flight over the visible time window: ${peak}.`}
        />
        {cx !== null && (
          <div className="rp-cursor" style={{ left: Math.round(cx), top: M.top, height: ih }} aria-hidden="true" />
        )}
      </div>
    </figure>
  );
}

const FMT_COUNT = d3.format('~s');
const FMT_RATIO = d3.format('.2~f');

function Bars({
  title,
  bars,
  label,
  fmtX,
  summary,
  fmtY = FMT_COUNT,
}: {
  title: string;
  bars: { x: string; series: number[] }[];
  label: string[];
  fmtX?: string;
  summary: string;
  fmtY?: (v: number) => string;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(wrap);
  const W = Math.max(180, width);
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const x = d3
    .scaleBand<string>()
    .domain(bars.map((b) => b.x))
    .range([0, iw])
    .padding(0.15);
  const yMax = Math.max(1e-9, ...bars.flatMap((b) => b.series));
  const y = d3.scaleLinear().domain([0, yMax]).nice().range([ih, 0]);
  const k = Math.max(1, label.length);
  const every = Math.max(1, Math.ceil(bars.length / Math.max(1, Math.floor(iw / 46))));
  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-title">{title}</span>
        {label.length > 1 && (
          <span className="chart-legend">
            {label.map((l, i) => (
              <span key={l + i} className="lg">
                <span className="lg-line" style={{ borderColor: TRACE_COLORS[i % 2] }} aria-hidden="true" />
                {l}
              </span>
            ))}
          </span>
        )}
      </figcaption>
      <div ref={wrap} className="chart-body">
        <svg width={W} height={H} role="img" aria-label={`${title}: ${summary}`}>
          <g transform={`translate(${M.left},${M.top})`}>
            {y.ticks(4).map((v) => (
              <g key={v} transform={`translate(0,${y(v)})`} className="axis">
                <line x1={0} x2={iw} stroke={COLORS.line} />
                <text x={-4} dy="0.32em" textAnchor="end" fontSize={10} fill={COLORS.muted}>
                  {fmtY(v)}
                </text>
              </g>
            ))}
            {bars.map((b, i) => (
              <g key={b.x} transform={`translate(${x(b.x) ?? 0},0)`}>
                {b.series.map((v, s) => (
                  <rect
                    key={s}
                    x={(x.bandwidth() / k) * s}
                    y={y(v)}
                    width={Math.max(1, x.bandwidth() / k - 1)}
                    height={Math.max(0, ih - y(v))}
                    fill={TRACE_COLORS[s % 2]}
                    opacity={0.85}
                  >
                    <title>{`${label[s] ?? ''} ${b.x}${fmtX ?? ''}: ${Number.isInteger(v) ? v : v.toFixed(2)}`}</title>
                  </rect>
                ))}
                {i % every === 0 && (
                  <text x={x.bandwidth() / 2} y={ih + 14} textAnchor="middle" fontSize={10} fill={COLORS.muted}>
                    {b.x}
                  </text>
                )}
              </g>
            ))}
          </g>
        </svg>
      </div>
    </figure>
  );
}

export function ReplayPlots({
  traces,
  domain,
  cursorTime,
}: {
  traces: PlotTrace[];
  domain: [number, number];
  cursorTime: number | null;
}) {
  return (
    <section className="panel plots" aria-labelledby="rp-plots-h">
      <header className="panel-head">
        <h2 id="rp-plots-h">Plots</h2>
        <span className="muted small">in-flight follows the timeline’s zoom; the others cover the whole trace</span>
      </header>
      <div className="charts rp-charts">
        <InFlight traces={traces} domain={domain} cursorTime={cursorTime} />
        <WholeTraceCharts traces={traces} />
      </div>
    </section>
  );
}

/** The charts that cover the whole trace: computed and drawn once per set of traces. */
const WholeTraceCharts = memo(function WholeTraceCharts({ traces }: { traces: PlotTrace[] }) {
  const unit = traces[0]?.info.timeUnit ?? 'ns';
  const hist = useMemo(() => histogram(latencies(traces[0].info.lanes), 16), [traces]);
  const histBars = hist.counts.map((c, i) => ({ x: formatTraceTime(hist.edges[i], unit), series: [c] }));
  const perReq = traces.flatMap((t) =>
    t.info.summary.devices.flatMap((d) =>
      d.queues.map((q) => ({
        x: `${traces.length > 1 ? `${t.label.slice(0, 10)} ` : ''}${q.queue}`,
        series: [q.perRequest?.kicks ?? 0, q.perRequest?.interrupts ?? 0],
      })),
    ),
  );
  const sizes = new Map<number, number[]>();
  traces.forEach((t, ti) => {
    for (const d of t.info.summary.devices)
      for (const q of d.queues)
        for (const [size, n] of q.batchSizes) {
          const row = sizes.get(size) ?? traces.map(() => 0);
          row[ti] += n;
          sizes.set(size, row);
        }
  });
  const batchBars = [...sizes].sort((a, b) => a[0] - b[0]).map(([s, series]) => ({ x: String(s), series }));
  return (
    <>
      <Bars
        title={`Latency (${traces[0].label}, ${hist.total} completed)`}
        bars={histBars}
        label={['requests']}
        summary={
          hist.total
            ? `${hist.total} requests, ${hist.log ? 'log-spaced' : 'even'} bins from ${formatTraceTime(hist.edges[0], unit)} to ${formatTraceTime(hist.edges[hist.edges.length - 1], unit)}`
            : 'no completed requests'
        }
      />
      <Bars
        title="Kicks and interrupts per request"
        fmtY={FMT_RATIO}
        bars={perReq}
        label={['kicks / request', 'interrupts / request']}
        summary={perReq
          .map((b) => `${b.x}: ${b.series[0].toFixed(2)} kicks, ${b.series[1].toFixed(2)} interrupts per request`)
          .join('; ')}
      />
      <Bars
        title="Batch sizes (entries published per flush)"
        bars={batchBars}
        label={traces.map((t) => t.label)}
        fmtX=" per flush"
        summary={
          batchBars.length
            ? batchBars.map((b) => `${b.x}: ${b.series.join(' / ')}`).join('; ')
            : 'no batches in this trace'
        }
      />
    </>
  );
});
