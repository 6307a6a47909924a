// Smoke runs of the C benchmark floors (small sizes; the real numbers come from the bench script).
import { describe, expect, it } from 'vitest';
import { cBench } from './index.ts';

describe('C benchmark floors', () => {
  it('benchRingLoopC: single-thread split-ring round trip (same work as the model)', () => {
    const r = cBench.ringLoop(256, 32, 2_000_000, 3);
    console.log(`ring loop qs=256 batch=32: ${r.nsPerRequest.toFixed(2)} ns/request`);
    expect(r.samples).toHaveLength(3);
    // A smoke run: it ran and measured something; the figures are the benchmark's business.
    expect(r.nsPerRequest).toBeGreaterThan(0);
    expect(Number.isFinite(r.nsPerRequest)).toBe(true);
    expect(() => cBench.ringLoop(6, 1, 1, 1)).toThrow(RangeError);
    // two descriptors per request: a batch larger than half the queue cannot be added
    expect(() => cBench.ringLoop(8, 5, 1, 1)).toThrow(/batch <= qs\/2/);
    // the smallest queue that holds one request passes every check of its walk
    expect(cBench.ringLoop(2, 1, 10_000, 1).nsPerRequest).toBeGreaterThan(0);
  });

  it('benchEventfdPingPongC: C<->C eventfd round trip', () => {
    const r = cBench.eventfdPingPong(20_000, 3);
    console.log(`eventfd ping-pong: ${r.nsPerRoundTrip.toFixed(0)} ns/round trip`);
    expect(r.nsPerRoundTrip).toBeGreaterThan(0);
  });

  it('benchCDriverBatched: C driver + native device thread, batches of 32, EVENT_IDX', () => {
    const r = cBench.driverBatched({ queueSize: 256, batch: 32, requests: 100_000, repeats: 3 });
    console.log(
      `C driver batched: ${(r.requestsPerSec / 1e6).toFixed(2)} M req/s, ` +
        `${r.notificationsPerRequest.toFixed(4)} notifications/req ` +
        `(kicks ${r.kicksPerRequest.toFixed(4)}, irqs ${r.interruptsPerRequest.toFixed(4)})`,
    );
    expect(r.requestsPerSec).toBeGreaterThan(0);
    // At most one kick and one interrupt per batch of 32.
    expect(r.kicksPerRequest).toBeLessThanOrEqual(1 / 32 + 1e-9);
    expect(r.interruptsPerRequest).toBeLessThanOrEqual(1 / 32 + 1e-9);
    expect(r.notificationsPerRequest).toBeGreaterThan(0);
  });
});
