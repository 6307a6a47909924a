/**
 * One column's client ↔ gofer sequence diagram for the current script item: a request
 * arrow per RPC with its protocol name, and the reply coming back with its result. The
 * newest arrow is drawn in (unless motion is reduced); each exchange can be selected.
 */
import { useRef } from 'react';
import type { GoferEvent } from '../../../model/gofer/index';
import { useElementSize } from '../../hooks';
import type { GoferSelection } from '../explain';

const X_CLIENT = 44;
const ROW = 34;
const TOP = 30;

interface Props {
  design: string;
  label: string;
  /** This column's events of the current item so far. */
  events: readonly GoferEvent[];
  /** Rows to reserve, so the three columns line up and do not jump while animating. */
  rows: number;
  fresh: GoferEvent | null;
  selection: GoferSelection | null;
  onSelect: (s: GoferSelection) => void;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function SequenceDiagram({ design, label, events, rows, fresh, selection, onSelect }: Props) {
  // Drawn at the container's pixel width, so labels keep their real size whatever the layout.
  const wrap = useRef<HTMLDivElement>(null);
  const W = Math.max(240, useElementSize(wrap).width || 320);
  const X_GOFER = W - 44;
  const rpcs = events.filter((e) => e.kind === 'rpc');
  const remote = events.find((e) => e.kind === 'remote-change');
  const end = events.find((e) => e.kind === 'op-end');
  const H = TOP + Math.max(1, rows) * ROW + 24;
  return (
    <div ref={wrap} className="gf-seq-wrap">
      <svg
        className="gf-seq"
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="group"
        aria-label={`${label}: sequence of RPCs for this operation, ${rpcs.length} so far`}
        data-testid={`gf-seq-${design}`}
      >
        <text x={X_CLIENT} y={14} className="gf-life-label" textAnchor="middle">
          sandbox
        </text>
        <text x={X_GOFER} y={14} className="gf-life-label" textAnchor="middle">
          gofer
        </text>
        <line x1={X_CLIENT} x2={X_CLIENT} y1={20} y2={H - 4} className="gf-life" />
        <line x1={X_GOFER} x2={X_GOFER} y1={20} y2={H - 4} className="gf-life" />
        {rpcs.map((e, i) => {
          const r = e.rpc!;
          const y = TOP + i * ROW + 12;
          const sel = selection?.kind === 'rpc' && selection.design === design && selection.seq === r.seq;
          const isNew = fresh === e;
          const act = () => onSelect({ kind: 'rpc', design, seq: r.seq });
          return (
            <g
              key={r.seq}
              className={`gf-rpc${sel ? ' is-selected' : ''}${isNew ? ' is-new' : ''}${r.result !== 'ok' ? ' is-notok' : ''}`}
              role="button"
              tabIndex={0}
              aria-label={`RPC ${e.runningCount}: ${r.name} on ${r.target}, ${r.args}; result ${r.result}`}
              aria-pressed={sel}
              data-rpc={r.name}
              onClick={act}
              onKeyDown={(k) => {
                if (k.key === 'Enter' || k.key === ' ') {
                  k.preventDefault();
                  act();
                }
              }}
            >
              <title>{`${r.name} ${r.args} → ${r.result}\n${r.why}`}</title>
              <rect
                x={X_CLIENT - 30}
                y={y - 14}
                width={X_GOFER - X_CLIENT + 60}
                height={ROW - 2}
                className="gf-rpc-hit"
              />
              <text x={X_CLIENT - 8} y={y + 4} className="gf-rpc-n" textAnchor="end">
                {e.runningCount}
              </text>
              <text x={(X_CLIENT + X_GOFER) / 2} y={y - 3} className="gf-rpc-name" textAnchor="middle">
                <tspan className="gf-rpc-verb">{r.name}</tspan>{' '}
                {clip(r.target, Math.max(8, Math.floor((X_GOFER - X_CLIENT) / 7) - r.name.length - 2))}
              </text>
              <line x1={X_CLIENT} x2={X_GOFER - 6} y1={y} y2={y} className="gf-req" />
              <path d={`M${X_GOFER - 7},${y - 4} L${X_GOFER},${y} L${X_GOFER - 7},${y + 4}z`} className="gf-head" />
              <line x1={X_GOFER} x2={X_CLIENT + 6} y1={y + 11} y2={y + 11} className="gf-rep" />
              <path
                d={`M${X_CLIENT + 7},${y + 7} L${X_CLIENT},${y + 11} L${X_CLIENT + 7},${y + 15}z`}
                className="gf-head gf-head-rep"
              />
              <text x={(X_CLIENT + X_GOFER) / 2} y={y + 20} className="gf-rpc-result" textAnchor="middle">
                {clip(r.result, Math.floor((X_GOFER - X_CLIENT) / 6))}
              </text>
            </g>
          );
        })}
        {remote && (
          <g className="gf-remote" aria-label={remote.text}>
            <rect x={X_GOFER - 120} y={TOP} width={150} height={ROW} rx={6} />
            <text x={X_GOFER - 45} y={TOP + 14} textAnchor="middle">
              host changes a file
            </text>
            <text x={X_GOFER - 45} y={TOP + 27} textAnchor="middle" className="gf-remote-sub">
              no RPC: behind the client’s back
            </text>
          </g>
        )}
        {!remote && end && rpcs.length === 0 && (
          <text x={(X_CLIENT + X_GOFER) / 2} y={TOP + 16} textAnchor="middle" className="gf-cache-hit">
            answered from the cache: no RPC
          </text>
        )}
      </svg>
    </div>
  );
}
