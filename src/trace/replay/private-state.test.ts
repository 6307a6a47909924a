import { describe, expect, it } from 'vitest';
import { KIND_CODES } from '../replay/ringside-index';
import { PrivateStateTracker, type PrivateColumns } from './private-state';
import { indexOf, simTrace } from './test-traces';

describe('PrivateStateTracker', () => {
  it('extended as a trace grows, answers every step as the tracker built on the whole trace', async () => {
    const { text } = simTrace({ scenario: 'out-of-order', seed: 9, requests: 300 });
    const idx = await indexOf(text);
    const qs = idx.header.queues[0].size;
    const whole = new PrivateStateTracker(
      { count: idx.count, kindNames: KIND_CODES, kind: idx.kind, head: idx.head, request: idx.request },
      qs,
    );
    // Columns that grow in uneven steps; a budget of one and a half checkpoints makes the
    // interval double (dropping checkpoints) once the second one is taken.
    const per = qs * 5 + 64;
    const growing: PrivateColumns = {
      count: 0,
      kindNames: KIND_CODES,
      kind: idx.kind,
      head: idx.head,
      request: idx.request,
    };
    const tracker = new PrivateStateTracker(growing, qs, 1.5 * per);
    expect(idx.count).toBeGreaterThan(2048); // past the first doubled interval
    expect(tracker.count).toBe(0);
    for (let n = 0; n < idx.count; n = Math.min(idx.count, n + 1 + (n % 97))) {
      growing.count = n;
      tracker.extend();
      expect(tracker.count).toBe(n);
      for (const p of new Set([0, n >> 1, n - 1, n].filter((x) => x >= 0)))
        expect(tracker.at(p), `step ${p} of ${n}`).toEqual(whole.at(p));
      // Asking past what arrived answers for the newest step.
      expect(tracker.at(n + 5)).toEqual(whole.at(n));
    }
    growing.count = idx.count;
    tracker.extend();
    for (let p = 0; p <= idx.count; p += 37) expect(tracker.at(p)).toEqual(whole.at(p));
    // The first checkpoint and the newest state: the one at 1024 was dropped to stay in budget.
    expect(tracker.retainedBytes()).toBe(2 * per);
  });
});
