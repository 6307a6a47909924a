import { describe, expect, it } from 'vitest';
import { PublishPacer, type PacerClock } from './publish-pacer';

/** A clock the test moves by hand, with its own timers. */
function fakeClock() {
  let now = 0;
  const timers = new Map<number, { at: number; f: () => void }>();
  let next = 1;
  const clock: PacerClock = {
    now: () => now,
    setTimeout: (f, ms) => {
      timers.set(next, { at: now + ms, f });
      return next++;
    },
    clearTimeout: (t) => void timers.delete(t as number),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].f();
    }
    now = end;
  };
  return { clock, advance, pending: () => timers.size, spend: (ms: number) => (now += ms) };
}

describe('PublishPacer', () => {
  it('publishes the first poke at once, then at most once per gap, always with a trailing one', () => {
    const t = fakeClock();
    const at: number[] = [];
    const pacer = new PublishPacer(() => at.push(t.clock.now()), { minGapMs: 250, costFactor: 10 }, t.clock);
    pacer.poke();
    expect(at).toEqual([0]);
    // A burst of pokes within the gap: one trailing publish when it has passed.
    for (let k = 0; k < 20; k++) {
      t.advance(10);
      pacer.poke();
    }
    expect(at).toEqual([0]);
    t.advance(100);
    expect(at).toEqual([0, 250]);
    // The stream pauses: no pokes, no publishes.
    t.advance(1000);
    expect(at).toEqual([0, 250]);
    pacer.poke();
    expect(at).toEqual([0, 250, 1300]);
    // Cancelled (the stream ended): the pending trailing publish is dropped.
    t.advance(10);
    pacer.poke();
    expect(t.pending()).toBe(1);
    pacer.cancel();
    t.advance(1000);
    expect(at).toEqual([0, 250, 1300]);
  });

  it('spaces snapshots by ten times what the last one cost when that is longer', () => {
    const t = fakeClock();
    const at: number[] = [];
    const pacer = new PublishPacer(
      () => {
        at.push(t.clock.now());
        t.spend(80); // a big prefix: 80 ms to build and send
      },
      { minGapMs: 250, costFactor: 10 },
      t.clock,
    );
    pacer.poke();
    t.advance(300);
    pacer.poke();
    expect(at).toEqual([0]);
    t.advance(1000);
    expect(at).toEqual([0, 80 + 800]);
  });
});
