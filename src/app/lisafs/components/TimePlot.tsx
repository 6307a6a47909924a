/**
 * A lisafs plot against virtual time, in the kit's chart frame: the plot draws its marks with d3,
 * the frame veils the future, marks now and seeks to the last event at a clicked time.
 */
import type { ReactNode } from 'react';
import { Axis, ChartFrame, type ChartSize, type D3Group, D3Layer, type XScale } from '../../kit/ChartFrame';
import { formatTime } from '../../format';

export const PLOT_H = 150;
export const PLOT_M = { top: 10, right: 12, bottom: 22, left: 58 };

export type PlotG = D3Group;

interface Props {
  title: string;
  legend: ReactNode;
  /** Read by screen readers in place of the picture. */
  summary: string;
  endTime: number;
  now: number;
  draw(g: PlotG, x: XScale, size: ChartSize): void;
  onSeekTime(t: number): void;
  testId: string;
}

export function TimePlot({ title, legend, summary, endTime, now, draw, onSeekTime, testId }: Props) {
  return (
    <ChartFrame
      title={title}
      legend={legend}
      label={`${title}: ${summary}`}
      seekWords="go to that moment"
      height={PLOT_H}
      margin={PLOT_M}
      end={endTime}
      now={now}
      onSeek={onSeekTime}
      className="lz-plot"
      testId={testId}
    >
      {(x, size) => (
        <>
          <Axis
            scale={x}
            side="bottom"
            at={size.ih}
            ticks={Math.max(2, Math.floor(size.iw / 90))}
            format={formatTime}
          />
          <D3Layer draw={draw} x={x} size={size} />
        </>
      )}
    </ChartFrame>
  );
}
