/**
 * A real vhost-user back-end behind the model's DevicePort: kicks are writes to the kick eventfd
 * the back-end polls; interrupts arrive on the call eventfd, watched on a native epoll thread (the
 * JS thread never blocks); the control socket is watched too (one-shot EPOLLIN|EPOLLRDHUP), so a
 * back-end that dies or drops us is noticed the moment the kernel closes its end, and the driver
 * waiting for it is failed at once instead of waiting for a timeout.
 */
import { CallWaiter } from '../call-waiter';
import {
  DeviceTimeoutError,
  QueueClosedError,
  type DevicePort,
  type DeviceSideStats,
} from '@ringside/model/compare/port.ts';
import { EpollWatcher, type EventFd, unix } from '../index.ts';

export interface HangupInfo {
  /** Nanoseconds (port clock) when the hang-up was seen. */
  at: number;
  message: string;
}

/** A timeout that also says what the back-end last wrote (e.g. "virtio-blk request outhdr too short"). */
export class VhostUserTimeoutError extends DeviceTimeoutError {
  constructor(
    device: string,
    waitedMs: number,
    inFlight: number,
    readonly backendLog: string | null,
  ) {
    super(device, waitedMs, inFlight);
    if (backendLog) this.message += ` (back-end's last message: "${backendLog}")`;
  }
}

export class VhostUserPort implements DevicePort {
  private readonly calls = new CallWaiter();
  private hangup: HangupInfo | null = null;
  private closed = false;
  private readonly t0 = process.hrtime.bigint();
  private readonly watcher: EpollWatcher;
  private watchingSocket = false;
  /** Kicks written, call counter total (each back-end signal adds 1), wake-ups of this port. */
  readonly counts = { kicks: 0, calls: 0, callWakeups: 0 };
  private readonly backendLog: () => string | null;
  /** Called once when the socket hangs up (the queue frees its resources there). */
  onHangup: ((h: HangupInfo) => void) | null = null;

  constructor(
    readonly name: string,
    private readonly kickFd: EventFd,
    callFd: EventFd,
    private readonly socketFd: number,
    backendLog: () => string | null,
    /** used.idx as the back-end published it (for deviceStats). */
    private readonly usedCount: () => number,
  ) {
    // Diagnostics must never stop a failure from being delivered.
    this.backendLog = () => {
      try {
        return backendLog();
      } catch {
        return null;
      }
    };
    this.watcher = new EpollWatcher((fd, count, err) => {
      if (err) return this.failWaiter(err);
      if (fd === this.socketFd) return this.onSocket();
      this.counts.calls += count ?? 1;
      this.counts.callWakeups++;
      this.calls.signal(count ?? 1);
    });
    this.watcher.add(callFd.fd, 'eventfd');
  }

  /** Watch the control socket for hang-up (only while no control request is in progress). */
  watchSocket(on: boolean): void {
    if (on === this.watchingSocket || this.closed) return;
    if (on) this.watcher.add(this.socketFd, 'oneshot');
    else this.watcher.remove(this.socketFd);
    this.watchingSocket = on;
  }

  private onSocket(): void {
    // Readable: either EOF (the back-end is gone) or a message we never asked for.
    const r = unix.recvmsgFds(this.socketFd, 4096, 8, 0);
    for (const fd of r.fds) unix.close(fd);
    if (r.eof) {
      const log = this.backendLog();
      this.hangup = {
        at: this.now(),
        message: `the vhost-user back-end closed the connection${log ? ` (its last message: "${log}")` : ''}`,
      };
      this.watchingSocket = false;
      this.watcher.remove(this.socketFd);
      this.failWaiter(new Error(this.hangup.message));
      this.onHangup?.(this.hangup);
      return;
    }
    // Without BACKEND_REQ negotiated the back-end has nothing to tell us here; keep watching.
    if (!this.closed && this.watchingSocket) this.watcher.rearm(this.socketFd);
  }

  get hungUp(): HangupInfo | null {
    return this.hangup;
  }

  private failWaiter(e: Error): void {
    this.calls.fail(e);
  }

  now(): number {
    return Number(process.hrtime.bigint() - this.t0);
  }

  kick(): void {
    if (this.closed) return;
    this.kickFd.write(1);
    this.counts.kicks++;
  }

  /** Take any call signals already counted (e.g. the spurious one SET_VRING_CALL writes). */
  drainCalls(): number {
    return this.calls.drain();
  }

  /**
   * What the front-end can observe of the device: chains it completed (used.idx) and the
   * interrupts it signalled (the call counter: each eventfd write adds 1, so the drained sums add
   * up to the number of signals). Its kick wake-ups and suppressed interrupts happen inside the
   * back-end and are not observable here: NaN, never a guess.
   */
  deviceStats(): DeviceSideStats {
    return {
      kickWakeups: NaN,
      chains: this.usedCount(),
      interruptsSignalled: this.counts.calls,
      interruptsSuppressed: NaN,
    };
  }

  deviceError(): { code: string; message: string } | null {
    return this.hangup ? { code: 'BACKEND_HANGUP', message: this.hangup.message } : null;
  }

  waitForCall(timeoutMs: number): Promise<number> {
    const refusal = this.hangup
      ? new Error(this.hangup.message)
      : this.closed
        ? new QueueClosedError(this.name, 0)
        : null;
    return this.calls.wait(
      timeoutMs,
      refusal,
      () => new VhostUserTimeoutError(this.name, timeoutMs, 0, this.backendLog()),
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failWaiter(new QueueClosedError(this.name, 0));
    this.watcher.close();
  }
}
