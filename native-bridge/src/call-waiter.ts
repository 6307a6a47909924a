/**
 * The driver side of a call eventfd, shared by every port (native device, vhost-user back-end):
 * signals are counted as the epoll watcher reports them, and one waiter at a time may sleep until
 * the next one. Counting, not flagging: an eventfd read returns the sum of the writes, and the
 * ports report that sum as the number of interrupts.
 */
export class CallWaiter {
  private pending = 0;
  private waiter: {
    resolve: (n: number) => void;
    reject: (e: Error) => void;
    timer: ReturnType<typeof setTimeout>;
  } | null = null;

  /** Count `count` signals; a sleeping waiter wakes with everything counted so far. */
  signal(count: number): void {
    this.pending += count;
    const w = this.waiter;
    if (!w) return;
    this.waiter = null;
    clearTimeout(w.timer);
    w.resolve(this.drain());
  }

  /** Take the signals counted and not yet handed out. */
  drain(): number {
    const n = this.pending;
    this.pending = 0;
    return n;
  }

  /**
   * Signals already counted come back at once; otherwise `refusal` (the port is closed or broken)
   * rejects, or the caller sleeps until a signal, a failure, or `timeoutMs` (then `onTimeout()`).
   */
  wait(timeoutMs: number, refusal: Error | null, onTimeout: () => Error): Promise<number> {
    if (this.pending > 0) return Promise.resolve(this.drain());
    if (refusal) return Promise.reject(refusal);
    if (this.waiter) return Promise.reject(new Error('waitForCall: already waiting'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(onTimeout());
      }, timeoutMs);
      this.waiter = { resolve, reject, timer };
    });
  }

  /** Wake a sleeping waiter with this error (nothing happens when nobody waits). */
  fail(e: Error): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = null;
    clearTimeout(w.timer);
    w.reject(e);
  }
}
