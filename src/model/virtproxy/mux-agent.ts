/**
 * A multiplexer's turn in a virtproxy run: it packs the connection it chose (round robin) into one fixed-size
 * packet on the lane's channel, data or, with credit flow control, a CREDIT_UPDATE or CREDIT_REQUEST.
 */
import { onSent, peerFree } from './credit';
import { encodePacket, OP_CREDIT_REQUEST, OP_CREDIT_UPDATE, OP_RW, PACKET_DATA, PACKET_SIZE } from './packet';
import { agentLabel, connName } from './topology';
import type { Lane, VpEvent } from './types';
import { type AgentWorld, cap, vpEvent } from './agent-world';
import { muxChoice } from './readiness';

export function muxAct(w: AgentWorld, lane: Lane, agent: string): VpEvent {
  const choice = muxChoice(w, lane)!;
  const { conn, op } = choice;
  lane.rr = (lane.conns.indexOf(conn) + 1) % lane.conns.length;
  const ep = w.s.conns[conn][lane.from];
  const who = agentLabel(w.workload, agent);
  let payload: number[] = [];
  if (op === OP_RW) {
    const limit = w.config.mode === 'credit' ? Math.min(PACKET_DATA, peerFree(ep.credit)) : PACKET_DATA;
    payload = ep.tx.splice(0, Math.min(limit, ep.tx.length));
    ep.muxed += payload.length;
  }
  const header = { bufAlloc: 0, fwdCnt: 0 };
  if (w.config.mode === 'credit') {
    header.bufAlloc = ep.credit.bufAlloc;
    header.fwdCnt = ep.credit.fwdCnt;
    if (op === OP_CREDIT_REQUEST) ep.credit.creditRequested = true;
    onSent(ep.credit, payload.length);
  }
  lane.bytes.push(...encodePacket({ op, conn, bufAlloc: header.bufAlloc, fwdCnt: header.fwdCnt, payload }));
  const name = connName(w.workload, conn);
  if (op === OP_RW) {
    w.s.stats.dataPackets++;
    const credit = w.config.mode === 'credit' ? ` (credit left: ${peerFree(ep.credit)} bytes)` : '';
    return vpEvent(
      w,
      'mux-packet',
      `${cap(who)} packs ${payload.length} bytes of ${name} into a ${PACKET_SIZE}-byte packet on the channel${credit}.`,
      { agent, conn, bytes: payload.length },
    );
  }
  w.s.stats.controlPackets++;
  if (op === OP_CREDIT_UPDATE) {
    w.s.stats.creditUpdates++;
    return vpEvent(
      w,
      'mux-packet',
      `${cap(who)} sends a CREDIT_UPDATE for ${name}: its application has consumed ${ep.credit.fwdCnt} bytes in all (fwd_cnt), so the peer may send more.`,
      { agent, conn, bytes: 0 },
    );
  }
  w.s.stats.creditRequests++;
  return vpEvent(
    w,
    'mux-packet',
    `${cap(who)} has data for ${name} but no credit: it sends a CREDIT_REQUEST and serves other connections meanwhile.`,
    { agent, conn, bytes: 0 },
  );
}
