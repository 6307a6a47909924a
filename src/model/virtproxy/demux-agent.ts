/**
 * A demultiplexer's turn in a virtproxy run: it reads a chunk from the channel, cuts whole packets out of what it
 * holds and delivers each to the receiving socket, blocking (and so holding up every other connection on the
 * lane) while a packet does not fit.
 */
import { onHeader } from './credit';
import { VirtproxyInvariantError } from './errors';
import { decodePacket, OP_CREDIT_REQUEST, OP_CREDIT_UPDATE, PACKET_SIZE } from './packet';
import { agentLabel, connName, other } from './topology';
import type { Lane, VpEvent } from './types';
import { type AgentWorld, cap, vpEvent } from './agent-world';

function deliver(w: AgentWorld, lane: Lane, conn: number, data: number[]): number[] {
  const ep = w.s.conns[conn][other(lane.from)];
  const n = Math.min(data.length, w.config.sockBufBytes - ep.rx.length);
  ep.rx.push(...data.slice(0, n));
  ep.delivered += n;
  return data.slice(n);
}

export function demuxAct(w: AgentWorld, lane: Lane, agent: string): VpEvent {
  const who = agentLabel(w.workload, agent);
  const side = other(lane.from);
  const receiver = (conn: number) =>
    side === 'host' ? w.workload.connections[conn].host : w.workload.connections[conn].guest;
  if (lane.pending) {
    const { conn } = lane.pending;
    const before = lane.pending.data.length;
    const rest = deliver(w, lane, conn, lane.pending.data);
    const n = before - rest.length;
    if (rest.length === 0) {
      lane.pending = null;
      lane.blockedNs += w.sched.now - (lane.blockedSince ?? w.sched.now);
      lane.blockedSince = null;
      return vpEvent(
        w,
        'demux-deliver',
        `${receiver(conn)} made room: ${who} delivers the last ${n} bytes of the packet and is unblocked.`,
        { agent, conn, bytes: n },
      );
    }
    lane.pending.data = rest;
    return vpEvent(
      w,
      'demux-deliver',
      `${who} squeezes ${n} more bytes into ${receiver(conn)}'s socket; ${rest.length} still do not fit, so it stays blocked.`,
      { agent, conn, bytes: n, blocked: true },
    );
  }
  if (lane.buf.length >= PACKET_SIZE) {
    const pkt = decodePacket(lane.buf.splice(0, PACKET_SIZE));
    const name = connName(w.workload, pkt.conn);
    const ep = w.s.conns[pkt.conn][side];
    if (w.config.mode === 'credit') onHeader(ep.credit, pkt.bufAlloc, pkt.fwdCnt);
    if (pkt.op === OP_CREDIT_UPDATE)
      return vpEvent(
        w,
        'demux-packet',
        `${cap(who)} reads a CREDIT_UPDATE for ${name}: the peer has consumed ${pkt.fwdCnt} bytes of a ${pkt.bufAlloc}-byte buffer.`,
        { agent, conn: pkt.conn },
      );
    if (pkt.op === OP_CREDIT_REQUEST) {
      ep.credit.needUpdate = true;
      return vpEvent(
        w,
        'demux-packet',
        `${cap(who)} reads a CREDIT_REQUEST for ${name} and will answer with a CREDIT_UPDATE.`,
        { agent, conn: pkt.conn },
      );
    }
    if (w.config.mode === 'credit' && ep.rx.length + pkt.payload.length > ep.credit.bufAlloc) {
      // A real receiver would drop this packet; a correct sender never causes it.
      throw new VirtproxyInvariantError('credit-violated', `packet for ${name} exceeds the receive buffer`);
    }
    const rest = deliver(w, lane, pkt.conn, pkt.payload);
    if (rest.length === 0)
      return vpEvent(
        w,
        'demux-packet',
        `${cap(who)} cuts a whole packet out of its buffer and delivers ${pkt.payload.length} bytes to ${receiver(pkt.conn)} (${name}).`,
        { agent, conn: pkt.conn, bytes: pkt.payload.length },
      );
    lane.pending = { conn: pkt.conn, data: rest };
    lane.blockedSince = w.sched.now;
    return vpEvent(
      w,
      'demux-packet',
      `${cap(who)} has a packet for ${receiver(pkt.conn)} (${name}), but only ${pkt.payload.length - rest.length} of its ${pkt.payload.length} bytes fit in ${receiver(pkt.conn)}'s socket. The write blocks, and while it does no packet for any other connection is read.`,
      { agent, conn: pkt.conn, bytes: pkt.payload.length - rest.length, blocked: true },
    );
  }
  const n = Math.min(lane.bytes.length, w.chunks.int(1, w.config.chunkMaxBytes));
  lane.buf.push(...lane.bytes.splice(0, n));
  w.s.stats.chunks++;
  const whole = Math.floor(lane.buf.length / PACKET_SIZE);
  const part = lane.buf.length % PACKET_SIZE;
  return vpEvent(
    w,
    'demux-read',
    `${cap(who)} reads ${n} bytes from the channel; it now holds ${whole} whole packet${whole === 1 ? '' : 's'}${part ? ` and ${part} bytes of a partial one, kept until the rest arrives` : ''}.`,
    { agent, bytes: n },
  );
}
