/**
 * Memory loaded and work done over time, both modes on one axis. Solid: fraction of saved memory
 * back in RAM; dashed: fraction of the application's memory accesses done. In background mode
 * the dashed line leaves zero long before the solid one reaches the top: that gap is the win.
 */
import * as d3 from 'd3';
import { memo, useMemo } from 'react';
import type { RestoreMode } from '../../model/pgalloc';
import { Axis, ChartFrame, type ChartSize, type XScale } from '../kit/ChartFrame';
import { fmtNs } from './format';
import { MODE_COLOR, MODE_LABEL } from './charts';
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
  const end = Math.max(run.modes.sync.endTime, run.modes.background.endTime, 1);
  return (
    <ChartFrame
      look="panel"
      className="pg-load"
      title="Memory loaded and work done"
      legend={(['sync', 'background'] as const).map((m) => (
        <span key={m} className="lg">
          <span className="lg-line" style={{ borderColor: MODE_COLOR[m] }} aria-hidden="true" /> {MODE_LABEL[m]}: memory
          <span
            className="lg-line is-dashed"
            style={{ borderColor: MODE_COLOR[m], marginLeft: 6 }}
            aria-hidden="true"
          />{' '}
          work
        </span>
      ))}
      label="Fraction of memory loaded (solid) and of the application's accesses done (dashed) over time, for both modes"
      seekWords="go to a moment"
      height={H}
      margin={M}
      minWidth={320}
      end={end}
      now={now}
      onSeek={(t) => onSeekTime(run.spec.mode, t)}
    >
      {(x, size) => <LoadLines run={run} totalAccesses={totalAccesses} x={x} size={size} />}
    </ChartFrame>
  );
}

/** Both modes' two fractions as step lines, with the percent axis and the time axis. */
const LoadLines = memo(function LoadLines({
  run,
  totalAccesses,
  x,
  size,
}: {
  run: PgRun;
  totalAccesses: number;
  x: XScale;
  size: ChartSize;
}) {
  const y = useMemo(() => d3.scaleLinear().domain([0, 1]).range([size.ih, 0]), [size.ih]);
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
  return (
    <>
      <Axis scale={y} side="left" ticks={4} format={PERCENT} />
      <Axis scale={x} side="bottom" at={size.ih} ticks={Math.max(2, Math.floor(size.width / 110))} format={fmtNs} />
      {paths.map((p) => (
        <g key={p.mode}>
          <path d={p.loaded} fill="none" stroke={MODE_COLOR[p.mode]} strokeWidth={1.8} />
          <path d={p.work} fill="none" stroke={MODE_COLOR[p.mode]} strokeWidth={1.8} strokeDasharray="5 3" />
        </g>
      ))}
    </>
  );
});

const PERCENT = d3.format('.0%');

export const LoadChart = memo(LoadChartImpl);
