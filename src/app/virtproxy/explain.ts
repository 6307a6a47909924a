/** Explanations, in words, of what one can click in the virtproxy view. */
import {
  agentLabel,
  connName,
  PACKET_DATA,
  PACKET_SIZE,
  peerFree,
  type Side,
  type VirtproxyModel,
  type WaitEdge,
} from '../../model/virtproxy';
import type { Explanation } from '../kit/Widgets';
import { channelPackets, procStatus } from './derive';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function explainProc(m: VirtproxyModel, name: string, edges: WaitEdge[]): Explanation {
  const s = m.view();
  const p = s.procs.find((x) => x.name === name)!;
  const script = m.workload.scripts[name];
  const st = procStatus(s, name, edges);
  const act = script[p.pc];
  const lines = [
    `A process on the ${p.side}. Its script has ${script.length} step${script.length === 1 ? '' : 's'}; it is at step ${Math.min(p.pc + 1, script.length)}.`,
  ];
  if (act && p.status !== 'done') {
    const what =
      act.a === 'send'
        ? `sending ${act.label} (${act.bytes} bytes, ${p.progress} written)`
        : act.a === 'recv'
          ? `receiving ${act.label} (${act.bytes} bytes, ${p.progress} read)`
          : act.a === 'await'
            ? `waiting to hear "${act.label}" from ${act.from} (a local pipe, not through the proxy)`
            : act.a === 'signal'
              ? `about to tell ${act.to} "${act.label}"`
              : `busy for ${act.ns} ns`;
    lines.push(`Now: ${what}.`);
  }
  if (st.reason) lines.push(`Blocked: ${st.reason}.`);
  if (p.status === 'done') lines.push('Done: its whole script ran.');
  return { title: `${name} (${st.status})`, lines };
}

export function explainBuffer(m: VirtproxyModel, conn: number, side: Side, which: 'tx' | 'rx'): Explanation {
  const ep = m.view().conns[conn][side];
  const c = m.workload.connections[conn];
  const owner = side === 'host' ? c.host : c.guest;
  const cfg = m.config;
  const lines =
    which === 'tx'
      ? [
          `${ep.tx.length} of ${cfg.sockBufBytes} bytes: written by ${owner}, not yet taken by the ${side} multiplexer. When it is full, ${owner} blocks in write().`,
          `${ep.sent} bytes written in all, ${ep.muxed} of them packed onto the channel.`,
        ]
      : [
          `${ep.rx.length} of ${cfg.sockBufBytes} bytes: delivered by the ${side} demultiplexer, not yet read by ${owner}. When it is full, the demultiplexer’s write blocks${cfg.mode === 'shared' ? ' — and with one shared reader, every other connection stops too' : ''}.`,
          `${ep.delivered} bytes delivered in all, ${ep.read} of them read by ${owner}.`,
        ];
  if (cfg.mode === 'credit') {
    const cr = ep.credit;
    if (which === 'tx')
      lines.push(
        `Credit: ${owner} may send ${peerFree(cr)} more bytes = peer_buf_alloc ${cr.peerBufAlloc} − (tx_cnt ${cr.txCnt} − peer_fwd_cnt ${cr.peerFwdCnt}).${peerFree(cr) === 0 ? ' No credit: the multiplexer sends nothing for this connection until a CREDIT_UPDATE arrives.' : ''}`,
      );
    else
      lines.push(
        `Credit: buf_alloc ${cr.bufAlloc}, fwd_cnt ${cr.fwdCnt} (last told to the peer: ${cr.lastFwdCntSent}).${cr.needUpdate ? ' A CREDIT_UPDATE is due.' : ''}`,
      );
  }
  return { title: `${owner}’s ${which === 'tx' ? 'send' : 'receive'} buffer (${connName(m.workload, conn)})`, lines };
}

export function explainAgent(m: VirtproxyModel, id: string, edges: WaitEdge[]): Explanation {
  const s = m.view();
  const [kind, ...rest] = id.split(':');
  if (kind === 'proc') return explainProc(m, rest[0], edges);
  const lane = s.lanes.find((l) => l.id === rest.join(':'))!;
  const name = agentLabel(m.workload, id);
  const e = edges.find((x) => x.from === id);
  const lines: string[] = [];
  if (kind === 'mux') {
    lines.push(
      `Takes data from the ${lane.from} processes’ sockets, round robin, and writes it to the channel in ${PACKET_SIZE}-byte packets (${PACKET_DATA} bytes of payload each).`,
    );
    lines.push(`The channel holds ${lane.bytes.length} of ${m.config.laneBytes} bytes.`);
  } else {
    lines.push(
      `Reads the channel in chunks of any size (1–${m.config.chunkMaxBytes} bytes), keeps partial packets until the rest arrives, and writes each whole packet’s payload into the receiving socket.`,
    );
    lines.push(`It holds ${lane.buf.length} bytes read but not yet cut into packets.`);
    if (lane.pending) {
      const c = m.workload.connections[lane.pending.conn];
      const who = lane.from === 'host' ? c.guest : c.host;
      lines.push(
        `Blocked: ${lane.pending.data.length} bytes for ${who} do not fit in ${who}’s full socket. It is a single blocking reader, so no packet for any connection on this channel moves until ${who} reads.`,
      );
    }
  }
  if (e) lines.push(`Waits: ${e.reason}.`);
  return { title: cap(name), lines };
}

export function explainChannel(m: VirtproxyModel, laneId: string): Explanation {
  const lane = m.view().lanes.find((l) => l.id === laneId)!;
  const ps = channelPackets(lane);
  const per = new Map<string, number>();
  for (const p of ps) {
    const k = `${connName(m.workload, p.conn)}${p.op === 'data' ? '' : ` ${p.op.toUpperCase().replace('-', '_')}`}`;
    per.set(k, (per.get(k) ?? 0) + 1);
  }
  return {
    title: `Channel ${lane.from === 'host' ? 'host → guest' : 'guest → host'}${lane.conns.length === 1 ? ` (port of ${connName(m.workload, lane.conns[0])})` : ''}`,
    lines: [
      `${lane.bytes.length} of ${m.config.laneBytes} bytes in the channel, ${lane.buf.length} more already read by the demultiplexer.`,
      ps.length ? `Packets, oldest first: ${[...per].map(([k, n]) => `${n}× ${k}`).join(', ')}.` : 'Empty.',
      'A byte stream: it delivers bytes in order but in arbitrary chunks, so packets are fixed-size and the reader reassembles them.',
    ],
  };
}

export function explainEdge(m: VirtproxyModel, e: WaitEdge, inCycle: boolean): Explanation {
  return {
    title: `${cap(agentLabel(m.workload, e.from))} waits for ${agentLabel(m.workload, e.to)}`,
    lines: [
      `${cap(e.reason)}.`,
      inCycle
        ? 'This edge is part of the cycle: following the waits from here leads back here, so none of them can ever move.'
        : 'Not (yet) part of a cycle: the one waited for can still move.',
    ],
  };
}
