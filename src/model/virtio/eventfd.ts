/**
 * Kick and call notifications, modelled as Linux eventfd counters: a write adds to the
 * counter, a read returns the sum and resets it. Several writes before the reader wakes
 * are one wake-up — the coalescing that makes batching and suppression worth having.
 */

export interface EventFdState {
  counter: number;
  /** Writes ever made (notifications sent). */
  writes: number;
  /** Reads that found a non-zero counter (wake-ups). */
  wakeups: number;
  /** Writes that landed on a counter that was already non-zero (coalesced into one wake-up). */
  coalesced: number;
  /** Notifications the sender decided not to send (EVENT_IDX / NO_NOTIFY / NO_INTERRUPT). */
  suppressed: number;
}

export class EventFd {
  s: EventFdState = { counter: 0, writes: 0, wakeups: 0, coalesced: 0, suppressed: 0 };

  constructor(readonly name: string) {}

  /** Signal the peer. Returns true when this write turned the counter from 0 to non-zero (a new wake-up). */
  write(n = 1): boolean {
    const wasIdle = this.s.counter === 0;
    this.s.counter += n;
    this.s.writes++;
    if (!wasIdle) this.s.coalesced++;
    return wasIdle;
  }

  /** Record a notification that the sender's suppression rule skipped. */
  suppress(): void {
    this.s.suppressed++;
  }

  /** Drain: the summed counter (0 means nothing was pending). */
  read(): number {
    const v = this.s.counter;
    if (v > 0) this.s.wakeups++;
    this.s.counter = 0;
    return v;
  }

  get pending(): boolean {
    return this.s.counter > 0;
  }

  save(): EventFdState {
    return { ...this.s };
  }
  restore(s: EventFdState): void {
    this.s = { ...s };
  }
}
