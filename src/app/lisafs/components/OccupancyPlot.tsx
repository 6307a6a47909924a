/**
 * How the pool is used over time: channels on the stack, channels in use and dead ones,
 * stacked; the socket's holder plus its mutex queue as a line on the same count axis.
 */
import * as d3 from 'd3';
import { memo, useCallback, useMemo } from 'react';
import type { OccupancySample } from '../../../model/lisafs/index';
import { LegendItem } from '../../shared/LegendItem';
import { TimePlot, type PlotG } from './TimePlot';
import { COLORS } from '../../shared/tokens';

const SERIES_COLORS = {
  available: COLORS.used,
  active: COLORS.device,
  dead: COLORS.error,
  socket: COLORS.held,
} as const;

function OccupancyPlotImpl({
  samples,
  endTime,
  now,
  onSeekTime,
}: {
  samples: readonly OccupancySample[];
  endTime: number;
  now: number;
  onSeekTime: (t: number) => void;
}) {
  // Extend the last sample to the end so the step curves reach the right edge.
  const series = useMemo(
    () =>
      samples.length
        ? [...samples, { ...samples[samples.length - 1], time: Math.max(endTime, samples[samples.length - 1].time) }]
        : [],
    [samples, endTime],
  );
  const draw = useCallback(
    (g: PlotG, x: d3.ScaleLinear<number, number>, { ih }: { iw: number; ih: number }) => {
      const yMax = Math.max(
        1,
        d3.max(series, (s) => Math.max(s.available + s.active + s.dead, s.socketBusy + s.socketQueue)) ?? 1,
      );
      const y = d3.scaleLinear().domain([0, yMax]).nice().range([ih, 0]);
      g.append('g')
        .attr('class', 'axis')
        .call(d3.axisLeft(y).ticks(Math.min(5, yMax)).tickFormat(d3.format('d')).tickSizeOuter(0));
      const layers: { key: 'available' | 'active' | 'dead'; base: (s: OccupancySample) => number }[] = [
        { key: 'dead', base: () => 0 },
        { key: 'active', base: (s) => s.dead },
        { key: 'available', base: (s) => s.dead + s.active },
      ];
      for (const l of layers) {
        const area = d3
          .area<OccupancySample>()
          .x((s) => x(s.time))
          .y0((s) => y(l.base(s)))
          .y1((s) => y(l.base(s) + s[l.key]))
          .curve(d3.curveStepAfter);
        g.append('path').attr('d', area(series)).attr('fill', SERIES_COLORS[l.key]).attr('opacity', 0.5);
      }
      const line = d3
        .line<OccupancySample>()
        .x((s) => x(s.time))
        .y((s) => y(s.socketBusy + s.socketQueue))
        .curve(d3.curveStepAfter);
      g.append('path')
        .attr('d', line(series))
        .attr('fill', 'none')
        .attr('stroke', SERIES_COLORS.socket)
        .attr('stroke-width', 1.8)
        .attr('stroke-dasharray', '4 3');
    },
    [series],
  );
  const peakQueue = d3.max(samples, (s) => s.socketQueue) ?? 0;
  return (
    <TimePlot
      title="Pool occupancy"
      testId="lz-occupancy-plot"
      legend={
        <>
          <LegendItem color={SERIES_COLORS.available} label="on the stack" />
          <LegendItem color={SERIES_COLORS.active} label="in use" />
          <LegendItem color={SERIES_COLORS.dead} label="dead" />
          <LegendItem color={SERIES_COLORS.socket} label="socket + queue" dashed />
        </>
      }
      summary={`channels on the stack, in use and dead over time; the socket queue peaks at ${peakQueue}`}
      endTime={endTime}
      now={now}
      draw={draw}
      onSeekTime={onSeekTime}
    />
  );
}

export const OccupancyPlot = memo(OccupancyPlotImpl);
