/**
 * The wait-for graph at this step: every agent (process, multiplexer, demultiplexer) in a fixed
 * place — host processes, host-side proxy, guest-side proxy, guest processes — and an arrow from
 * each blocked agent to the one it waits for. Arrows on a cycle are red: that is the deadlock.
 * The same edges are listed in words below, as buttons, for keyboards and screen readers.
 */
import { memo, useRef } from 'react';
import { agentLabel, type VirtproxyModel, type WaitEdge } from '../../model/virtproxy';
import { useElementSize } from '../hooks';
import type { Explanation } from '../kit/Widgets';
import { Clickable } from './Clickable';
import { graphNodes } from './derive';
import { explainAgent, explainEdge } from './explain';

const NODE_W = 118;
const NODE_H = 28;
const ROW_H = 44;
const COL_TITLES = ['host processes', 'host-side proxy', 'guest-side proxy', 'guest processes'];

function short(id: string): string {
  const [kind, dir, conn] = id.split(':');
  if (kind === 'proc') return dir;
  const side = (kind === 'mux') === (dir === 'h2g') ? 'host' : 'guest';
  return `${side} ${kind}${conn !== undefined ? ` #${conn}` : ''}`;
}

interface Props {
  model: VirtproxyModel;
  tick: number;
  edges: WaitEdge[];
  cycle: WaitEdge[] | null;
  onExplain: (e: Explanation) => void;
}

function WaitGraphImpl({ model, edges, cycle, onExplain }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(wrap);
  const W = Math.max(520, width);
  const s = model.view();
  const nodes = graphNodes(s);
  const rows = Math.max(...nodes.map((n) => n.row)) + 1;
  const H = 40 + rows * ROW_H + 8;
  const colX = (c: number) => 56 + (c * (W - NODE_W - 112)) / 3;
  const pos = new Map(nodes.map((n) => [n.id, { x: colX(n.col), y: 40 + n.row * ROW_H }]));
  const inCycle = new Set((cycle ?? []).map((e) => `${e.from}→${e.to}`));
  const cycleNodes = new Set((cycle ?? []).map((e) => e.from));
  const waiting = new Set(edges.map((e) => e.from));
  const deadlocked = !!cycle && cycle.length > 0;

  const path = (e: WaitEdge) => {
    const a = pos.get(e.from)!;
    const b = pos.get(e.to)!;
    const ax = a.x + (b.x > a.x ? NODE_W : b.x < a.x ? 0 : NODE_W);
    const bx = b.x + (b.x > a.x ? 0 : b.x < a.x ? NODE_W : NODE_W);
    const ay = a.y + NODE_H / 2;
    const by = b.y + NODE_H / 2;
    // Same column: bulge out to the right; otherwise a gentle curve.
    if (a.x === b.x) {
      // Same column: bulge outwards, away from the middle of the graph.
      const out = a.x > W / 2 ? 1 : -1;
      const sx = out > 0 ? a.x + NODE_W : a.x;
      return `M${sx},${ay} C${sx + 44 * out},${ay} ${sx + 44 * out},${by} ${sx + 3 * out},${by}`;
    }
    const mx = (ax + bx) / 2;
    // Edges spanning several columns arc over the nodes between them.
    const span = Math.round(Math.abs(b.x - a.x) / ((W - NODE_W - 112) / 3));
    const bend = (by - ay) * 0.15 + (span > 1 || ay === by ? 22 * span : 0);
    return `M${ax},${ay} C${mx},${ay - bend} ${mx},${by - bend} ${bx},${by}`;
  };

  return (
    <section
      className={`panel vp-graph${deadlocked ? ' is-deadlock' : ''}`}
      aria-labelledby="vp-graph-h"
      data-deadlock={deadlocked ? 'true' : 'false'}
    >
      <header className="panel-head">
        <h2 id="vp-graph-h">{deadlocked ? 'Deadlock: the wait-for cycle' : 'Who waits for whom'}</h2>
        <span className="muted small">
          {edges.length} agent{edges.length === 1 ? '' : 's'} blocked
          {deadlocked ? ` · cycle of ${cycle!.length}` : ' · no cycle'}
        </span>
      </header>
      <div ref={wrap}>
        <svg
          width={W}
          height={H}
          viewBox={`0 0 ${W} ${H}`}
          className="vp-graph-svg"
          role="group"
          aria-label={
            deadlocked
              ? `Wait-for graph with a cycle: ${cycle!.map((e) => short(e.from)).join(' → ')} → back`
              : `Wait-for graph: ${edges.length} waits, no cycle`
          }
        >
          <defs>
            <marker
              id="vp-arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0L10,5L0,10z" className="vp-arrow-head" />
            </marker>
            <marker
              id="vp-arrow-cycle"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0L10,5L0,10z" className="vp-arrow-head is-cycle" />
            </marker>
          </defs>
          {COL_TITLES.map((t, c) => (
            <text key={t} x={colX(c) + NODE_W / 2} y={12} textAnchor="middle" className="vp-small vp-col-title">
              {t}
            </text>
          ))}
          {edges.map((e) => {
            const cyc = inCycle.has(`${e.from}→${e.to}`);
            return (
              <path
                key={`${e.from}→${e.to}`}
                d={path(e)}
                className={`vp-edge${cyc ? ' is-cycle' : ''}`}
                markerEnd={`url(#${cyc ? 'vp-arrow-cycle' : 'vp-arrow'})`}
                data-edge={`${e.from}→${e.to}`}
                data-cycle={cyc ? 'true' : 'false'}
              />
            );
          })}
          {nodes.map((n) => {
            const p = pos.get(n.id)!;
            const cls = cycleNodes.has(n.id) ? 'is-cycle' : waiting.has(n.id) ? 'is-waiting' : '';
            return (
              <Clickable
                key={n.id}
                label={`${agentLabel(model.workload, n.id)}${cycleNodes.has(n.id) ? ', on the cycle' : waiting.has(n.id) ? ', waiting' : ''}: explain`}
                onActivate={() => onExplain(explainAgent(model, n.id, edges))}
                className={`vp-node ${cls}`}
                testId={`node-${n.id}`}
              >
                <rect
                  x={p.x}
                  y={p.y}
                  width={NODE_W}
                  height={NODE_H}
                  rx={n.id.startsWith('proc:') ? 14 : 5}
                  className="vp-node-box"
                />
                <text x={p.x + NODE_W / 2} y={p.y + 18} textAnchor="middle" className="vp-node-text">
                  {short(n.id)}
                </text>
              </Clickable>
            );
          })}
        </svg>
      </div>
      {edges.length > 0 && (
        <ol className="vp-edge-list" aria-label="Waits, in words">
          {edges.map((e) => {
            const cyc = inCycle.has(`${e.from}→${e.to}`);
            return (
              <li key={`${e.from}→${e.to}`} className={cyc ? 'is-cycle' : ''}>
                {cyc && <span className="pill pill-other vp-cycle-pill">cycle</span>}
                <button className="link-btn" onClick={() => onExplain(explainEdge(model, e, cyc))}>
                  {e.reason}
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

export const WaitGraph = memo(WaitGraphImpl);
