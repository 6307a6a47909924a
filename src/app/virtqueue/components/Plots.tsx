/**
 * Live plots drawn with d3 from the run's event log: chains in flight, free descriptors,
 * kicks and interrupts per completed request. The whole run is drawn; the future is
 * dimmed, a cursor marks the current step, and clicking or dragging a plot seeks.
 */
import * as d3 from 'd3';
import { memo, useCallback, useMemo } from 'react';
import type { SimEvent } from '../../../model/vqsim/events';
import { computeSeries, type Series } from '../run-facts';
import { ChartFrame, type ChartSize, type D3Group, D3Layer, type XScale } from '../../kit/ChartFrame';
import { LegendItem } from '../../shared/LegendItem';
import { COLORS } from '../../shared/tokens';

const H = 128;
const M = { top: 10, right: 10, bottom: 20, left: 34 };

interface Line {
  name: string;
  color: string;
  values: (i: number) => number;
  area?: boolean;
  dashed?: boolean;
}

function Chart({
  title,
  lines,
  n,
  position,
  onSeek,
  yMax,
  summary,
  fmt,
}: {
  title: string;
  lines: Line[];
  n: number;
  position: number;
  onSeek: (p: number) => void;
  yMax: number;
  summary: string;
  fmt?: (v: number) => string;
}) {
  // x = position after the event (step + 1); the frame's scale runs over positions 0..n.
  const draw = useCallback(
    (g: D3Group, x: XScale, { iw, ih }: ChartSize) => {
      const y = d3
        .scaleLinear()
        .domain([0, Math.max(1, yMax)])
        .nice()
        .range([ih, 0]);
      g.append('g')
        .attr('class', 'axis')
        .attr('transform', `translate(0,${ih})`)
        .call(
          d3
            .axisBottom(x)
            .ticks(Math.max(2, Math.floor(iw / 80)))
            .tickSizeOuter(0),
        );
      g.append('g')
        .attr('class', 'axis')
        .call(
          d3
            .axisLeft(y)
            .ticks(4)
            .tickSizeOuter(0)
            .tickFormat((v) => (fmt ? fmt(+v) : d3.format('~s')(+v))),
        );
      const idx = d3.range(n);
      for (const l of lines) {
        if (l.area) {
          const area = d3
            .area<number>()
            .x((i) => x(i + 1))
            .y0(ih)
            .y1((i) => y(l.values(i)))
            .curve(d3.curveStepBefore);
          g.append('path').attr('d', area(idx)).attr('fill', l.color).attr('opacity', 0.22);
        }
        const line = d3
          .line<number>()
          .x((i) => x(i + 1))
          .y((i) => y(l.values(i)))
          .curve(d3.curveStepBefore);
        g.append('path')
          .attr('d', line(idx))
          .attr('fill', 'none')
          .attr('stroke', l.color)
          .attr('stroke-width', 1.6)
          .attr('stroke-dasharray', l.dashed ? '4 3' : null);
      }
    },
    [lines, n, yMax, fmt],
  );
  return (
    <ChartFrame
      title={title}
      legend={lines.map((l) => <LegendItem key={l.name} color={l.color} dashed={l.dashed} label={l.name} />)}
      label={`${title}: ${summary}`}
      height={H}
      margin={M}
      minWidth={160}
      end={n}
      now={position}
      onSeek={(p) => onSeek(Math.round(p))}
    >
      {(x, size) => <D3Layer draw={draw} x={x} size={size} />}
    </ChartFrame>
  );
}

function PlotsImpl({
  log,
  position,
  onSeek,
  queueSize,
}: {
  log: readonly SimEvent[];
  position: number;
  onSeek: (p: number) => void;
  queueSize: number;
}) {
  const s: Series = useMemo(() => computeSeries(log), [log]);
  const n = log.length;
  const cur = Math.max(0, Math.min(n - 1, position - 1));
  const perReq = useMemo(() => {
    const k = new Float64Array(n);
    const irq = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = s.completed[i];
      k[i] = c ? s.kicks[i] / c : 0;
      irq[i] = c ? s.interrupts[i] / c : 0;
    }
    return { k, irq };
  }, [s, n]);
  const maxIn = useMemo(() => d3.max(s.inFlight) ?? 1, [s]);
  const maxPer = useMemo(() => Math.min(4, Math.max(1, d3.max(perReq.k) ?? 1, d3.max(perReq.irq) ?? 1)), [perReq]);
  const inflight = useMemo<Line[]>(
    () => [{ name: 'chains in flight', color: COLORS.driver, values: (i) => s.inFlight[i], area: true }],
    [s],
  );
  const free = useMemo<Line[]>(
    () => [{ name: 'free descriptors', color: COLORS.free, values: (i) => s.free[i], area: true }],
    [s],
  );
  const notif = useMemo<Line[]>(
    () => [
      { name: 'kicks / request', color: COLORS.device, values: (i) => Math.min(4, perReq.k[i]) },
      { name: 'interrupts / request', color: COLORS.used, values: (i) => Math.min(4, perReq.irq[i]), dashed: true },
    ],
    [perReq],
  );
  const fmt2 = useMemo(() => (v: number) => v.toFixed(1), []);
  const now = n ? cur : 0;
  return (
    <section className="panel plots" aria-labelledby="plots-h">
      <header className="panel-head">
        <h2 id="plots-h">Over the run</h2>
        <span className="muted small">
          at this step: {n ? s.inFlight[now] : 0} in flight · {n ? s.free[now] : queueSize} free ·{' '}
          {n ? s.kicks[now] : 0} kicks ({n ? s.suppressedKicks[now] : 0} suppressed) · {n ? s.interrupts[now] : 0}{' '}
          interrupts ({n ? s.suppressedInterrupts[now] : 0} suppressed) · {n ? s.completed[now] : 0} done
        </span>
      </header>
      <div className="charts">
        <Chart
          title="In-flight chains"
          lines={inflight}
          n={n}
          position={position}
          onSeek={onSeek}
          yMax={maxIn}
          summary={`peak ${maxIn}, now ${n ? s.inFlight[now] : 0}`}
        />
        <Chart
          title="Free descriptors"
          lines={free}
          n={n}
          position={position}
          onSeek={onSeek}
          yMax={queueSize}
          summary={`of ${queueSize}, now ${n ? s.free[now] : queueSize}`}
        />
        <Chart
          title="Notifications per completed request"
          lines={notif}
          n={n}
          position={position}
          onSeek={onSeek}
          yMax={maxPer}
          fmt={fmt2}
          summary={`now ${n ? perReq.k[now].toFixed(2) : 0} kicks and ${n ? perReq.irq[now].toFixed(2) : 0} interrupts per request`}
        />
      </div>
    </section>
  );
}

export const Plots = memo(PlotsImpl);
