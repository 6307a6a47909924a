import { describe, expect, test } from 'vitest';
import { PoolLessonRun } from './pool-run';

describe('PoolLessonRun', () => {
  test('records the whole run and seeks back and forth to the same state', () => {
    const run = new PoolLessonRun({ scenario: 'hot-channel', seed: 11 });
    expect(run.length).toBeGreaterThan(50);
    expect(run.position).toBe(run.length);
    const uses = run.state.channels.map((c) => c.uses);
    run.seek(10);
    const at10 = JSON.stringify(run.state.stack);
    run.seek(run.length);
    expect(run.state.channels.map((c) => c.uses)).toEqual(uses);
    run.seek(10);
    expect(JSON.stringify(run.state.stack)).toBe(at10);
  });

  test('peek reads another position and leaves the run where it was', () => {
    const run = new PoolLessonRun({ scenario: 'hot-channel', seed: 11 });
    run.seek(3);
    const stackThen = run.peek(run.length, (s) => s.stack?.length ?? -1);
    expect(stackThen).toBe(run.final.stack?.length);
    expect(run.position).toBe(3);
  });

  test('GOMAXPROCS sizes the pool as clamp(n, 2, 4)', () => {
    for (const [g, n] of [
      [1, 2],
      [2, 2],
      [3, 3],
      [8, 4],
    ])
      expect(
        new PoolLessonRun({ scenario: 'hot-channel', seed: 1, overrides: { gomaxprocs: g } }).final.channelTarget,
      ).toBe(n);
  });

  test('decisions are application RPC placements after the client is ready, of all three kinds when oversubscribed', () => {
    const run = new PoolLessonRun({ scenario: 'oversubscribed', seed: 7 });
    const ready = run.after('client-ready')!;
    const d = run.decisions();
    expect(d.every((i) => i >= ready)).toBe(true);
    expect(new Set(d.map((i) => run.placementOf(i)))).toEqual(new Set(['channel', 'socket', 'wait']));
  });

  test('latency splits channel and socket RPCs of the application, and the socket is slower', () => {
    const run = new PoolLessonRun({ scenario: 'oversubscribed', seed: 7 });
    const ch = run.latency('channel');
    const so = run.latency('socket');
    expect(ch.count).toBe(run.count('channel-acquired'));
    expect(so.count).toBeGreaterThan(0);
    expect(so.p50Ns).toBeGreaterThan(ch.p50Ns);
  });

  test('dead channels stay dead: alive at the end = target − deaths', () => {
    const run = new PoolLessonRun({ scenario: 'dying-channels', seed: 5 });
    expect(run.aliveAtEnd()).toBe(run.final.channelTarget - run.count('channel-died'));
  });
});
