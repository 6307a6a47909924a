/**
 * Discrete-event simulation of a lisafs client: Mount and channel creation over the socket,
 * then application callers issuing RPCs through the LIFO channel pool, falling back to the
 * socket under sockMu when the stack is empty, channels dying, and the watchdog tearing
 * everything down when the gofer hangs up. One step = one scheduled task = one event.
 */
import { Prng, type PrngState } from '../sim/prng';
import { Scheduler, type SchedulerState } from '../sim/scheduler';
import { checkRequest } from './checks';
import { channelTarget, resolvePoolConfig } from './config';
import {
  CHANNEL_HEADER_BYTES,
  CHANNEL_RPC_FDS,
  type Errno,
  MID,
  PRE_MOUNT_MAX_MESSAGE_SIZE,
  midName,
  packetWindowBytes,
} from './constants';
import { clientSend, serverReply } from './flipcall';
import { checkPoolInvariants } from './invariants';
import { closePool, killChannel, popChannel, releaseChannel } from './pool';
import type {
  CallerState,
  ChannelState,
  PoolConfig,
  PoolEvent,
  PoolEventKind,
  PoolState,
  PoolTask,
  Rpc,
} from './types';

export interface PoolSnapshot {
  config: PoolConfig;
  state: PoolState;
  scheduler: SchedulerState<PoolTask>;
  prng: { workload: PrngState; service: PrngState; faults: PrngState };
  step: number;
}

/** MIDs this model's gofer lists in its Mount response; Connect is deliberately missing. */
const SERVER_SUPPORTED: number[] = [
  MID.Mount, MID.Channel, MID.FStat, MID.SetStat, MID.Walk, MID.WalkStat, MID.OpenAt,
  MID.OpenCreateAt, MID.Close, MID.FSync, MID.PWrite, MID.PRead,
];

/** What an application RPC looks like; weights are a plausible file-heavy mix. */
const APP_MIX: { mid: number; weight: number }[] = [
  { mid: MID.WalkStat, weight: 3 },
  { mid: MID.Walk, weight: 2 },
  { mid: MID.FStat, weight: 3 },
  { mid: MID.OpenAt, weight: 2 },
  { mid: MID.PRead, weight: 4 },
  { mid: MID.PWrite, weight: 3 },
  { mid: MID.Close, weight: 2 },
];
const MIX_TOTAL = APP_MIX.reduce((n, m) => n + m.weight, 0);

export class LisafsPoolSim {
  readonly config: PoolConfig;
  private s: PoolState;
  private sched = new Scheduler<PoolTask>();
  private workload: Prng;
  private service: Prng;
  private faults: Prng;
  private stepNo = 0;

  constructor(config: Partial<PoolConfig> = {}) {
    this.config = resolvePoolConfig(config);
    const c = this.config;
    // Separate streams, so turning on faults never changes the workload a seed produces.
    this.workload = Prng.stream(c.seed, 'lisafs-pool/workload');
    this.service = Prng.stream(c.seed, 'lisafs-pool/service');
    this.faults = Prng.stream(c.seed, 'lisafs-pool/faults');
    const target = channelTarget(c);
    const callers: CallerState[] = [];
    const mk = (role: CallerState['role'], rpcs: number) =>
      callers.push({ id: callers.length, role, status: 'idle', rpcsLeft: rpcs, current: null, completed: 0, failed: 0, fdsReceived: 0 });
    mk('mount', 1);
    for (let i = 0; i < target; i++) mk('channel-creator', 1);
    for (let i = 0; i < c.callers; i++) mk('app', c.rpcsPerCaller);
    this.s = {
      phase: 'mounting',
      readyAt: null,
      maxMessageSize: PRE_MOUNT_MAX_MESSAGE_SIZE,
      supported: [MID.Mount], // the client assumes Mount is supported so it can send it
      channelTarget: target,
      channels: [],
      stack: [],
      activeCount: 0,
      socket: { holder: null, queue: [], hungUp: false, destroyed: false, uses: 0, fdsDonated: 0 },
      watchdog: { phase: 'polling', firedAt: null, destroyedAt: null },
      callers,
      fds: { socket: 1, channelFdSockets: 0, mappedWindows: 0 },
      nextRpcSeq: 0,
      latency: [],
      occupancy: [],
    };
    this.sched.schedule(0, { t: 'issue', caller: 0 });
    if (c.hangupAtNs !== null) this.sched.schedule(c.hangupAtNs, { t: 'hangup' });
    this.sampleOccupancy();
  }

  /** Current state, read-only: what a view renders. */
  get state(): Readonly<PoolState> {
    return this.s;
  }

  get now(): number {
    return this.sched.now;
  }

  get steps(): number {
    return this.stepNo;
  }

  get done(): boolean {
    return this.sched.size === 0;
  }

  /** Run one task. Returns its event, or null when nothing is left to do. */
  step(): PoolEvent | null {
    const item = this.sched.pop();
    if (!item) return null;
    const ev = this.handle(item.payload);
    this.stepNo++;
    checkPoolInvariants(this.s);
    this.sampleOccupancy();
    return { step: this.stepNo, time: this.sched.now, ...ev, stack: this.s.stack ? [...this.s.stack] : null };
  }

  run(maxSteps = 1_000_000): PoolEvent[] {
    const out: PoolEvent[] = [];
    for (let i = 0; i < maxSteps; i++) {
      const e = this.step();
      if (!e) break;
      out.push(e);
    }
    return out;
  }

  snapshot(): PoolSnapshot {
    return structuredClone({
      config: this.config,
      state: this.s,
      scheduler: this.sched.save(),
      prng: { workload: this.workload.save(), service: this.service.save(), faults: this.faults.save() },
      step: this.stepNo,
    });
  }

  restore(snap: PoolSnapshot): void {
    const s = structuredClone(snap);
    if (JSON.stringify(s.config) !== JSON.stringify(this.config)) throw new Error('snapshot belongs to a different configuration');
    this.s = s.state;
    this.sched.restore(s.scheduler);
    this.workload.restore(s.prng.workload);
    this.service.restore(s.prng.service);
    this.faults.restore(s.prng.faults);
    this.stepNo = s.step;
  }

  static fromSnapshot(snap: PoolSnapshot): LisafsPoolSim {
    const sim = new LisafsPoolSim(snap.config);
    sim.restore(snap);
    return sim;
  }

  // ---- task handlers ------------------------------------------------------------------

  private handle(task: PoolTask): Omit<PoolEvent, 'step' | 'time' | 'stack'> {
    switch (task.t) {
      case 'issue':
        return this.issue(task.caller);
      case 'server-done':
        return this.serverDone(task.caller, task.channel);
      case 'channel-fail':
        return this.channelFail(task.caller, task.channel, task.reason);
      case 'release':
        return this.release(task.caller, task.channel);
      case 'socket-done':
        return this.socketDone(task.caller);
      case 'hangup':
        return this.hangup();
      case 'watchdog-shutdown':
        return this.watchdogShutdown();
      case 'watchdog-destroy':
        return this.watchdogDestroy();
    }
  }

  private ev(kind: PoolEventKind, text: string, extra: Partial<PoolEvent> = {}): Omit<PoolEvent, 'step' | 'time' | 'stack'> {
    return { kind, ...extra, text };
  }

  private issue(callerId: number) {
    const c = this.s.callers[callerId];
    const rpc = this.makeRpc(c);
    c.current = rpc;
    const who = describeCaller(c);
    const rejected = checkRequest(this.s.supported, this.s.maxMessageSize, {
      mid: rpc.mid,
      payloadLen: rpc.reqBytes,
      wantFDs: rpc.wantFDs,
    });
    if (rejected) {
      rpc.errno = rejected;
      this.record(c, 'rejected');
      this.finish(c, rejected);
      const why =
        rejected === 'EOPNOTSUPP'
          ? `the server never listed ${midName(rpc.mid)} as supported in its Mount reply`
          : rejected === 'EIO'
            ? `its ${rpc.reqBytes}-byte payload is larger than maxMessageSize (${this.s.maxMessageSize} bytes)`
            : `it asks for ${rpc.wantFDs} FDs, more than the header's 8-bit count allows`;
      return this.ev('rpc-rejected', `${who} wanted to send ${midName(rpc.mid)}, but the client refused with ${rejected} before using any channel: ${why}.`, {
        caller: c.id,
        mid: rpc.mid,
        errno: rejected,
      });
    }

    const id = popChannel(this.s, c.id);
    if (id !== null) {
      const ch = this.s.channels[id];
      rpc.path = 'channel';
      rpc.channel = id;
      rpc.startedAt = this.now;
      c.status = 'on-channel';
      ch.word = clientSend(ch.word);
      ch.packetWindow.dataLen = CHANNEL_HEADER_BYTES + rpc.reqBytes;
      ch.packetWindow.mid = rpc.mid;
      ch.packetWindow.numFDs = 0; // requests never carry FDs
      const delay = this.config.channelRttNs + this.copyNs(rpc.reqBytes + rpc.respBytes, 1) + rpc.serviceNs;
      if (rpc.fate === 'channel-dies') this.sched.schedule(delay, { t: 'channel-fail', caller: c.id, channel: id, reason: 'transport-error' });
      else this.sched.schedule(delay, { t: 'server-done', caller: c.id, channel: id });
      return this.ev(
        'channel-acquired',
        `${who} popped channel ${id} off the top of the stack (its use #${ch.uses}), wrote ${midName(rpc.mid)} into the shared window and flipped the state word to server-active, waking the gofer.`,
        { caller: c.id, channel: id, mid: rpc.mid },
      );
    }

    rpc.path = 'socket';
    const sock = this.s.socket;
    const why = this.s.stack === null ? 'the pool has been shut down' : this.s.channels.length === 0 ? 'no channels exist yet' : 'every channel is busy or dead';
    if (sock.holder === null) {
      this.takeSocket(c);
      return this.ev('socket-acquired', `${who} found no free channel (${why}), so it took the socket mutex and sent ${midName(rpc.mid)} over the socket.`, {
        caller: c.id,
        mid: rpc.mid,
      });
    }
    c.status = 'waiting-socket';
    sock.queue.push(c.id);
    return this.ev(
      'socket-wait',
      `${who} found no free channel (${why}) and the socket is in use by caller ${sock.holder}, so it blocks on the socket mutex (position ${sock.queue.length} in line).`,
      { caller: c.id, mid: rpc.mid },
    );
  }

  private takeSocket(c: CallerState): void {
    const sock = this.s.socket;
    const rpc = c.current!;
    sock.holder = c.id;
    sock.uses++;
    c.status = 'on-socket';
    rpc.startedAt = this.now;
    // A hung-up socket fails the send at once; otherwise a full socket round trip.
    const delay = sock.hungUp ? 0 : this.config.socketRttNs + this.copyNs(rpc.reqBytes + rpc.respBytes, 2) + rpc.serviceNs;
    this.sched.schedule(delay, { t: 'socket-done', caller: c.id });
  }

  private serverDone(callerId: number, id: number) {
    const c = this.s.callers[callerId];
    const ch = this.s.channels[id];
    const rpc = c.current!;
    ch.word = serverReply(ch.word);
    const ok = rpc.fate === 'ok';
    ch.packetWindow.mid = ok ? rpc.mid : MID.Error;
    ch.packetWindow.dataLen = CHANNEL_HEADER_BYTES + (ok ? rpc.respBytes : 4);
    ch.packetWindow.numFDs = ok ? rpc.donateFDs : 0;
    if (ok && rpc.donateFDs > 0) {
      ch.fdsDonated += rpc.donateFDs;
      c.fdsReceived += Math.min(rpc.donateFDs, rpc.wantFDs);
    }
    if (!ok) rpc.errno = 'ENOENT';
    this.sched.schedule(0, { t: 'release', caller: c.id, channel: id });
    const fds = ok && rpc.donateFDs > 0 ? ` and donated ${rpc.donateFDs} host FD${rpc.donateFDs > 1 ? 's' : ''}` : '';
    const text = ok
      ? `The gofer wrote its ${midName(rpc.mid)} reply into channel ${id}'s window${fds}, then flipped the state word back to client-active, waking ${describeCaller(c)}.`
      : `The gofer's ${midName(rpc.mid)} handler failed, so it answered on channel ${id} with an Error message carrying ENOENT; the channel itself is fine.`;
    return this.ev('server-replied', text, { caller: c.id, channel: id, mid: ch.packetWindow.mid ?? undefined, errno: rpc.errno });
  }

  private channelFail(callerId: number, id: number, reason: 'transport-error' | 'shutdown') {
    const c = this.s.callers[callerId];
    const rpc = c.current!;
    killChannel(this.s, id, reason);
    rpc.errno = 'EIO';
    this.sched.schedule(0, { t: 'release', caller: c.id, channel: id });
    const text =
      reason === 'shutdown'
        ? `The watchdog shut channel ${id} down under ${describeCaller(c)}'s ${midName(rpc.mid)}; the caller wakes to a shutdown word and gets EIO.`
        : `Channel ${id}'s send/receive failed mid-${midName(rpc.mid)}: it is marked dead for good, will never be re-pooled or re-created, and ${describeCaller(c)} gets EIO.`;
    return this.ev('channel-died', text, { caller: c.id, channel: id, mid: rpc.mid, errno: 'EIO' });
  }

  private release(callerId: number, id: number) {
    const c = this.s.callers[callerId];
    const ch = this.s.channels[id];
    const errno = c.current!.errno;
    this.record(c, 'channel');
    const repooled = releaseChannel(this.s, id);
    this.finish(c, errno);
    if (this.s.watchdog.phase === 'waiting-for-users' && this.s.activeCount === 0) this.sched.schedule(0, { t: 'watchdog-destroy' });
    const where = repooled
      ? `pushed it back on top of the stack, so the next caller reuses this same hot channel`
      : ch.deathReason === 'transport-error'
        ? `did not re-pool it because it is dead; the pool now has ${this.liveChannels()} live channel(s)`
        : `did not re-pool it because the watchdog has emptied the pool`;
    return this.ev('channel-released', `${describeCaller(c)} finished with channel ${id} and ${where}.`, { caller: c.id, channel: id, errno });
  }

  private socketDone(callerId: number) {
    const c = this.s.callers[callerId];
    const rpc = c.current!;
    const sock = this.s.socket;
    const failed = sock.hungUp;
    const phaseBefore = this.s.phase;
    if (failed) rpc.errno = 'ECONNRESET';
    else {
      if (rpc.fate === 'server-error') rpc.errno = 'ENOENT';
      else if (rpc.donateFDs > 0) {
        sock.fdsDonated += rpc.donateFDs;
        c.fdsReceived += rpc.mid === MID.Channel ? 0 : Math.min(rpc.donateFDs, rpc.wantFDs);
      }
    }
    this.record(c, 'socket');
    sock.holder = null;
    let next = '';
    const nextId = sock.queue.shift();
    if (nextId !== undefined) {
      this.takeSocket(this.s.callers[nextId]);
      next = ` The mutex passes to caller ${nextId}, next in line.`;
    }
    const after = this.finish(c, rpc.errno);
    const base = failed
      ? `${describeCaller(c)}'s ${midName(rpc.mid)} over the socket failed with ECONNRESET: the gofer has hung up.`
      : `${describeCaller(c)} got its ${midName(rpc.mid)} reply over the socket${rpc.errno ? ` (an Error carrying ${rpc.errno})` : ''} and released the socket mutex.`;
    return this.ev(failed ? 'socket-failed' : this.s.phase === 'ready' && phaseBefore !== 'ready' ? 'client-ready' : 'socket-replied', `${base}${next}${after}`, {
      caller: c.id,
      mid: rpc.mid,
      errno: rpc.errno,
    });
  }

  private hangup() {
    this.s.socket.hungUp = true;
    this.s.watchdog.firedAt = this.now;
    this.sched.schedule(0, { t: 'watchdog-shutdown' });
    return this.ev('hangup', 'The gofer hung up the socket. The watchdog, blocked in ppoll for POLLHUP|POLLRDHUP, wakes up.');
  }

  private watchdogShutdown() {
    const interrupted = closePool(this.s);
    for (const id of interrupted) {
      const ch = this.s.channels[id];
      const n = this.sched.cancel((p) => p.t === 'server-done' && p.channel === id);
      if (n > 0) this.sched.schedule(0, { t: 'channel-fail', caller: ch.holder!, channel: id, reason: 'shutdown' });
    }
    this.s.watchdog.phase = 'waiting-for-users';
    if (this.s.activeCount === 0) this.sched.schedule(0, { t: 'watchdog-destroy' });
    return this.ev(
      'watchdog-shutdown',
      `The watchdog shut down the ${interrupted.length} channel(s) in use, set their state words to shutdown and threw away the stack of available channels, so nothing can be popped or pushed again. It now waits for ${this.s.activeCount} active user(s) to let go.`,
    );
  }

  private watchdogDestroy() {
    for (const ch of this.s.channels) {
      ch.word = 'shutdown';
      ch.destroyed = true;
      if (ch.status !== 'dead') {
        ch.status = 'dead';
        ch.deathReason = 'pool-closed';
      }
    }
    this.s.fds.channelFdSockets = 0;
    this.s.fds.mappedWindows = 0;
    this.s.fds.socket = 0;
    this.s.socket.destroyed = true;
    this.s.watchdog.phase = 'destroyed';
    this.s.watchdog.destroyedAt = this.now;
    this.s.phase = 'closed';
    return this.ev(
      'watchdog-destroy',
      `No caller holds a channel any more, so the watchdog destroyed all ${this.s.channels.length} channel(s) (unmapping their windows, closing their fd sockets) and then the socket. The client is closed.`,
    );
  }

  // ---- helpers --------------------------------------------------------------------------

  private makeRpc(c: CallerState): Rpc {
    const w = this.workload;
    let mid: number;
    let reqBytes = 16;
    let respBytes = 16;
    let wantFDs = 0;
    if (c.role === 'mount') {
      mid = MID.Mount;
      reqBytes = 64;
      respBytes = 256;
    } else if (c.role === 'channel-creator') {
      mid = MID.Channel;
      reqBytes = 0;
      wantFDs = CHANNEL_RPC_FDS;
    } else {
      // Always draw the same number of values so one option never shifts another's draws.
      const rUnsupported = w.next();
      const rOversize = w.next();
      const rKind = w.next() * MIX_TOTAL;
      const data = Math.max(1, Math.round(w.exp(this.config.dataMeanBytes)));
      let acc = 0;
      mid = APP_MIX[APP_MIX.length - 1].mid;
      for (const m of APP_MIX) {
        acc += m.weight;
        if (rKind < acc) {
          mid = m.mid;
          break;
        }
      }
      const cap = this.s.maxMessageSize;
      if (mid === MID.PRead) respBytes = Math.min(data, cap);
      if (mid === MID.PWrite) reqBytes = Math.min(16 + data, cap);
      if (mid === MID.WalkStat || mid === MID.Walk) respBytes = 160;
      if (mid === MID.OpenAt) wantFDs = 1;
      if (rOversize < this.config.oversizeProb) {
        mid = MID.PWrite;
        reqBytes = cap + 1 + Math.floor(data % 4096);
        wantFDs = 0;
      }
      if (rUnsupported < this.config.unsupportedProb) mid = MID.Connect;
    }
    const serviceNs = Math.round(this.service.exp(this.config.serviceMeanNs));
    const serverError = this.faults.next() < this.config.serverErrorProb && c.role === 'app';
    const dies = this.faults.next() < this.config.channelDeathProb && c.role === 'app';
    return {
      seq: this.s.nextRpcSeq++,
      mid,
      reqBytes,
      respBytes,
      wantFDs,
      donateFDs: wantFDs,
      serviceNs,
      issuedAt: this.now,
      startedAt: null,
      path: null,
      channel: null,
      fate: dies ? 'channel-dies' : serverError ? 'server-error' : 'ok',
      errno: null,
    };
  }

  private copyNs(bytes: number, copies: number): number {
    return Math.round((bytes / 1024) * this.config.copyNsPerKiB * copies);
  }

  private record(c: CallerState, path: 'channel' | 'socket' | 'rejected'): void {
    const rpc = c.current!;
    this.s.latency.push({
      seq: rpc.seq,
      caller: c.id,
      mid: rpc.mid,
      path,
      issuedAt: rpc.issuedAt,
      doneAt: this.now,
      latencyNs: this.now - rpc.issuedAt,
      mutexWaitNs: path === 'socket' && rpc.startedAt !== null ? rpc.startedAt - rpc.issuedAt : 0,
      errno: rpc.errno,
    });
  }

  /**
   * The caller's RPC is over: count it, then decide what the caller does next. Setup callers
   * drive the client's start-up. Returns extra event text when the client became ready.
   */
  private finish(c: CallerState, errno: Errno | null): string {
    c.current = null;
    c.rpcsLeft--;
    if (errno) c.failed++;
    else c.completed++;
    c.status = 'done';
    if (c.role === 'mount') {
      if (errno) {
        this.s.phase = 'failed';
        return ' Mount failed, so the client never starts.';
      }
      this.s.maxMessageSize = this.config.serverMaxMessageSize;
      this.s.supported = [...SERVER_SUPPORTED];
      this.s.phase = 'creating-channels';
      const creators = this.s.callers.filter((x) => x.role === 'channel-creator');
      for (const cr of creators) this.sched.schedule(0, { t: 'issue', caller: cr.id });
      if (creators.length === 0) return this.becomeReady();
      return ` Mount set maxMessageSize to ${this.s.maxMessageSize} bytes; ${creators.length} Channel RPCs start in parallel.`;
    }
    if (c.role === 'channel-creator') {
      if (!errno) this.createChannel();
      const creators = this.s.callers.filter((x) => x.role === 'channel-creator');
      if (creators.every((x) => x.status === 'done')) {
        if (creators.some((x) => x.failed > 0)) {
          this.s.phase = 'failed';
          return ' A channel could not be created, and this version of the client fails as a whole.';
        }
        return this.becomeReady();
      }
      return errno ? '' : ` Channel ${this.s.channels.length - 1} now exists and sits on the stack.`;
    }
    // Application caller: a dead connection ends its work, otherwise think and go again.
    if (errno === 'ECONNRESET' || c.rpcsLeft <= 0) return '';
    c.status = 'thinking';
    this.sched.schedule(Math.round(this.workload.exp(this.config.thinkMeanNs)), { t: 'issue', caller: c.id });
    return '';
  }

  private becomeReady(): string {
    this.s.phase = 'ready';
    this.s.readyAt = this.now;
    for (const a of this.s.callers) {
      if (a.role !== 'app' || a.rpcsLeft <= 0) continue;
      a.status = 'thinking';
      this.sched.schedule(Math.round(this.workload.exp(this.config.thinkMeanNs)), { t: 'issue', caller: a.id });
    }
    return ` The client is ready with ${this.s.channels.length} channel(s) of ${this.s.channels[0]?.packetWindow.bytes ?? 0}-byte windows.`;
  }

  private createChannel(): void {
    const id = this.s.channels.length;
    const ch: ChannelState = {
      id,
      status: 'available',
      deathReason: null,
      destroyed: false,
      word: 'client-active',
      holder: null,
      uses: 0,
      fdsDonated: 0,
      packetWindow: { bytes: packetWindowBytes(this.s.maxMessageSize), dataLen: 0, mid: null, numFDs: 0 },
      createdAt: this.now,
    };
    this.s.channels.push(ch);
    // The data FD is mapped and closed at once; the fd socket stays open with the channel.
    this.s.fds.mappedWindows++;
    this.s.fds.channelFdSockets++;
    if (this.s.stack) this.s.stack.push(id);
  }

  private liveChannels(): number {
    return this.s.channels.filter((ch) => ch.status !== 'dead').length;
  }

  private sampleOccupancy(): void {
    const s = this.s;
    const sample = {
      time: this.now,
      available: s.stack?.length ?? 0,
      active: s.activeCount,
      dead: s.channels.filter((c) => c.status === 'dead').length,
      socketBusy: s.socket.holder === null ? 0 : 1,
      socketQueue: s.socket.queue.length,
    };
    const last = s.occupancy[s.occupancy.length - 1];
    if (
      last &&
      last.available === sample.available &&
      last.active === sample.active &&
      last.dead === sample.dead &&
      last.socketBusy === sample.socketBusy &&
      last.socketQueue === sample.socketQueue
    )
      return;
    if (last && last.time === sample.time) s.occupancy[s.occupancy.length - 1] = sample;
    else s.occupancy.push(sample);
  }
}

function describeCaller(c: CallerState): string {
  if (c.role === 'mount') return 'The client (mounting)';
  if (c.role === 'channel-creator') return `Channel creator ${c.id}`;
  return `Caller ${c.id}`;
}
