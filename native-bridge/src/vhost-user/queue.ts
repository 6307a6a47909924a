/**
 * One virtqueue of a real vhost-user back-end, driven by the model's driver: the model's memory
 * map laid out in a memfd (GPA 0 = offset 0), shared with the back-end by SET_MEM_TABLE; kick and
 * call eventfds; the handshake; a port for runBatches or the request pump. Mirrors
 * createNativeQueue (../native-port.ts), with a real, unmodified device on the other end.
 *
 * Teardown frees everything this side owns (mapping, memfd, eventfds, epoll thread, socket); on a
 * clean close it first stops the queue with GET_VRING_BASE. When the back-end hangs up, the same
 * teardown runs at once from the hang-up handler.
 */
import { GuestMemory } from '@ringside/model/memory/guest-memory.ts';
import { createQueue, planMemory, type QueueConfig, type Virtqueue } from '@ringside/model/virtio/queue.ts';
import { ring } from '@ringside/model/virtio/layout.ts';
import { EventFd, SharedRegion } from '../index.ts';
import { VhostUserChannel } from './channel.ts';
import { VhostUserError } from './errors.ts';
import { negotiate, setMemTable, setupVring, stopVring, type Negotiated } from './handshake.ts';
import { VhostUserPort } from './port.ts';
import { Req } from './protocol.ts';

/**
 * The front-end user address the back-end sees for GPA 0. Any value works (the back-end only
 * translates through the memory table); one far from 0 makes a GPA sent where a user address
 * belongs (or the reverse) fail loudly instead of working by accident.
 */
export const USER_BASE = 0x4000_0000_0000n;

export interface VhostUserQueueOptions {
  socketPath: string;
  config: QueueConfig;
  /** Which virtqueue of the device (virtiofsd: 1 = the request queue). */
  queueIndex?: number;
  /** Device-specific feature bits to accept when offered. */
  deviceFeatures?: bigint;
  /** Name for reports: 'vhost-user-blk', 'vhost-user-fs'. */
  name?: string;
  /** Control-message reply deadline (ms). */
  timeoutMs?: number;
  /** Keep retrying connect (ECONNREFUSED/ENOENT) this long: a restarted daemon may not listen yet. */
  connectTimeoutMs?: number;
  /** The back-end's recent stderr, quoted in errors (Daemon.lastLine). */
  backendLog?: () => string | null;
  /** Called after negotiation, before the memory table (e.g. GET_CONFIG). */
  onNegotiated?: (ch: VhostUserChannel, n: Negotiated) => void;
}

export interface VhostUserQueue {
  vq: Virtqueue;
  port: VhostUserPort;
  region: SharedRegion;
  negotiated: Negotiated;
  channel: VhostUserChannel;
  options: VhostUserQueueOptions;
  /** Messages exchanged at set-up. */
  setupMessages: number;
  /** Run `f` when the back-end hangs up (after this side's resources are freed). */
  onHangup(f: () => void): void;
  /** Stop the queue (GET_VRING_BASE unless the back-end is gone) and free every fd and mapping. */
  close(): { lastAvail: number | null };
  readonly closed: boolean;
}

async function connectRetrying(o: VhostUserQueueOptions): Promise<VhostUserChannel> {
  const deadline = performance.now() + (o.connectTimeoutMs ?? 0);
  for (;;) {
    try {
      return VhostUserChannel.connect(o.socketPath, o.timeoutMs ?? 2000, o.backendLog);
    } catch (e) {
      if (performance.now() >= deadline) throw e;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** Connect, negotiate, share memory and start the queue. */
export async function createVhostUserQueue(o: VhostUserQueueOptions): Promise<VhostUserQueue> {
  const index = o.queueIndex ?? 0;
  const name = o.name ?? 'vhost-user device';
  const { layout, map } = planMemory(o.config);
  const ch = await connectRetrying(o);
  let region: SharedRegion | null = null;
  let kick: EventFd | null = null;
  let call: EventFd | null = null;
  let port: VhostUserPort | null = null;
  try {
    region = SharedRegion.create(`ringside-${name}`, map.total);
    kick = EventFd.create({ nonblocking: true });
    call = EventFd.create({ nonblocking: true });
    // Rings initialised (used.idx = base, flags 0) before SET_VRING_ADDR reads them.
    const mem = new GuestMemory(region.buffer, [{ gpa: 0, size: map.total, offset: 0, name: 'memfd' }]);
    const vq = createQueue(o.config, mem);
    const n = negotiate(ch, { ring: o.config.features, deviceFeatures: o.deviceFeatures });
    setMemTable(
      ch,
      n,
      { guestPhysAddr: 0n, memorySize: BigInt(map.total), userspaceAddr: USER_BASE, mmapOffset: 0n },
      region.fd,
    );
    o.onNegotiated?.(ch, n);
    const base = o.config.baseIndex ?? 0;
    const usedIdxAddr = ring.usedIdx(layout);
    const r = region;
    // After teardown the mapping is revoked (reads zeros): keep the last count seen.
    let finalUsed: number | null = null;
    const usedCount = () => finalUsed ?? (mem.acquireU16(usedIdxAddr) - base) & 0xffff;
    port = new VhostUserPort(name, kick, call, ch.fd, o.backendLog ?? (() => null), usedCount);
    setupVring(ch, n, { index, layout, base, userBase: USER_BASE, kickFd: kick.fd, callFd: call.fd });
    if (!n.replyAck) ch.call(Req.GET_FEATURES); // a round trip: SET_VRING_CALL's write has happened
    // SET_VRING_CALL wrote 1 to the call eventfd ("in case of I/O hang after reconnecting"):
    // drain it so the first interrupt the driver sees is a real one.
    call.read();
    port.drainCalls();
    port.watchSocket(true);

    let closed = false;
    const k = kick;
    const c = call;
    const p = port;
    const teardown = () => {
      finalUsed = usedCount();
      p.close();
      ch.close();
      k.close();
      c.close();
      r.close();
    };
    const listeners: (() => void)[] = [];
    const q: VhostUserQueue = {
      onHangup: (f) => void listeners.push(f),
      vq,
      port: p,
      region: r,
      negotiated: n,
      channel: ch,
      options: o,
      setupMessages: ch.sent,
      get closed() {
        return closed;
      },
      close() {
        if (closed) return { lastAvail: null };
        closed = true;
        let lastAvail: number | null = null;
        try {
          if (!p.hungUp && ch.isOpen) {
            p.watchSocket(false);
            lastAvail = stopVring(ch, n, index).lastAvail;
          }
        } catch (e) {
          if (!(e instanceof VhostUserError)) throw e;
          // the back-end went away during the stop: nothing left to stop; free ours anyway
        } finally {
          teardown();
        }
        return { lastAvail };
      },
    };
    p.onHangup = () => {
      if (closed) return;
      closed = true;
      teardown();
      for (const f of listeners) f();
    };
    return q;
  } catch (e) {
    port?.close();
    ch.close();
    kick?.close();
    call?.close();
    region?.close();
    throw e;
  }
}
