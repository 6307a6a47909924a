/**
 * Several connections multiplexed over one byte stream, step by step. Agents — the processes, and
 * for each lane a multiplexer and a demultiplexer — each act when they can make progress, after a
 * small seeded delay. A run ends when nothing is scheduled: either every script finished, or the
 * agents left are all blocked, and then the wait-for graph names the cycle.
 */
import type { Steppable } from '../sim/steppable';
import { Prng } from '../sim/prng';
import { Scheduler } from '../sim/scheduler';
import { DEFAULT_VP_CONFIG, validateVpConfig } from './config';
import { onConsumed, onHeader, onSent, peerFree } from './credit';
import { VirtproxyInvariantError } from './errors';
import { checkVpInvariants } from './invariants';
import {
  decodePacket,
  encodePacket,
  OP_CREDIT_REQUEST,
  OP_CREDIT_UPDATE,
  OP_RW,
  PACKET_DATA,
  PACKET_SIZE,
  streamByte,
  type PacketOp,
} from './packet';
import { agentLabel, buildConns, buildLanes, connName, other } from './topology';
import type { Lane, ProcState, VirtproxyConfig, VirtproxyState, VpEvent, VpPayload } from './types';
import { detectDeadlock } from './waitfor';
import { validateWorkload, type Workload } from './workload';

export interface VirtproxySummary {
  mode: VirtproxyConfig['mode'];
  outcome: VirtproxyState['outcome'];
  timeNs: number;
  steps: number;
  /** Payload bytes written by processes / read by their peers, over all streams. */
  bytesWritten: number;
  bytesRead: number;
  dataPackets: number;
  controlPackets: number;
  creditUpdates: number;
  creditRequests: number;
  /** Total time demultiplexers spent blocked on a full socket buffer. */
  demuxBlockedNs: number;
  /** The deadlock cycle as readable agent names, if any. */
  cycle: string[] | null;
}

export interface VirtproxyOptions {
  checkInvariants?: boolean;
}

export class VirtproxyModel implements Steppable<VirtproxyState, VpEvent> {
  readonly config: VirtproxyConfig;
  readonly workload: Workload;
  readonly seed: number;
  private s: VirtproxyState;
  private sched = new Scheduler<VpPayload>();
  private timing: Prng;
  private chunks: Prng;
  private readonly check: boolean;
  private readonly agents: string[];

  constructor(workload: Workload, config: Partial<VirtproxyConfig> = {}, seed = 0, opts: VirtproxyOptions = {}) {
    this.config = { ...DEFAULT_VP_CONFIG, ...config };
    validateVpConfig(this.config);
    validateWorkload(workload);
    this.workload = structuredClone(workload);
    this.seed = seed >>> 0;
    this.check = opts.checkInvariants ?? true;
    this.timing = Prng.stream(this.seed, 'virtproxy-timing');
    this.chunks = Prng.stream(this.seed, 'virtproxy-chunks');
    const lanes = buildLanes(this.config, workload);
    const procs: ProcState[] = workload.processes.map((p) => ({
      name: p.name,
      side: p.side,
      pc: 0,
      progress: 0,
      status: workload.scripts[p.name].length ? 'ready' : 'done',
      signals: [],
    }));
    this.agents = [...procs.map((p) => `proc:${p.name}`), ...lanes.flatMap((l) => [`mux:${l.id}`, `demux:${l.id}`])];
    this.s = {
      step: 0,
      outcome: 'running',
      finishedAt: null,
      sched: this.sched.save(),
      timingRng: this.timing.save(),
      chunkRng: this.chunks.save(),
      conns: buildConns(this.config, workload),
      lanes,
      procs,
      scheduled: Object.fromEntries(this.agents.map((a) => [a, false])),
      deadlock: null,
      stats: { dataPackets: 0, controlPackets: 0, creditUpdates: 0, creditRequests: 0, chunks: 0 },
    };
    this.scheduleReady();
  }

  get now(): number {
    return this.sched.now;
  }

  get finished(): boolean {
    return this.s.outcome !== 'running';
  }

  /** Read-only view of the current state, for rendering. */
  view(): Readonly<VirtproxyState> {
    return this.s;
  }

  snapshot(): VirtproxyState {
    this.s.sched = this.sched.save();
    this.s.timingRng = this.timing.save();
    this.s.chunkRng = this.chunks.save();
    return structuredClone(this.s);
  }

  restore(state: VirtproxyState): void {
    this.s = structuredClone(state);
    this.sched.restore(this.s.sched);
    this.timing.restore(this.s.timingRng);
    this.chunks.restore(this.s.chunkRng);
  }

  step(): VpEvent | null {
    if (this.s.outcome !== 'running') return null;
    const item = this.sched.pop();
    let ev: VpEvent;
    if (!item) ev = this.finish();
    else {
      this.s.scheduled[item.payload.agent] = false;
      ev = this.act(item.payload.agent);
      this.scheduleReady();
    }
    this.s.step++;
    if (this.check) checkVpInvariants(this.s, this.config);
    return ev;
  }

  run(maxSteps = Number.POSITIVE_INFINITY): VpEvent[] {
    const out: VpEvent[] = [];
    for (let i = 0; i < maxSteps; i++) {
      const e = this.step();
      if (!e) break;
      out.push(e);
    }
    return out;
  }

  runToEnd(maxSteps = 1_000_000): VirtproxySummary {
    for (let i = 0; i < maxSteps && this.step(); i++);
    return this.summary();
  }

  summary(): VirtproxySummary {
    const s = this.s;
    let written = 0;
    let read = 0;
    for (const c of s.conns)
      for (const side of ['host', 'guest'] as const) {
        written += c[side].sent;
        read += c[side].read;
      }
    return {
      mode: this.config.mode,
      outcome: s.outcome,
      timeNs: s.finishedAt ?? this.sched.now,
      steps: s.step,
      bytesWritten: written,
      bytesRead: read,
      dataPackets: s.stats.dataPackets,
      controlPackets: s.stats.controlPackets,
      creditUpdates: s.stats.creditUpdates,
      creditRequests: s.stats.creditRequests,
      demuxBlockedNs: s.lanes.reduce(
        (a, l) => a + l.blockedNs + (l.blockedSince !== null ? this.sched.now - l.blockedSince : 0),
        0,
      ),
      cycle: s.deadlock ? s.deadlock.cycle.map((e) => agentLabel(this.workload, e.from)) : null,
    };
  }

  // ---- scheduling -------------------------------------------------------------------------

  /** Give every idle agent that could now make progress a turn, after a seeded delay. */
  private scheduleReady(): void {
    for (const a of this.agents) {
      if (this.s.scheduled[a] || !this.canProgress(a)) continue;
      this.s.scheduled[a] = true;
      const max = a.startsWith('proc:') ? this.config.procDelayMaxNs : this.config.proxyDelayMaxNs;
      this.sched.schedule(this.timing.int(1, max), { agent: a });
    }
  }

  private proc(name: string): ProcState {
    return this.s.procs.find((p) => p.name === name)!;
  }

  private lane(id: string): Lane {
    return this.s.lanes.find((l) => l.id === id)!;
  }

  private canProgress(agent: string): boolean {
    const [kind, ...rest] = agent.split(':');
    const id = rest.join(':');
    if (kind === 'proc') return this.procCanProgress(this.proc(id));
    const lane = this.lane(id);
    return kind === 'mux' ? this.muxChoice(lane) !== null : this.demuxCanProgress(lane);
  }

  private procCanProgress(p: ProcState): boolean {
    if (p.status !== 'ready') return false;
    const act = this.workload.scripts[p.name][p.pc];
    switch (act.a) {
      case 'send':
        return this.s.conns[act.conn][p.side].tx.length < this.config.sockBufBytes;
      case 'recv':
        return this.s.conns[act.conn][p.side].rx.length > 0;
      case 'await':
        return p.signals.includes(`${act.from}:${act.label}`);
      default:
        return true;
    }
  }

  /** The connection the multiplexer would serve next and with what, or null if it cannot act. */
  private muxChoice(lane: Lane): { conn: number; op: PacketOp } | null {
    if (lane.bytes.length + PACKET_SIZE > this.config.laneBytes) return null;
    const n = lane.conns.length;
    for (let k = 0; k < n; k++) {
      const conn = lane.conns[(lane.rr + k) % n];
      const ep = this.s.conns[conn][lane.from];
      if (this.config.mode !== 'credit') {
        if (ep.tx.length > 0) return { conn, op: OP_RW };
        continue;
      }
      if (ep.credit.needUpdate) return { conn, op: OP_CREDIT_UPDATE };
      if (ep.tx.length > 0 && peerFree(ep.credit) > 0) return { conn, op: OP_RW };
      if (ep.tx.length > 0 && !ep.credit.creditRequested) return { conn, op: OP_CREDIT_REQUEST };
    }
    return null;
  }

  private demuxCanProgress(lane: Lane): boolean {
    if (lane.pending) return this.s.conns[lane.pending.conn][other(lane.from)].rx.length < this.config.sockBufBytes;
    return lane.buf.length >= PACKET_SIZE || lane.bytes.length > 0;
  }

  // ---- actions ------------------------------------------------------------------------------

  private ev(kind: VpEvent['kind'], text: string, extra: Partial<VpEvent> = {}): VpEvent {
    return { step: this.s.step, time: this.sched.now, kind, ...extra, text };
  }

  private act(agent: string): VpEvent {
    const [kind, ...rest] = agent.split(':');
    const id = rest.join(':');
    if (kind === 'proc') return this.procAct(this.proc(id), agent);
    if (kind === 'mux') return this.muxAct(this.lane(id), agent);
    return this.demuxAct(this.lane(id), agent);
  }

  private advance(p: ProcState): void {
    p.pc++;
    p.progress = 0;
    if (p.pc >= this.workload.scripts[p.name].length) p.status = 'done';
  }

  private procAct(p: ProcState, agent: string): VpEvent {
    const act = this.workload.scripts[p.name][p.pc];
    const cfg = this.config;
    if (p.status === 'sleeping') {
      p.status = 'ready';
      this.advance(p);
      return this.ev('wake', `${p.name} wakes up and carries on.`, { agent });
    }
    switch (act.a) {
      case 'sleep':
        p.status = 'sleeping';
        this.s.scheduled[agent] = true;
        this.sched.schedule(act.ns, { agent });
        return this.ev('sleep', `${p.name} is busy with other work for ${act.ns} ns.`, { agent });
      case 'signal': {
        this.proc(act.to).signals.push(`${p.name}:${act.label}`);
        this.advance(p);
        return this.ev('signal', `${p.name} tells ${act.to} "${act.label}" directly (not through the proxy).`, {
          agent,
        });
      }
      case 'await':
        this.advance(p);
        return this.ev('await-done', `${p.name} has heard "${act.label}" from ${act.from} and carries on.`, { agent });
      case 'send': {
        const ep = this.s.conns[act.conn][p.side];
        const n = Math.min(act.bytes - p.progress, cfg.sockBufBytes - ep.tx.length);
        for (let k = 0; k < n; k++) ep.tx.push(streamByte(act.conn, p.side === 'host', ep.sent + k));
        ep.sent += n;
        p.progress += n;
        const left = act.bytes - p.progress;
        if (left === 0) this.advance(p);
        const more =
          left === 0
            ? `That completes ${act.label}.`
            : `${left} bytes of ${act.label} still to write; its socket buffer is full.`;
        return this.ev(
          'send',
          `${p.name} writes ${n} bytes into its socket for ${connName(this.workload, act.conn)}. ${more}`,
          { agent, conn: act.conn, bytes: n },
        );
      }
      case 'recv': {
        const ep = this.s.conns[act.conn][p.side];
        const n = Math.min(act.bytes - p.progress, ep.rx.length);
        const got = ep.rx.splice(0, n);
        got.forEach((b, k) => {
          const want = streamByte(act.conn, p.side === 'guest', ep.read + k);
          if (b !== want)
            throw new VirtproxyInvariantError(
              'byte-mismatch',
              `${p.name} read byte ${ep.read + k} of ${connName(this.workload, act.conn)} wrong: lost or reordered data`,
            );
        });
        ep.read += n;
        p.progress += n;
        if (cfg.mode === 'credit') onConsumed(ep.credit, n, ep.rx.length, cfg.creditLowWater);
        const left = act.bytes - p.progress;
        if (left === 0) this.advance(p);
        const more = left === 0 ? `That completes ${act.label}.` : `${left} bytes of ${act.label} still to come.`;
        return this.ev('recv', `${p.name} reads ${n} bytes from ${connName(this.workload, act.conn)}. ${more}`, {
          agent,
          conn: act.conn,
          bytes: n,
        });
      }
    }
  }

  private muxAct(lane: Lane, agent: string): VpEvent {
    const choice = this.muxChoice(lane)!;
    const { conn, op } = choice;
    lane.rr = (lane.conns.indexOf(conn) + 1) % lane.conns.length;
    const ep = this.s.conns[conn][lane.from];
    const who = agentLabel(this.workload, agent);
    let payload: number[] = [];
    if (op === OP_RW) {
      const limit = this.config.mode === 'credit' ? Math.min(PACKET_DATA, peerFree(ep.credit)) : PACKET_DATA;
      payload = ep.tx.splice(0, Math.min(limit, ep.tx.length));
      ep.muxed += payload.length;
    }
    const header = { bufAlloc: 0, fwdCnt: 0 };
    if (this.config.mode === 'credit') {
      header.bufAlloc = ep.credit.bufAlloc;
      header.fwdCnt = ep.credit.fwdCnt;
      if (op === OP_CREDIT_REQUEST) ep.credit.creditRequested = true;
      onSent(ep.credit, payload.length);
    }
    lane.bytes.push(...encodePacket({ op, conn, bufAlloc: header.bufAlloc, fwdCnt: header.fwdCnt, payload }));
    const name = connName(this.workload, conn);
    if (op === OP_RW) {
      this.s.stats.dataPackets++;
      const credit = this.config.mode === 'credit' ? ` (credit left: ${peerFree(ep.credit)} bytes)` : '';
      return this.ev(
        'mux-packet',
        `${cap(who)} packs ${payload.length} bytes of ${name} into a ${PACKET_SIZE}-byte packet on the channel${credit}.`,
        { agent, conn, bytes: payload.length },
      );
    }
    this.s.stats.controlPackets++;
    if (op === OP_CREDIT_UPDATE) {
      this.s.stats.creditUpdates++;
      return this.ev(
        'mux-packet',
        `${cap(who)} sends a CREDIT_UPDATE for ${name}: its application has consumed ${ep.credit.fwdCnt} bytes in all (fwd_cnt), so the peer may send more.`,
        { agent, conn, bytes: 0 },
      );
    }
    this.s.stats.creditRequests++;
    return this.ev(
      'mux-packet',
      `${cap(who)} has data for ${name} but no credit: it sends a CREDIT_REQUEST and serves other connections meanwhile.`,
      { agent, conn, bytes: 0 },
    );
  }

  private deliver(lane: Lane, conn: number, data: number[]): number[] {
    const ep = this.s.conns[conn][other(lane.from)];
    const n = Math.min(data.length, this.config.sockBufBytes - ep.rx.length);
    ep.rx.push(...data.slice(0, n));
    ep.delivered += n;
    return data.slice(n);
  }

  private demuxAct(lane: Lane, agent: string): VpEvent {
    const who = agentLabel(this.workload, agent);
    const side = other(lane.from);
    const receiver = (conn: number) =>
      side === 'host' ? this.workload.connections[conn].host : this.workload.connections[conn].guest;
    if (lane.pending) {
      const { conn } = lane.pending;
      const before = lane.pending.data.length;
      const rest = this.deliver(lane, conn, lane.pending.data);
      const n = before - rest.length;
      if (rest.length === 0) {
        lane.pending = null;
        lane.blockedNs += this.sched.now - (lane.blockedSince ?? this.sched.now);
        lane.blockedSince = null;
        return this.ev(
          'demux-deliver',
          `${receiver(conn)} made room: ${who} delivers the last ${n} bytes of the packet and is unblocked.`,
          { agent, conn, bytes: n },
        );
      }
      lane.pending.data = rest;
      return this.ev(
        'demux-deliver',
        `${who} squeezes ${n} more bytes into ${receiver(conn)}'s socket; ${rest.length} still do not fit, so it stays blocked.`,
        { agent, conn, bytes: n, blocked: true },
      );
    }
    if (lane.buf.length >= PACKET_SIZE) {
      const pkt = decodePacket(lane.buf.splice(0, PACKET_SIZE));
      const name = connName(this.workload, pkt.conn);
      const ep = this.s.conns[pkt.conn][side];
      if (this.config.mode === 'credit') onHeader(ep.credit, pkt.bufAlloc, pkt.fwdCnt);
      if (pkt.op === OP_CREDIT_UPDATE)
        return this.ev(
          'demux-packet',
          `${cap(who)} reads a CREDIT_UPDATE for ${name}: the peer has consumed ${pkt.fwdCnt} bytes of a ${pkt.bufAlloc}-byte buffer.`,
          { agent, conn: pkt.conn },
        );
      if (pkt.op === OP_CREDIT_REQUEST) {
        ep.credit.needUpdate = true;
        return this.ev(
          'demux-packet',
          `${cap(who)} reads a CREDIT_REQUEST for ${name} and will answer with a CREDIT_UPDATE.`,
          { agent, conn: pkt.conn },
        );
      }
      if (this.config.mode === 'credit' && ep.rx.length + pkt.payload.length > ep.credit.bufAlloc) {
        // A real receiver would drop this packet; a correct sender never causes it.
        throw new VirtproxyInvariantError('credit-violated', `packet for ${name} exceeds the receive buffer`);
      }
      const rest = this.deliver(lane, pkt.conn, pkt.payload);
      if (rest.length === 0)
        return this.ev(
          'demux-packet',
          `${cap(who)} cuts a whole packet out of its buffer and delivers ${pkt.payload.length} bytes to ${receiver(pkt.conn)} (${name}).`,
          { agent, conn: pkt.conn, bytes: pkt.payload.length },
        );
      lane.pending = { conn: pkt.conn, data: rest };
      lane.blockedSince = this.sched.now;
      return this.ev(
        'demux-packet',
        `${cap(who)} has a packet for ${receiver(pkt.conn)} (${name}), but only ${pkt.payload.length - rest.length} of its ${pkt.payload.length} bytes fit in ${receiver(pkt.conn)}'s socket. The write blocks, and while it does no packet for any other connection is read.`,
        { agent, conn: pkt.conn, bytes: pkt.payload.length - rest.length, blocked: true },
      );
    }
    const n = Math.min(lane.bytes.length, this.chunks.int(1, this.config.chunkMaxBytes));
    lane.buf.push(...lane.bytes.splice(0, n));
    this.s.stats.chunks++;
    const whole = Math.floor(lane.buf.length / PACKET_SIZE);
    const part = lane.buf.length % PACKET_SIZE;
    return this.ev(
      'demux-read',
      `${cap(who)} reads ${n} bytes from the channel; it now holds ${whole} whole packet${whole === 1 ? '' : 's'}${part ? ` and ${part} bytes of a partial one, kept until the rest arrives` : ''}.`,
      { agent, bytes: n },
    );
  }

  private finish(): VpEvent {
    this.s.finishedAt = this.sched.now;
    if (this.s.procs.every((p) => p.status === 'done')) {
      this.s.outcome = 'complete';
      return this.ev(
        'complete',
        `Every process finished its script at ${this.sched.now} ns: all ${this.summary().bytesRead} bytes arrived, in order.`,
      );
    }
    const dl = detectDeadlock(this.s, this.config, this.workload);
    if (!dl)
      throw new VirtproxyInvariantError(
        'stuck-without-deadlock',
        'nothing can move, yet the wait-for graph has no cycle',
      );
    this.s.outcome = 'deadlock';
    this.s.deadlock = dl;
    const chain = dl.cycle.map((e) => e.reason).join('; ');
    return this.ev('deadlock', `Deadlock: nothing can move again. ${chain}; and so around the circle.`, {
      deadlock: dl,
    });
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
