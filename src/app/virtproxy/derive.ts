/**
 * What the virtproxy view draws, computed from the model's state. Pure; unit-tested.
 */
import {
  decodePacket,
  OP_CREDIT_REQUEST,
  OP_CREDIT_UPDATE,
  PACKET_SIZE,
  type Lane,
  type VirtproxyState,
  type WaitEdge,
} from '../../model/virtproxy';

export interface ChannelPacket {
  conn: number;
  op: 'data' | 'credit-update' | 'credit-request';
  payload: number;
  /** Bytes of this packet the demultiplexer has already read off the channel (0..PACKET_SIZE). */
  read: number;
}

/**
 * The packets of one lane, oldest first: those the demultiplexer has read (whole or in part) and
 * those still in the channel. The reader's buffer always starts at a packet boundary and the
 * multiplexer writes whole packets, so buffer + channel is a whole number of packets.
 */
export function channelPackets(lane: Lane): ChannelPacket[] {
  const all = lane.buf.concat(lane.bytes);
  const out: ChannelPacket[] = [];
  for (let at = 0; at + PACKET_SIZE <= all.length; at += PACKET_SIZE) {
    const p = decodePacket(all.slice(at, at + PACKET_SIZE));
    out.push({
      conn: p.conn,
      op: p.op === OP_CREDIT_UPDATE ? 'credit-update' : p.op === OP_CREDIT_REQUEST ? 'credit-request' : 'data',
      payload: p.payload.length,
      read: Math.max(0, Math.min(PACKET_SIZE, lane.buf.length - at)),
    });
  }
  return out;
}

/** Column of the wait-for graph: host processes, host-side proxy, guest-side proxy, guest processes. */
export function agentColumn(id: string, s: Readonly<VirtproxyState>): number {
  const [kind, ...rest] = id.split(':');
  if (kind === 'proc') return s.procs.find((p) => p.name === rest[0])?.side === 'host' ? 0 : 3;
  const lane = s.lanes.find((l) => l.id === rest.join(':'));
  const hostSide = (kind === 'mux') === (lane?.from === 'host');
  return hostSide ? 1 : 2;
}

export interface GraphNode {
  id: string;
  col: number;
  row: number;
}

/** Every agent in a stable place, so the graph does not jump between steps. */
export function graphNodes(s: Readonly<VirtproxyState>): GraphNode[] {
  const ids = [...s.procs.map((p) => `proc:${p.name}`), ...s.lanes.flatMap((l) => [`mux:${l.id}`, `demux:${l.id}`])];
  const rows = [0, 0, 0, 0];
  return ids.map((id) => {
    const col = agentColumn(id, s);
    return { id, col, row: rows[col]++ };
  });
}

/** Keys "from→to" of the cycle's edges, for highlighting. */
export function cycleKeys(cycle: readonly WaitEdge[] | null | undefined): Set<string> {
  return new Set((cycle ?? []).map((e) => `${e.from}→${e.to}`));
}

export type ProcStatus = 'done' | 'sleeping' | 'waiting' | 'ready';

/** A process's state in one word, and the reason if it waits on someone. */
export function procStatus(
  s: Readonly<VirtproxyState>,
  name: string,
  edges: readonly WaitEdge[],
): { status: ProcStatus; reason: string | null } {
  const p = s.procs.find((x) => x.name === name)!;
  if (p.status === 'done') return { status: 'done', reason: null };
  if (p.status === 'sleeping') return { status: 'sleeping', reason: null };
  const e = edges.find((x) => x.from === `proc:${name}`);
  return e ? { status: 'waiting', reason: e.reason } : { status: 'ready', reason: null };
}
