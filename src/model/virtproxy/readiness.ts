/**
 * Which agents of a virtproxy run can make progress now (the scheduler gives only those a turn): a process whose
 * next action can go ahead, a multiplexer with a packet to send and room on the channel, a demultiplexer with bytes
 * to read or a blocked delivery that now fits. The multiplexer's choice is also what it then does.
 */
import { peerFree } from './credit';
import { OP_CREDIT_REQUEST, OP_CREDIT_UPDATE, OP_RW, PACKET_SIZE, type PacketOp } from './packet';
import { other } from './topology';
import type { Lane, ProcState } from './types';
import { type AgentWorld, findLane, findProc } from './agent-world';

/** Whether agent (`proc:…`, `mux:…`, `demux:…`) could act now. */
export function canProgress(w: AgentWorld, agent: string): boolean {
  const [kind, ...rest] = agent.split(':');
  const id = rest.join(':');
  if (kind === 'proc') return procCanProgress(w, findProc(w.s, id));
  const lane = findLane(w.s, id);
  return kind === 'mux' ? muxChoice(w, lane) !== null : demuxCanProgress(w, lane);
}

function procCanProgress(w: AgentWorld, p: ProcState): boolean {
  if (p.status !== 'ready') return false;
  const act = w.workload.scripts[p.name][p.pc];
  switch (act.a) {
    case 'send':
      return w.s.conns[act.conn][p.side].tx.length < w.config.sockBufBytes;
    case 'recv':
      return w.s.conns[act.conn][p.side].rx.length > 0;
    case 'await':
      return p.signals.includes(`${act.from}:${act.label}`);
    default:
      return true;
  }
}

/** The connection the multiplexer would serve next and with what, or null if it cannot act. */
export function muxChoice(w: AgentWorld, lane: Lane): { conn: number; op: PacketOp } | null {
  if (lane.bytes.length + PACKET_SIZE > w.config.laneBytes) return null;
  const n = lane.conns.length;
  for (let k = 0; k < n; k++) {
    const conn = lane.conns[(lane.rr + k) % n];
    const ep = w.s.conns[conn][lane.from];
    if (w.config.mode !== 'credit') {
      if (ep.tx.length > 0) return { conn, op: OP_RW };
      continue;
    }
    if (ep.credit.needUpdate) return { conn, op: OP_CREDIT_UPDATE };
    if (ep.tx.length > 0 && peerFree(ep.credit) > 0) return { conn, op: OP_RW };
    if (ep.tx.length > 0 && !ep.credit.creditRequested) return { conn, op: OP_CREDIT_REQUEST };
  }
  return null;
}

function demuxCanProgress(w: AgentWorld, lane: Lane): boolean {
  if (lane.pending) return w.s.conns[lane.pending.conn][other(lane.from)].rx.length < w.config.sockBufBytes;
  return lane.buf.length >= PACKET_SIZE || lane.bytes.length > 0;
}
