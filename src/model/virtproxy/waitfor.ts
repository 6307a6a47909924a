/**
 * Wait-for graph of a stuck run. Every blocked agent waits for exactly one other agent, so
 * following the edges from any blocked agent must end in a cycle: that cycle is the deadlock.
 */
import { peerFree } from './credit';
import { PACKET_SIZE } from './packet';
import { agentLabel, laneId, other } from './topology';
import type { DeadlockInfo, VirtproxyConfig, VirtproxyState, WaitEdge } from './types';
import type { Workload } from './workload';

export function waitEdges(s: VirtproxyState, cfg: VirtproxyConfig, w: Workload): WaitEdge[] {
  const edges: WaitEdge[] = [];
  const L = (id: string) => agentLabel(w, id);
  const peerOf = (conn: number, side: 'host' | 'guest') =>
    side === 'host' ? w.connections[conn].guest : w.connections[conn].host;
  for (const p of s.procs) {
    if (p.status !== 'ready') continue;
    const act = w.scripts[p.name][p.pc];
    const me = `proc:${p.name}`;
    if (act.a === 'send') {
      const ep = s.conns[act.conn][p.side];
      if (ep.tx.length < cfg.sockBufBytes) continue;
      const peer = peerOf(act.conn, p.side);
      if (cfg.mode === 'credit' && peerFree(ep.credit) === 0) {
        edges.push({
          from: me,
          to: `proc:${peer}`,
          reason: `${p.name} has no credit left to send to ${peer}: it waits for ${peer} to read`,
        });
      } else {
        const mux = `mux:${laneId(cfg.mode, act.conn, p.side)}`;
        edges.push({
          from: me,
          to: mux,
          reason: `${p.name}'s socket buffer is full: ${p.name} waits for ${L(mux)} to take data`,
        });
      }
    } else if (act.a === 'recv') {
      const mine = s.conns[act.conn][p.side];
      if (mine.rx.length > 0) continue;
      const peerSide = other(p.side);
      const theirs = s.conns[act.conn][peerSide];
      const lid = laneId(cfg.mode, act.conn, peerSide);
      const sender = peerOf(act.conn, p.side);
      if (theirs.muxed > mine.delivered) {
        edges.push({
          from: me,
          to: `demux:${lid}`,
          reason: `${p.name} waits for ${sender}'s data, which is in the channel behind ${L(`demux:${lid}`)}`,
        });
      } else if (theirs.tx.length > 0) {
        edges.push({
          from: me,
          to: `mux:${lid}`,
          reason: `${p.name} waits for ${sender}'s data, still in ${sender}'s socket waiting for ${L(`mux:${lid}`)}`,
        });
      } else {
        edges.push({ from: me, to: `proc:${sender}`, reason: `${p.name} waits for ${sender} to send ${act.label}` });
      }
    } else if (act.a === 'await') {
      if (p.signals.includes(`${act.from}:${act.label}`)) continue;
      edges.push({ from: me, to: `proc:${act.from}`, reason: `${p.name} waits for ${act.from} to say "${act.label}"` });
    }
  }
  for (const lane of s.lanes) {
    const mux = `mux:${lane.id}`;
    const demux = `demux:${lane.id}`;
    const hasData = lane.conns.some((c) => s.conns[c][lane.from].tx.length > 0);
    if (hasData && lane.bytes.length + PACKET_SIZE > cfg.laneBytes) {
      edges.push({ from: mux, to: demux, reason: `the channel is full: ${L(mux)} waits for ${L(demux)} to read` });
    }
    if (lane.pending) {
      const side = other(lane.from);
      const ep = s.conns[lane.pending.conn][side];
      if (ep.rx.length >= cfg.sockBufBytes) {
        const who = side === 'host' ? w.connections[lane.pending.conn].host : w.connections[lane.pending.conn].guest;
        edges.push({
          from: demux,
          to: `proc:${who}`,
          reason: `${who}'s socket buffer is full: ${L(demux)} is blocked until ${who} reads, and reads nothing else meanwhile`,
        });
      }
    }
  }
  return edges;
}

/** The first cycle found by following out-edges from each blocked agent in turn. */
export function findCycle(edges: WaitEdge[]): WaitEdge[] | null {
  const out = new Map<string, WaitEdge>();
  for (const e of edges) if (!out.has(e.from)) out.set(e.from, e);
  for (const start of out.keys()) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let node: string | undefined = start;
    while (node !== undefined && out.has(node)) {
      if (onPath.has(node)) return path.slice(onPath.get(node)).map((n) => out.get(n)!);
      onPath.set(node, path.length);
      path.push(node);
      node = out.get(node)!.to;
    }
  }
  return null;
}

export function detectDeadlock(s: VirtproxyState, cfg: VirtproxyConfig, w: Workload): DeadlockInfo | null {
  const edges = waitEdges(s, cfg, w);
  const cycle = findCycle(edges);
  return cycle ? { edges, cycle } : null;
}
