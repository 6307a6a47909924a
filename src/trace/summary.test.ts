import { describe, expect, it } from 'vitest';
import type { Timeline } from './model';
import { importQemuTraceLines } from './qemu/import';
import { MULTI_DEVICE_LOG } from './qemu/testing-logs';
import { qemuToTimeline } from './qemu/to-timeline';
import { formatSummary, summarizeTimeline } from './summary';

/** A timeline as the simulator might produce it directly (times in ns). */
const SIM: Timeline = {
  timeUnit: 'ns',
  source: 'ringside-sim',
  spans: [
    { device: 'blk0', queue: 'q0', id: 'a', start: 0, end: 100, kick: -10, interrupt: 110 },
    { device: 'blk0', queue: 'q0', id: 'b', start: 50, end: 250, kick: 40, interrupt: 260 },
    { device: 'blk0', queue: 'q0', id: 'c', start: 300 },
    { device: 'blk0', queue: 'q0', id: 'd', start: 400, end: 450, outcome: 'dropped' },
    { device: 'net0', queue: 'rx', id: 'e', start: 10, end: 20 },
  ],
  instants: [
    { device: 'blk0', queue: 'q0', kind: 'kick', time: -10 },
    { device: 'blk0', queue: 'q0', kind: 'kick', time: 40 },
    { device: 'blk0', queue: 'q0', kind: 'kick', time: 290 },
    { device: 'blk0', queue: 'q0', kind: 'interrupt', time: 110 },
    { device: 'blk0', queue: 'q0', kind: 'interrupt', time: 260 },
    { device: 'blk0', queue: 'q0', kind: 'doorbell-write', time: 5 },
  ],
  batches: [
    { device: 'blk0', queue: 'q0', time: 100, size: 1 },
    { device: 'blk0', queue: 'q0', time: 250, size: 1 },
    { device: 'blk0', queue: 'q0', time: 450, size: 2 },
  ],
  queues: [{ device: 'blk0', queue: 'q1' }],
};

describe('summarizeTimeline', () => {
  const s = summarizeTimeline(SIM);

  it('groups by device and queue, listing declared empty queues first', () => {
    expect(s.devices.map((d) => [d.device, d.queues.map((q) => q.queue)])).toEqual([
      ['blk0', ['q1', 'q0']],
      ['net0', ['rx']],
    ]);
    expect(s.window).toEqual({ start: -10, end: 450 });
    expect(s.devices[0]).toMatchObject({ requests: 4, kicks: 3, interrupts: 2, batches: 3 });
    const empty = s.devices[0].queues[0];
    expect(empty).toMatchObject({ requests: 0, perRequest: null, inFlight: { max: 0, mean: 0 } });
    expect(empty.latency.service).toBeNull();
  });

  it('counts outcomes, notifications, batches and in-flight', () => {
    const q = s.devices[0].queues[1];
    expect(q).toMatchObject({
      requests: 4,
      completed: 2,
      dropped: 1,
      unfinished: 1,
      kicks: 3,
      interrupts: 2,
      batches: 3,
    });
    expect(q.batchSizes).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(q.perRequest).toEqual({ kicks: 0.75, interrupts: 0.5, notifications: 1.25 });
    expect(q.inFlight.max).toBe(2);
    // Step function over [0, 450]: 1·50 + 2·50 + 1·150 + 0·50 + 1·100 + 2·50 = 500.
    expect(q.inFlight.mean).toBeCloseTo(500 / 450, 10);
  });

  it('gives latency distributions from completed requests only', () => {
    const q = s.devices[0].queues[1];
    expect(q.latency.service).toMatchObject({ count: 2, min: 100, median: 100, p99: 200, max: 200, mean: 150 });
    expect(q.latency.kickToInterrupt).toMatchObject({ count: 2, median: 120, p99: 220 });
    expect(q.latency.kickToStart).toMatchObject({ count: 2, median: 10, max: 10 });
  });

  it('formats plain text for a terminal', () => {
    const text = formatSummary(s);
    expect(text).toContain('times in ns');
    expect(text).toContain('blk0: 4 requests, 3 kicks, 2 interrupts, 3 batches');
    expect(text).toContain('q0: 4 requests (2 completed, 1 dropped, 1 unfinished)');
    expect(text).toMatch(/start→end: +median 100 ns, p99 200 ns/);
    expect(text).toMatch(/batch sizes: +1×2 2×1/);
    expect(text).not.toContain('cannot tell');
  });

  it('summarises a QEMU import per device and queue, with its limitations', () => {
    const q = summarizeTimeline(qemuToTimeline(importQemuTraceLines(MULTI_DEVICE_LOG.split('\n'))));
    expect(
      q.devices.map((d) => [d.device, d.queues.map((x) => [x.queue, x.requests, x.kicks, x.interrupts, x.batches])]),
    ).toEqual([
      [
        'virtio-blk 0xa000',
        [
          ['q0', 2, 2, 1, 1],
          ['q1', 1, 1, 1, 1],
        ],
      ],
      ['virtio-net 0xb000', [['q1', 2, 1, 2, 2]]],
    ]);
    const a0 = q.devices[0].queues[0];
    expect(a0.latency.service).toMatchObject({ median: 14, max: 18 }); // pop→flush 18 and 14 µs
    expect(a0.latency.kickToInterrupt).toMatchObject({ median: 25, count: 2 });
    expect(a0.inFlight.max).toBe(2);
    expect(formatSummary(q)).toContain('What this trace cannot tell:');
    expect(q.limitations.length).toBeGreaterThan(4);
  });

  it('handles an empty timeline', () => {
    const e = summarizeTimeline({ timeUnit: 'us', spans: [], instants: [] });
    expect(e).toEqual({ timeUnit: 'us', source: undefined, window: null, devices: [], limitations: [] });
    expect(formatSummary(e)).toContain('empty');
  });
});
