/**
 * The streams as lanes. Host on the left, guest on the right; each block is one direction of one
 * channel (shared: two blocks; ports: two per connection), each row one connection through it.
 * Socket buffers fill as bars, packets sit in the channel coloured by connection (credit
 * packets outlined), and a demultiplexer blocked on a full socket turns red with a line to the
 * socket it is stuck on — while every other row of its block stops too.
 */
import { Fragment, memo, useRef, type ReactElement } from 'react';
import {
  connName,
  PACKET_SIZE,
  peerFree,
  type Lane,
  type Side,
  type VirtproxyModel,
  type WaitEdge,
} from '../../model/virtproxy';
import { useElementSize } from '../hooks';
import type { Explanation } from '../kit/Widgets';
import { Clickable, WORD_GAP } from './Clickable';
import { channelPackets } from './derive';
import { explainAgent, explainBuffer, explainChannel, explainProc } from './explain';
import { connColor } from './palette';

const ROW = 44;
const HEAD = 22;
const PROC_W = 70;
const BUF_W = 112;
const AGENT_W = 78;

interface Props {
  model: VirtproxyModel;
  tick: number;
  edges: WaitEdge[];
  cycleAgents: Set<string>;
  onExplain: (e: Explanation) => void;
}

function Bar({
  x,
  y,
  w,
  value,
  max,
  label,
  color,
  full,
}: {
  x: number;
  y: number;
  w: number;
  value: number;
  max: number;
  label: string;
  color: string;
  full: boolean;
}) {
  const f = max > 0 ? Math.min(1, value / max) : 0;
  return (
    <g>
      <rect x={x} y={y} width={w} height={12} rx={3} className="vp-bar-bg" />
      <rect x={x} y={y} width={w * f} height={12} rx={3} fill={color} opacity={0.85} />
      {full && <rect x={x} y={y} width={w} height={12} rx={3} className="vp-bar-full" />}
      <text x={x + 3} y={y + 27} className="vp-small">
        {label}
      </text>
    </g>
  );
}

function StreamsImpl({ model, edges, cycleAgents, onExplain }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(wrap);
  const W = Math.max(760, width);
  const s = model.view();
  const cfg = model.config;
  const w = model.workload;
  const credit = cfg.mode === 'credit';
  const chX0 = PROC_W + BUF_W + AGENT_W + 30;
  const chX1 = W - chX0;
  const blocks: ReactElement[] = [];
  let y = 0;
  const waiting = new Set(edges.map((e) => e.from));

  const proc = (name: string, x: number, yy: number, anchor: 'start' | 'end') => (
    <Clickable
      key={`${name}-${yy}`}
      label={`${name}: explain`}
      onActivate={() => onExplain(explainProc(model, name, edges))}
      className={cycleAgents.has(`proc:${name}`) ? 'is-cycle' : waiting.has(`proc:${name}`) ? 'is-waiting' : ''}
    >
      <rect
        x={anchor === 'start' ? x : x - PROC_W + 4}
        y={yy}
        width={PROC_W - 4}
        height={24}
        rx={6}
        className="vp-proc-box"
      />
      <text x={anchor === 'start' ? x + 8 : x - 8} y={yy + 16} textAnchor={anchor} className="vp-proc-name">
        {name}
      </text>
    </Clickable>
  );

  const buffer = (conn: number, side: Side, which: 'tx' | 'rx', x: number, yy: number) => {
    const ep = s.conns[conn][side];
    const v = which === 'tx' ? ep.tx.length : ep.rx.length;
    const full = v >= cfg.sockBufBytes;
    const owner = side === 'host' ? w.connections[conn].host : w.connections[conn].guest;
    const win = credit && which === 'tx' ? peerFree(ep.credit) : null;
    return (
      <Clickable
        key={`${conn}${side}${which}`}
        label={`${owner}'s ${which === 'tx' ? 'send' : 'receive'} buffer: ${v} of ${cfg.sockBufBytes} bytes${win !== null ? `, credit ${win}` : ''}`}
        onActivate={() => onExplain(explainBuffer(model, conn, side, which))}
        testId={`buf-${conn}-${side}-${which}`}
      >
        <rect x={x - 2} y={yy - 2} width={BUF_W + 4} height={ROW - 6} fill="transparent" />
        <Bar
          x={x}
          y={yy}
          w={BUF_W}
          value={v}
          max={cfg.sockBufBytes}
          color={connColor(conn)}
          full={full}
          label={`${which} ${v}/${cfg.sockBufBytes}${full && win === null ? ' full' : ''}`}
        />
        {win !== null && WORD_GAP}
        {win !== null && (
          // The credit window: a thin bar right under the send buffer, its number at the right.
          <g data-window={win}>
            <rect x={x} y={yy + 13} width={BUF_W} height={3} rx={2} className="vp-bar-bg" />
            <rect
              x={x}
              y={yy + 13}
              width={BUF_W * Math.min(1, win / Math.max(1, ep.credit.peerBufAlloc))}
              height={3}
              rx={1}
              className={win === 0 ? 'vp-win-zero' : 'vp-win'}
            />
            <text x={x + BUF_W} y={yy + 27} textAnchor="end" className="vp-small vp-win-text">
              credit {win}
            </text>
          </g>
        )}
      </Clickable>
    );
  };

  const agent = (lane: Lane, kind: 'mux' | 'demux', x: number, yy: number, h: number) => {
    const id = `${kind}:${lane.id}`;
    const blocked = kind === 'demux' && lane.pending !== null;
    const stuck = waiting.has(id);
    const cls = `vp-agent${blocked ? ' is-blocked' : stuck ? ' is-stuck' : ''}${cycleAgents.has(id) ? ' is-cycle' : ''}`;
    const sub =
      kind === 'mux'
        ? stuck
          ? 'channel full'
          : 'packs'
        : blocked
          ? `BLOCKED ${lane.pending!.data.length} B`
          : lane.buf.length
            ? `holds ${lane.buf.length} B`
            : 'reading';
    return (
      <Clickable
        key={id}
        label={`${kind === 'mux' ? 'Multiplexer' : 'Demultiplexer'} of ${lane.id}${blocked ? ', blocked' : ''}: explain`}
        onActivate={() => onExplain(explainAgent(model, id, edges))}
        testId={id}
        className={cls}
      >
        <rect
          x={x}
          y={yy}
          width={AGENT_W}
          height={h}
          rx={8}
          className="vp-agent-box"
          data-blocked={blocked ? 'true' : 'false'}
        />
        <text x={x + AGENT_W / 2} y={yy + h / 2 - 3} textAnchor="middle" className="vp-agent-name">
          {kind}
        </text>
        {WORD_GAP}
        <text x={x + AGENT_W / 2} y={yy + h / 2 + 12} textAnchor="middle" className="vp-small">
          {sub}
        </text>
      </Clickable>
    );
  };

  for (const lane of s.lanes) {
    const rows = lane.conns;
    const h = rows.length * ROW;
    const top = y + HEAD;
    const fromHost = lane.from === 'host';
    const title = `${fromHost ? 'host → guest' : 'guest → host'} · ${lane.conns.length === 1 && cfg.mode === 'ports' ? `port of ${connName(w, lane.conns[0])}` : 'shared channel'}`;
    const items: ReactElement[] = [];
    items.push(
      <text key="t" x={0} y={y + 14} className="vp-lane-title">
        {title}
      </text>,
    );
    rows.forEach((conn, i) => {
      const ry = top + i * ROW;
      const c = w.connections[conn];
      items.push(proc(c.host, 0, ry, 'start'));
      items.push(proc(c.guest, W, ry, 'end'));
      items.push(buffer(conn, 'host', fromHost ? 'tx' : 'rx', PROC_W + 6, ry + 6));
      items.push(buffer(conn, 'guest', fromHost ? 'rx' : 'tx', W - PROC_W - 6 - BUF_W, ry + 6));
    });
    const leftAgent = fromHost ? 'mux' : 'demux';
    const rightAgent = fromHost ? 'demux' : 'mux';
    items.push(agent(lane, leftAgent, PROC_W + BUF_W + 18, top, h - 8));
    items.push(agent(lane, rightAgent, W - (PROC_W + BUF_W + 18) - AGENT_W, top, h - 8));
    // The demultiplexer's stuck write, drawn to the socket it waits on.
    if (lane.pending) {
      const i = rows.indexOf(lane.pending.conn);
      const ry = top + i * ROW + 12;
      // From the demultiplexer's edge to the full receive buffer, on that connection's row.
      const dx = fromHost ? W - (PROC_W + BUF_W + 18) : PROC_W + BUF_W + 18;
      const bx = fromHost ? W - PROC_W - 6 - BUF_W : PROC_W + 6 + BUF_W;
      items.push(<line key="stuck" x1={dx} y1={ry} x2={bx} y2={ry} className="vp-stuck-line" />);
    }
    // The channel, packets oldest next to the demultiplexer.
    const cap = Math.max(1, Math.floor(cfg.laneBytes / PACKET_SIZE));
    const cy = top + (h - 8) / 2 - 15;
    const slotW = (chX1 - chX0) / cap;
    const packets = channelPackets(lane).filter((p) => p.read < PACKET_SIZE);
    items.push(
      <Clickable
        key="ch"
        label={`Channel ${title}: ${lane.bytes.length} of ${cfg.laneBytes} bytes; explain`}
        onActivate={() => onExplain(explainChannel(model, lane.id))}
        testId={`channel-${lane.id}`}
      >
        <rect x={chX0} y={cy} width={chX1 - chX0} height={30} rx={6} className="vp-channel" />
        <text x={(chX0 + chX1) / 2} y={cy + 44} textAnchor="middle" className="vp-small">
          {lane.bytes.length}/{cfg.laneBytes} B in the channel {fromHost ? '→' : '←'}
        </text>
        {packets.map((p, k) => {
          const slot = fromHost ? cap - 1 - k : k;
          const px = chX0 + slot * slotW + 2;
          const pw = Math.max(2, slotW - 4);
          const readFrac = p.read / PACKET_SIZE;
          const ctrl = p.op !== 'data';
          return (
            <Fragment key={k}>
              {WORD_GAP}
              <g data-conn={p.conn} data-op={p.op} className="vp-packet">
                <title>{`${connName(w, p.conn)}: ${ctrl ? p.op.toUpperCase().replace('-', '_') : `${p.payload} bytes of data`}${p.read ? ` (${p.read} of ${PACKET_SIZE} bytes already read)` : ''}`}</title>
                <rect
                  x={px}
                  y={cy + 4}
                  width={pw}
                  height={22}
                  rx={3}
                  fill={ctrl ? 'none' : connColor(p.conn)}
                  stroke={connColor(p.conn)}
                  strokeWidth={ctrl ? 2 : 0}
                  opacity={ctrl ? 1 : 0.9}
                />
                {p.read > 0 && (
                  <rect
                    x={fromHost ? px + pw * (1 - readFrac) : px}
                    y={cy + 4}
                    width={pw * readFrac}
                    height={22}
                    className="vp-packet-read"
                  />
                )}
                {pw > 22 && (
                  <text
                    x={px + pw / 2}
                    y={cy + 19}
                    textAnchor="middle"
                    className={ctrl ? 'vp-packet-ctl' : 'vp-packet-text'}
                  >
                    {ctrl ? (p.op === 'credit-update' ? 'CU' : 'CR') : p.payload}
                  </text>
                )}
              </g>
            </Fragment>
          );
        })}
      </Clickable>,
    );
    blocks.push(
      <g key={lane.id} data-lane={lane.id} className={lane.pending ? 'vp-lane is-blocked' : 'vp-lane'}>
        {items}
      </g>,
    );
    y = top + h + 14;
  }

  return (
    <section className="panel vp-streams" aria-labelledby="vp-streams-h">
      <header className="panel-head">
        <h2 id="vp-streams-h">Streams</h2>
        <span className="muted small">
          host on the left, guest on the right · bars: socket buffers ({cfg.sockBufBytes} B each)
          {credit ? ' · thin bars: credit window' : ''} · blocks in the channel: {PACKET_SIZE}-byte packets, number =
          payload bytes{credit ? ', CU/CR = CREDIT_UPDATE/REQUEST' : ''}
        </span>
      </header>
      <div ref={wrap}>
        <svg
          width={W}
          height={y}
          className="vp-streams-svg"
          role="group"
          aria-label="Streams between host and guest processes through the proxy"
        >
          {blocks}
        </svg>
      </div>
    </section>
  );
}

export const Streams = memo(StreamsImpl);
