/**
 * The control channel: one Unix stream socket to the back-end, messages sent with their fds in
 * a single sendmsg (SCM_RIGHTS), replies read synchronously with a deadline. Control traffic is
 * a handful of small request/reply pairs at set-up and teardown, answered in microseconds by
 * the back-end's main loop, so a bounded blocking read (poll with a timeout, in the addon) is
 * simpler and safer than an async state machine; the data path never touches this socket.
 */
import { unix } from '../index.ts';
import { VhostUserError } from './errors.ts';
import {
  FLAG_NEED_REPLY,
  FLAG_REPLY,
  HEADER_SIZE,
  VERSION,
  VERSION_MASK,
  decodeHeader,
  encodeMessage,
  readU64,
  requestName,
} from './protocol.ts';

export interface Reply {
  request: number;
  flags: number;
  payload: Uint8Array;
}

export class VhostUserChannel {
  private open = true;
  /** Bytes received beyond the message being read (stream sockets do not keep boundaries). */
  private pending = new Uint8Array(0);
  /** Messages sent, for reports and tests. */
  sent = 0;

  constructor(
    readonly fd: number,
    readonly timeoutMs: number,
    /** The back-end's recent stderr, quoted in errors when the caller manages the daemon. */
    private readonly backendLog: () => string | null = () => null,
  ) {}

  static connect(path: string, timeoutMs = 2000, backendLog?: () => string | null): VhostUserChannel {
    let fd: number;
    try {
      fd = unix.connect(path);
    } catch (e) {
      throw new VhostUserError('CONNECT', `cannot connect to vhost-user socket ${path}: ${(e as Error).message}`);
    }
    return new VhostUserChannel(fd, timeoutMs, backendLog);
  }

  get isOpen(): boolean {
    return this.open;
  }

  private check(request: number): void {
    if (!this.open)
      throw new VhostUserError(
        'CLOSED',
        `${requestName(request)} on a closed vhost-user channel`,
        requestName(request),
      );
  }

  /** Send one message (header + payload) with `fds` attached. */
  send(request: number, payload?: Uint8Array, fds: number[] = [], needReply = false): void {
    this.check(request);
    const msg = encodeMessage(request, payload, VERSION | (needReply ? FLAG_NEED_REPLY : 0));
    try {
      unix.sendmsgFds(this.fd, msg, fds);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') throw this.hangup(request);
      throw new VhostUserError(
        'HANGUP',
        `sending ${requestName(request)} failed: ${err.message}`,
        requestName(request),
        this.backendLog(),
      );
    }
    this.sent++;
  }

  /** Send a request that has a reply (GET_*), and return the reply's payload. */
  call(request: number, payload?: Uint8Array, fds: number[] = []): Uint8Array {
    this.send(request, payload, fds);
    return this.readReply(request).payload;
  }

  /** Send with NEED_REPLY and check the u64 ack (0 = success); needs REPLY_ACK negotiated. */
  callAck(request: number, payload?: Uint8Array, fds: number[] = []): void {
    this.send(request, payload, fds, true);
    const r = this.readReply(request);
    const status = readU64(r.payload);
    if (status !== 0n)
      throw new VhostUserError(
        'NACK',
        `the back-end refused ${requestName(request)} (ack ${status})`,
        requestName(request),
        this.backendLog(),
      );
  }

  private hangup(request: number | null): VhostUserError {
    const what = request === null ? '' : ` while waiting for the reply to ${requestName(request)}`;
    return new VhostUserError(
      'HANGUP',
      `the vhost-user back-end closed the connection${what}`,
      request === null ? null : requestName(request),
      this.backendLog(),
    );
  }

  /** Read exactly n bytes within the deadline, or throw HANGUP / TIMEOUT. */
  private readExact(n: number, deadline: number, request: number): Uint8Array {
    while (this.pending.length < n) {
      const left = Math.max(0, Math.ceil(deadline - performance.now()));
      const r = unix.recvmsgFds(this.fd, 4096, 8, left);
      // Replies carry no fds in what we use; close any that arrive so none leak.
      for (const fd of r.fds) unix.close(fd);
      if (r.eof) throw this.hangup(request);
      if (r.timedOut) {
        if (performance.now() >= deadline) {
          throw new VhostUserError(
            'TIMEOUT',
            `no reply to ${requestName(request)} within ${this.timeoutMs} ms`,
            requestName(request),
            this.backendLog(),
          );
        }
        continue;
      }
      const merged = new Uint8Array(this.pending.length + r.data.length);
      merged.set(this.pending);
      merged.set(r.data, this.pending.length);
      this.pending = merged;
    }
    const out = this.pending.slice(0, n);
    this.pending = this.pending.slice(n);
    return out;
  }

  readReply(request: number): Reply {
    this.check(request);
    const deadline = performance.now() + this.timeoutMs;
    const h = decodeHeader(this.readExact(HEADER_SIZE, deadline, request));
    if (h.size > 4096)
      throw new VhostUserError(
        'BAD_REPLY',
        `reply to ${requestName(request)} claims ${h.size} payload bytes`,
        requestName(request),
      );
    const payload = this.readExact(h.size, deadline, request);
    if (h.request !== request) {
      throw new VhostUserError(
        'BAD_REPLY',
        `expected a reply to ${requestName(request)}, got ${requestName(h.request)}`,
        requestName(request),
      );
    }
    if ((h.flags & VERSION_MASK) !== VERSION || (h.flags & FLAG_REPLY) === 0) {
      throw new VhostUserError(
        'BAD_REPLY',
        `reply to ${requestName(request)} has flags 0x${h.flags.toString(16)} (want version 1 and REPLY)`,
        requestName(request),
      );
    }
    return { request: h.request, flags: h.flags, payload };
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    unix.close(this.fd);
  }
}
