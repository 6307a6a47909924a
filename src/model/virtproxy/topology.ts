/** Which channel lanes exist in each mode, which lane carries a connection, and readable names. */
import { initialCredit } from './credit';
import type { ConnState, Endpoint, Lane, MuxMode, VirtproxyConfig } from './types';
import type { Side, Workload } from './workload';

export const other = (s: Side): Side => (s === 'host' ? 'guest' : 'host');
const dirOf = (from: Side) => (from === 'host' ? 'h2g' : 'g2h');

export function laneId(mode: MuxMode, conn: number, from: Side): string {
  return mode === 'ports' ? `${dirOf(from)}:${conn}` : dirOf(from);
}

function lane(id: string, from: Side, conns: number[]): Lane {
  return { id, from, conns, bytes: [], rr: 0, buf: [], pending: null, blockedSince: null, blockedNs: 0 };
}

export function buildLanes(cfg: VirtproxyConfig, w: Workload): Lane[] {
  const all = w.connections.map((_, i) => i);
  if (cfg.mode !== 'ports') return [lane('h2g', 'host', all), lane('g2h', 'guest', all)];
  // virtio-serial: each connection gets its own port, i.e. its own queue in each direction.
  return all.flatMap((c) => [lane(`h2g:${c}`, 'host', [c]), lane(`g2h:${c}`, 'guest', [c])]);
}

function endpoint(cfg: VirtproxyConfig): Endpoint {
  return {
    tx: [],
    rx: [],
    sent: 0,
    muxed: 0,
    delivered: 0,
    read: 0,
    credit: initialCredit(cfg.sockBufBytes, cfg.sockBufBytes),
  };
}

export function buildConns(cfg: VirtproxyConfig, w: Workload): ConnState[] {
  return w.connections.map(() => ({ host: endpoint(cfg), guest: endpoint(cfg) }));
}

export function connName(w: Workload, conn: number): string {
  const c = w.connections[conn];
  return `${c.host}↔${c.guest}`;
}

/** "proc:Joe" → "Joe"; "mux:h2g" → "the host multiplexer"; ports get their connection named. */
export function agentLabel(w: Workload, id: string): string {
  const [kind, dir, conn] = id.split(':');
  if (kind === 'proc') return dir;
  const from: Side = dir === 'h2g' ? 'host' : 'guest';
  const port = conn !== undefined ? ` of port ${conn} (${connName(w, Number(conn))})` : '';
  return kind === 'mux' ? `the ${from} multiplexer${port}` : `the ${other(from)} demultiplexer${port}`;
}
