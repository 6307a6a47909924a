import { describe, expect, it } from 'vitest';
import {
  encodePacket,
  OP_CREDIT_UPDATE,
  OP_RW,
  PACKET_SIZE,
  VIRTPROXY_SCENARIOS,
  VirtproxyModel,
  waitEdges,
  type Lane,
} from '../../model/virtproxy';
import { agentColumn, channelPackets, cycleKeys, graphNodes, procStatus } from './derive';

const lane = (buf: number[], bytes: number[]): Lane => ({
  id: 'h2g',
  from: 'host',
  conns: [0, 1],
  bytes,
  rr: 0,
  buf,
  pending: null,
  blockedSince: null,
  blockedNs: 0,
});
const pkt = (conn: number, n: number, op: 1 | 2 = OP_RW) =>
  encodePacket({ op, conn, bufAlloc: 0, fwdCnt: 0, payload: new Array(n).fill(7) });

describe('channelPackets', () => {
  it('splits the reader buffer and the channel into packets, marking how much was read', () => {
    const stream = [...pkt(0, 40), ...pkt(1, 48), ...pkt(1, 0, OP_CREDIT_UPDATE)];
    const l = lane(stream.slice(0, 100), stream.slice(100));
    const ps = channelPackets(l);
    expect(ps.map((p) => [p.conn, p.op, p.payload, p.read])).toEqual([
      [0, 'data', 40, PACKET_SIZE],
      [1, 'data', 48, 100 - PACKET_SIZE],
      [1, 'credit-update', 0, 0],
    ]);
  });

  it('matches the model’s lanes at every step of every scenario', () => {
    for (const sc of VIRTPROXY_SCENARIOS) {
      const m = new VirtproxyModel(sc.workload, sc.config, sc.seed);
      while (m.step()) {
        for (const l of m.view().lanes) {
          const ps = channelPackets(l);
          expect(ps.length * PACKET_SIZE).toBe(l.buf.length + l.bytes.length);
          expect(ps.reduce((a, p) => a + p.read, 0)).toBe(l.buf.length);
        }
      }
    }
  });
});

describe('wait-for graph layout', () => {
  it('puts host processes left, guest processes right, each proxy agent on its own side', () => {
    const sc = VIRTPROXY_SCENARIOS.find((s) => s.id === 'review-deadlock')!;
    const m = new VirtproxyModel(sc.workload, sc.config, sc.seed);
    const s = m.view();
    expect(agentColumn('proc:Alice', s)).toBe(0);
    expect(agentColumn('proc:Joe', s)).toBe(3);
    expect(agentColumn('mux:h2g', s)).toBe(1);
    expect(agentColumn('demux:h2g', s)).toBe(2);
    expect(agentColumn('mux:g2h', s)).toBe(2);
    expect(agentColumn('demux:g2h', s)).toBe(1);
    const nodes = graphNodes(s);
    expect(new Set(nodes.map((n) => `${n.col},${n.row}`)).size).toBe(nodes.length);
  });

  it('names the deadlock: every cycle edge is an edge of the graph, and Joe waits', () => {
    const sc = VIRTPROXY_SCENARIOS.find((s) => s.id === 'review-deadlock')!;
    const m = new VirtproxyModel(sc.workload, sc.config, sc.seed);
    m.runToEnd();
    const s = m.view();
    const edges = waitEdges(s, m.config, m.workload);
    const keys = new Set(edges.map((e) => `${e.from}→${e.to}`));
    for (const k of cycleKeys(s.deadlock!.cycle)) expect(keys.has(k)).toBe(true);
    expect(procStatus(s, 'Joe', edges).status).toBe('waiting');
    expect(cycleKeys(null).size).toBe(0);
  });
});
