/**
 * The sweep plotted: one small chart per figure (first instruction, stall, restore time, finish),
 * both modes against the swept value, with the stretches where background wins shaded, the
 * crossovers drawn as dashed lines and the current setting as a thin one. Points appear as the
 * worker delivers them; each circle carries its figure (data-ns) so tests can compare it with the
 * model.
 */
import * as d3 from 'd3';
import { memo, useEffect, useMemo, useRef } from 'react';
import { SWEEP_PARAMS, type Crossover, type SweepPoint, type SweepSpec } from '../../model/pgalloc';
import { useElementSize } from '../hooks';
import { MODE_COLOR, MODE_LABEL } from './charts';
import { fmtMaybeNs, fmtNs } from './format';
import { metricMax, metricSeries, SWEEP_METRICS, SWEEP_MODES, xAxisCaption, type SweepMetric } from './sweep-chart';

const H = 150;
const M = { top: 10, right: 24, bottom: 24, left: 54 };

interface Props {
  spec: SweepSpec;
  values: number[];
  points: (SweepPoint | null)[];
  crossovers: Crossover[];
  bands: { from: number; to: number }[];
  /** The setting's value in the restore being shown, if it lies in the range. */
  current: number | null;
}

type XScale = d3.ScaleLogarithmic<number, number> | d3.ScaleLinear<number, number>;

function OneChart({
  metric,
  label,
  help,
  spec,
  values,
  points,
  crossovers,
  bands,
  current,
  width,
}: Props & { metric: SweepMetric; label: string; help: string; width: number }) {
  const xAxis = useRef<SVGGElement>(null);
  const yAxis = useRef<SVGGElement>(null);
  const info = SWEEP_PARAMS[spec.param];
  const lo = values[0] ?? spec.from;
  const hi = values[values.length - 1] ?? spec.to;
  const x: XScale = useMemo(() => {
    const dom: [number, number] = lo === hi ? [lo * 0.9 || 0, hi * 1.1 || 1] : [lo, hi];
    return (info.scale === 'log' && dom[0] > 0 ? d3.scaleLog() : d3.scaleLinear())
      .domain(dom)
      .range([M.left, width - M.right]);
  }, [info.scale, lo, hi, width]);
  const max = metricMax(points, metric);
  const y = useMemo(
    () =>
      d3
        .scaleLinear()
        .domain([0, max * 1.08])
        .range([H - M.bottom, M.top]),
    [max],
  );
  useEffect(() => {
    if (xAxis.current) {
      const ticks = Math.max(2, Math.floor(width / 90));
      const ax = d3
        .axisBottom(x as d3.AxisScale<number>)
        .ticks(ticks, info.scale === 'log' ? '~s' : undefined)
        .tickSizeOuter(0);
      d3.select(xAxis.current).call(ax).attr('class', 'axis');
    }
    if (yAxis.current)
      d3.select(yAxis.current)
        .call(
          d3
            .axisLeft(y)
            .ticks(4)
            .tickFormat((v) => fmtNs(+v)),
        )
        .attr('class', 'axis');
  }, [x, y, width, info.scale]);
  const lines = SWEEP_MODES.map((mode) => {
    const series = metricSeries(points, metric, mode);
    const path =
      d3
        .line<(typeof series)[number]>()
        .defined((s) => s.ns !== null)
        .x((s) => x(s.value))
        .y((s) => y(s.ns ?? 0))(series) ?? '';
    return { mode, series, path };
  });
  const inRange = (v: number) => v >= Math.min(lo, hi) && v <= Math.max(lo, hi);
  return (
    <figure className="pg-sw-chart">
      <figcaption className="pg-sw-chart-title" title={help}>
        {label}
      </figcaption>
      <svg
        width={width}
        height={H}
        role="img"
        aria-label={`${label} against ${info.label.toLowerCase()}, for both restore modes. ${help}`}
        data-testid={`sweep-chart-${metric}`}
      >
        {bands.map((b, i) => (
          <rect
            key={i}
            className="pg-sw-win"
            x={Math.min(x(b.from), x(b.to))}
            width={Math.max(1, Math.abs(x(b.to) - x(b.from)))}
            y={M.top}
            height={H - M.top - M.bottom}
          />
        ))}
        <g ref={yAxis} transform={`translate(${M.left},0)`} />
        <g ref={xAxis} transform={`translate(0,${H - M.bottom})`} />
        {current !== null && inRange(current) && (
          <line className="pg-sw-current" x1={x(current)} x2={x(current)} y1={M.top} y2={H - M.bottom} />
        )}
        {crossovers.map((c, k) => (
          <line
            key={k}
            className="pg-sw-cross"
            x1={x(c.value)}
            x2={x(c.value)}
            y1={M.top - 4}
            y2={H - M.bottom}
            data-testid={`sweep-cross-${metric}-${k}`}
            data-value={String(c.value)}
          />
        ))}
        {lines.map((l) => (
          <g key={l.mode}>
            <path d={l.path} fill="none" stroke={MODE_COLOR[l.mode]} strokeWidth={1.8} />
            {l.series
              .filter((s) => s.ns !== null)
              .map((s) => (
                <circle
                  key={s.index}
                  cx={x(s.value)}
                  cy={y(s.ns!)}
                  r={3}
                  fill={MODE_COLOR[l.mode]}
                  data-testid={`sweep-pt-${metric}-${l.mode}-${s.index}`}
                  data-value={String(s.value)}
                  data-ns={String(s.ns)}
                >
                  <title>{`${MODE_LABEL[l.mode]} at ${info.format(s.value)}: ${fmtMaybeNs(s.ns)}`}</title>
                </circle>
              ))}
          </g>
        ))}
      </svg>
    </figure>
  );
}

function SweepChartImpl(p: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(wrap);
  // Two charts a row when there is room, one otherwise.
  const cols = width >= 640 ? 2 : 1;
  const cw = Math.max(260, Math.floor((width || 640) / cols) - 8);
  return (
    <>
      <p className="muted small pg-sw-xlabel">{xAxisCaption(p.spec)}</p>
      <div ref={wrap} className="pg-sw-charts" style={{ gridTemplateColumns: `repeat(${cols}, 1fr)` }}>
        {SWEEP_METRICS.map((m) => (
          <OneChart key={m.key} {...p} metric={m.key} label={m.label} help={m.help} width={cw} />
        ))}
      </div>
    </>
  );
}

export const SweepChart = memo(SweepChartImpl);
