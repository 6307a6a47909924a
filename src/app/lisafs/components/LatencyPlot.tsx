/**
 * Latency of every application RPC, by the path it took: channel round trips cluster near a
 * microsecond, socket ones an order of magnitude higher plus the wait for the mutex; refused
 * requests never left the client. Log-scaled so both are readable.
 */
import * as d3 from 'd3';
import { memo, useCallback, useMemo } from 'react';
import { formatTime } from '../../format';
import type { LatencyPoint } from '../derive';
import { LegendItem } from '../../shared/LegendItem';
import { TimePlot, type PlotG } from './TimePlot';
import { COLORS } from '../../shared/tokens';

/** Powers of ten within [lo, hi]. */
export function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let v = 10 ** Math.ceil(Math.log10(lo)); v <= hi; v *= 10) out.push(v);
  return out;
}

export const PATH_COLOR = { channel: COLORS.driver, socket: COLORS.held, rejected: COLORS.error } as const;

function LatencyPlotImpl({
  points,
  endTime,
  now,
  onSeekTime,
}: {
  points: readonly LatencyPoint[];
  endTime: number;
  now: number;
  onSeekTime: (t: number) => void;
}) {
  const stats = useMemo(() => {
    const med = (p: LatencyPoint['path']) =>
      d3.median(
        points.filter((x) => x.path === p),
        (x) => x.latencyNs,
      ) ?? 0;
    return { channel: med('channel'), socket: med('socket'), n: points.length };
  }, [points]);
  const draw = useCallback(
    (g: PlotG, x: d3.ScaleLinear<number, number>, { ih }: { iw: number; ih: number }) => {
      const lo = Math.max(1, d3.min(points, (p) => Math.max(1, p.latencyNs)) ?? 1);
      const hi = Math.max(lo * 10, d3.max(points, (p) => p.latencyNs) ?? 10);
      const y = d3
        .scaleLog()
        .domain([lo / 1.5, hi * 1.5])
        .range([ih, 0]);
      g.append('g')
        .attr('class', 'axis')
        .call(
          d3
            .axisLeft(y)
            // Decades only: a log axis labels every integer multiple otherwise.
            .tickValues(decades(lo / 1.5, hi * 1.5))
            .tickSizeOuter(0)
            .tickFormat((v) => formatTime(+v)),
        );
      g.append('g')
        .selectAll('circle')
        .data(points)
        .join('circle')
        .attr('cx', (p) => x(p.doneAt))
        .attr('cy', (p) => y(Math.max(lo / 1.4, p.latencyNs)))
        .attr('r', 2.6)
        .attr('fill', (p) => PATH_COLOR[p.path])
        .attr('fill-opacity', 0.85);
    },
    [points],
  );
  return (
    <TimePlot
      title="Latency per RPC, by path"
      testId="lz-latency-plot"
      legend={
        <>
          <LegendItem dot color={PATH_COLOR.channel} label="channel" />
          <LegendItem dot color={PATH_COLOR.socket} label="socket" />
          <LegendItem dot color={PATH_COLOR.rejected} label="refused" />
        </>
      }
      summary={`${stats.n} application RPCs; median ${formatTime(stats.channel)} over a channel and ${formatTime(stats.socket)} over the socket`}
      endTime={endTime}
      now={now}
      draw={draw}
      onSeekTime={onSeekTime}
    />
  );
}

export const LatencyPlot = memo(LatencyPlotImpl);
