/**
 * The chain arrows in the descriptor table's gutter: one curved arrow per link of each
 * in-use chain (from the driver's private chain order), drawn only where rows are visible.
 */
import { useMemo } from 'react';
import { GUTTER, ROW } from './descriptor-rows';
import type { OwnerMap } from './owners';
import { OWNER_COLORS } from '../shared/tokens';

export function ChainLinks({
  owners,
  rowOf,
  first,
  last,
}: {
  owners: OwnerMap;
  rowOf: (i: number) => number;
  /** The virtualised window of rows [first, last). */
  first: number;
  last: number;
}) {
  const links = useMemo(() => {
    const out: { from: number; to: number; owner: number; head: number }[] = [];
    for (const c of owners.chains)
      for (let k = 0; k + 1 < c.descriptors.length; k++)
        out.push({ from: c.descriptors[k], to: c.descriptors[k + 1], owner: c.owner, head: c.head });
    return out;
  }, [owners]);
  const firstRowY = first * ROW;
  const lastRowY = last * ROW;
  const drawn = links.filter((l) => {
    const a = rowOf(l.from) * ROW;
    const b = rowOf(l.to) * ROW;
    return Math.max(a, b) >= firstRowY - ROW && Math.min(a, b) <= lastRowY + ROW;
  });

  return (
    <svg
      className="dt-links"
      width={GUTTER}
      height={Math.max(0, lastRowY - firstRowY + 2 * ROW)}
      style={{ top: Math.max(0, firstRowY - ROW) }}
      aria-hidden="true"
    >
      {drawn.map((l) => {
        const base = Math.max(0, firstRowY - ROW);
        const ya = rowOf(l.from) * ROW + ROW / 2 - base;
        const yb = rowOf(l.to) * ROW + ROW / 2 - base;
        const dist = Math.abs(yb - ya) / ROW;
        const bend = Math.min(GUTTER - 6, 10 + Math.log2(1 + dist) * 7);
        const x = GUTTER - 8;
        const col = OWNER_COLORS[l.owner];
        return (
          <g key={`${l.from}-${l.to}`}>
            <path
              d={`M${x},${ya} C${x - bend},${ya} ${x - bend},${yb} ${x - 3},${yb}`}
              fill="none"
              stroke={col}
              strokeWidth={1.6}
              opacity={0.9}
            />
            <path
              d={`M${x - 7},${yb - 3.5} L${x - 1},${yb} L${x - 7},${yb + 3.5}`}
              fill="none"
              stroke={col}
              strokeWidth={1.6}
            />
          </g>
        );
      })}
    </svg>
  );
}
