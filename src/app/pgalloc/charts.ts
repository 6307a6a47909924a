/** Shared bits of the pgalloc plots: the time axis and the mode colours. */
import * as d3 from 'd3';
import { useEffect, type RefObject } from 'react';
import type { RestoreMode } from '../../model/pgalloc';
import { fmtNs } from './format';
import { COLORS } from '../shared/tokens';

export const MODE_COLOR: Record<RestoreMode, string> = { sync: COLORS.pale, background: COLORS.driver };
export const MODE_LABEL: Record<RestoreMode, string> = { sync: 'Synchronous', background: '--background' };

/** Draw a bottom time axis for `x` into the <g> at `ref`. */
export function useTimeAxis(
  ref: RefObject<SVGGElement | null>,
  x: d3.ScaleLinear<number, number>,
  width: number,
): void {
  useEffect(() => {
    if (!ref.current) return;
    const ticks = Math.max(2, Math.floor(width / 110));
    d3.select(ref.current)
      .call(
        d3
          .axisBottom(x)
          .ticks(ticks)
          .tickSizeOuter(0)
          .tickFormat((v) => fmtNs(+v)),
      )
      .attr('class', 'axis');
  }, [ref, x, width]);
}
