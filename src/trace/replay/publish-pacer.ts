/**
 * Paces the snapshots a worker sends while a live trace streams in. Building and sending
 * one costs time in proportion to the events so far (the step table and lanes are copied
 * to the page, which redraws), so a fast stream must not trigger one per chunk: the first
 * goes out at once, then at most one per `minGapMs` — or per `costFactor` times what the
 * last one cost, if that is longer, so snapshots of a long session stay a small share of
 * the worker's time. The last poke always gets a (trailing) snapshot: when the stream
 * pauses, the page still shows the newest events.
 */
export interface PacerOptions {
  minGapMs: number;
  costFactor: number;
}

export const LIVE_PACING: PacerOptions = { minGapMs: 250, costFactor: 10 };

export interface PacerClock {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(t: unknown): void;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
};

export class PublishPacer {
  private last = -Infinity;
  private gap: number;
  private timer: unknown = null;

  constructor(
    private readonly publish: () => void,
    private readonly options: PacerOptions = LIVE_PACING,
    private readonly clock: PacerClock = realClock,
  ) {
    this.gap = options.minGapMs;
  }

  /** Something new arrived: publish now, or once the gap has passed. */
  poke(): void {
    if (this.timer !== null) return;
    const wait = this.last + this.gap - this.clock.now();
    if (wait <= 0) this.run();
    else
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        this.run();
      }, wait);
  }

  /** No more snapshots (the stream ended or failed; the caller sends the final one itself). */
  cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): void {
    const t = this.clock.now();
    this.publish();
    const now = this.clock.now();
    this.last = now;
    this.gap = Math.max(this.options.minGapMs, this.options.costFactor * (now - t));
  }
}
