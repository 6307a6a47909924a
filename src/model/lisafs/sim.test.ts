import { describe, expect, it } from 'vitest';
import { MID } from './constants';
import { PoolInvariantError } from './errors';
import { checkPoolInvariants } from './invariants';
import { POOL_SCENARIOS, findPoolScenario } from './scenarios';
import { LisafsPoolSim } from './sim';
import { summarizePool } from './summary';
import type { PoolEvent } from './types';

const kinds = (evs: PoolEvent[]) => evs.map((e) => e.kind);

describe('LisafsPoolSim start-up', () => {
  it('mounts and creates channels over the socket before any caller runs', () => {
    const sim = new LisafsPoolSim({ seed: 1, callers: 1, rpcsPerCaller: 1 });
    const evs = sim.run();
    expect(kinds(evs).slice(0, 2)).toEqual(['socket-acquired', 'socket-replied']);
    const ready = evs.findIndex((e) => e.kind === 'client-ready');
    expect(ready).toBeGreaterThan(0);
    expect(evs.slice(0, ready).every((e) => e.kind.startsWith('socket'))).toBe(true);
    expect(sim.state.channels).toHaveLength(4);
    expect(sim.state.channels[0].packetWindow.bytes).toBe(2 * 1024 * 1024);
    // Each Channel RPC donated a memfd and an fd socket over the socket.
    expect(sim.state.socket.fdsDonated).toBe(8);
  });

  it('uses clamp(GOMAXPROCS, 2, 4) channels unless told otherwise', () => {
    expect(new LisafsPoolSim({ seed: 1, gomaxprocs: 1 }).state.channelTarget).toBe(2);
    expect(new LisafsPoolSim({ seed: 1, gomaxprocs: 3 }).state.channelTarget).toBe(3);
    expect(new LisafsPoolSim({ seed: 1, channels: 1 }).state.channelTarget).toBe(1);
  });
});

describe('LisafsPoolSim paths', () => {
  it('keeps one caller on the top channel (LIFO), never touching the others', () => {
    const sim = new LisafsPoolSim({ seed: 2, callers: 1, rpcsPerCaller: 25 });
    sim.run();
    expect(sim.state.channels.map((c) => c.uses)).toEqual([0, 0, 0, 25]);
  });

  it('goes to the socket, one RPC at a time, when there are no channels', () => {
    const sim = new LisafsPoolSim({ seed: 3, channels: 0, callers: 4, rpcsPerCaller: 5, thinkMeanNs: 100 });
    const evs = sim.run();
    expect(evs.some((e) => e.kind === 'socket-wait')).toBe(true);
    const sum = summarizePool(sim.state, sim.now);
    expect(sum.rpcs).toEqual({ channel: 0, socket: 20, rejected: 0 });
    expect(sum.peakSocketQueue).toBeGreaterThan(0);
    expect(sum.meanMutexWaitNs).toBeGreaterThan(0);
  });

  it('shows the socket path as much slower than the channel path under contention', () => {
    const sim = new LisafsPoolSim(findPoolScenario('oversubscribed')!.config);
    sim.run();
    const sum = summarizePool(sim.state, sim.now);
    expect(sum.rpcs.socket).toBeGreaterThan(0);
    expect(sum.latency.socket.meanNs).toBeGreaterThan(5 * sum.latency.channel.meanNs);
  });

  it('rejects oversize payloads with EIO and unknown MIDs with EOPNOTSUPP without taking a channel', () => {
    const sim = new LisafsPoolSim({ seed: 4, callers: 2, rpcsPerCaller: 40, oversizeProb: 0.2, unsupportedProb: 0.2 });
    const evs = sim.run();
    const rejected = evs.filter((e) => e.kind === 'rpc-rejected');
    expect(rejected.some((e) => e.errno === 'EIO' && e.mid === MID.PWrite)).toBe(true);
    expect(rejected.some((e) => e.errno === 'EOPNOTSUPP' && e.mid === MID.Connect)).toBe(true);
    for (const e of rejected) expect(e.channel).toBeUndefined();
    // A rejection leaves the stack exactly as it was.
    for (let i = 1; i < evs.length; i++)
      if (evs[i].kind === 'rpc-rejected') expect(evs[i].stack).toEqual(evs[i - 1].stack);
    const uses = sim.state.channels.reduce((n, c) => n + c.uses, 0);
    expect(uses + sim.state.latency.filter((l) => l.path === 'socket').length).toBe(80 - rejected.length + 5);
  });

  it('answers a failed handler with an Error message and keeps the channel alive', () => {
    const sim = new LisafsPoolSim({ seed: 5, callers: 1, rpcsPerCaller: 30, serverErrorProb: 0.3 });
    const evs = sim.run();
    const errs = evs.filter((e) => e.kind === 'server-replied' && e.errno === 'ENOENT');
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.every((e) => e.mid === MID.Error)).toBe(true);
    expect(sim.state.channels.every((c) => c.status === 'available')).toBe(true);
  });

  it('counts donated FDs: OpenAt gets one host FD per call', () => {
    const sim = new LisafsPoolSim({ seed: 6, callers: 2, rpcsPerCaller: 40 });
    sim.run();
    const opens = sim.state.latency.filter((l) => l.mid === MID.OpenAt && !l.errno).length;
    const received = sim.state.callers.filter((c) => c.role === 'app').reduce((n, c) => n + c.fdsReceived, 0);
    expect(received).toBe(opens);
    expect(sim.state.channels.reduce((n, c) => n + c.fdsDonated, 0)).toBe(opens);
  });
});

describe('LisafsPoolSim channel death', () => {
  it('never hands out a channel again after it died', () => {
    const sim = new LisafsPoolSim(findPoolScenario('dying-channels')!.config);
    const evs = sim.run();
    const died = new Map<number, number>();
    for (const e of evs) {
      if (e.kind === 'channel-died') died.set(e.channel!, e.step);
      if (e.kind === 'channel-acquired') expect(died.has(e.channel!)).toBe(false);
      for (const id of died.keys()) expect(e.stack ?? []).not.toContain(id);
    }
    expect(died.size).toBeGreaterThan(0);
    expect(evs.filter((e) => e.kind === 'channel-died').every((e) => e.errno === 'EIO')).toBe(true);
  });
});

describe('LisafsPoolSim watchdog', () => {
  it('on hang-up: shuts active channels, empties the pool, waits for users, destroys everything', () => {
    const sim = new LisafsPoolSim(findPoolScenario('gofer-hangup')!.config);
    const evs = sim.run();
    const k = kinds(evs);
    const hang = k.indexOf('hangup');
    const shut = k.indexOf('watchdog-shutdown');
    const destroy = k.indexOf('watchdog-destroy');
    expect(hang).toBeGreaterThan(0);
    expect(shut).toBeGreaterThan(hang);
    expect(destroy).toBeGreaterThan(shut);
    expect(evs[shut].stack).toBeNull();
    // Every channel RPC interrupted by the shutdown ended in EIO before destruction.
    const interrupted = evs.slice(shut, destroy).filter((e) => e.kind === 'channel-died');
    expect(interrupted.every((e) => e.errno === 'EIO')).toBe(true);
    // Nothing after destruction uses a channel, and socket RPCs fail.
    for (const e of evs.slice(destroy)) {
      expect(e.kind).not.toBe('channel-acquired');
      if (e.kind === 'socket-replied') throw new Error('a socket RPC succeeded after the hang-up');
    }
    const s = sim.state;
    expect(s.phase).toBe('closed');
    expect(s.stack).toBeNull();
    expect(s.activeCount).toBe(0);
    expect(s.channels.every((c) => c.destroyed && c.status === 'dead' && c.word === 'shutdown')).toBe(true);
    expect(s.fds).toEqual({ socket: 0, channelFdSockets: 0, mappedWindows: 0 });
    expect(s.callers.every((c) => c.status === 'done' && c.current === null)).toBe(true);
  });

  it('tears down an idle client at once', () => {
    const sim = new LisafsPoolSim({ seed: 1, callers: 0, hangupAtNs: 1_000_000 });
    const evs = sim.run();
    expect(kinds(evs).slice(-3)).toEqual(['hangup', 'watchdog-shutdown', 'watchdog-destroy']);
  });

  it('fails start-up when the gofer hangs up during Mount', () => {
    const sim = new LisafsPoolSim({ seed: 1, callers: 2, hangupAtNs: 10 });
    sim.run();
    expect(sim.state.readyAt).toBeNull();
    expect(sim.state.callers.filter((c) => c.role === 'app').every((c) => c.completed + c.failed === 0)).toBe(true);
  });
});

describe('LisafsPoolSim determinism and seeking', () => {
  it('replays the same events for the same seed', () => {
    const a = new LisafsPoolSim({ seed: 42, callers: 5, channelDeathProb: 0.02 }).run();
    const b = new LisafsPoolSim({ seed: 42, callers: 5, channelDeathProb: 0.02 }).run();
    expect(a).toEqual(b);
  });

  it('restores a snapshot and continues exactly as before', () => {
    const sim = new LisafsPoolSim({ seed: 8, callers: 6, channelDeathProb: 0.02, hangupAtNs: 200_000 });
    sim.run(60);
    const snap = sim.snapshot();
    const rest = sim.run();
    const copy = JSON.parse(JSON.stringify(snap));
    sim.restore(copy);
    expect(sim.steps).toBe(60);
    expect(sim.run()).toEqual(rest);
    const fresh = LisafsPoolSim.fromSnapshot(structuredClone(snap));
    expect(fresh.run()).toEqual(rest);
  });

  it('does not let a snapshot alias live state', () => {
    const sim = new LisafsPoolSim({ seed: 8, callers: 2 });
    sim.run(20);
    const snap = sim.snapshot();
    const before = JSON.stringify(snap);
    sim.run(20);
    expect(JSON.stringify(snap)).toBe(before);
  });
});

describe('pool invariants', () => {
  it('catch a caller holding a channel that is also on the stack', () => {
    const sim = new LisafsPoolSim({ seed: 1, callers: 1, rpcsPerCaller: 3 });
    for (let e = sim.step(); e && e.kind !== 'channel-acquired'; e = sim.step());
    const s = structuredClone(sim.snapshot().state);
    const held = s.channels.find((c) => c.holder !== null)!;
    s.stack!.push(held.id);
    expect(() => checkPoolInvariants(s)).toThrow(PoolInvariantError);
    try {
      checkPoolInvariants(s);
    } catch (e) {
      expect((e as PoolInvariantError).kind).toBe('stack-mismatch');
    }
  });

  it('catch a leak after destruction', () => {
    const sim = new LisafsPoolSim({ seed: 1, callers: 0, hangupAtNs: 500_000 });
    sim.run();
    const s = structuredClone(sim.snapshot().state);
    s.fds.socket = 1;
    expect(() => checkPoolInvariants(s)).toThrow(expect.objectContaining({ kind: 'leak' }));
  });
});

describe('pool scenarios', () => {
  it.each(POOL_SCENARIOS.map((s) => [s.id, s] as const))('%s runs to completion with a description', (_id, sc) => {
    expect(sc.description.length).toBeGreaterThan(150);
    const sim = new LisafsPoolSim(sc.config);
    const evs = sim.run();
    expect(sim.done).toBe(true);
    expect(evs.every((e) => typeof e.text === 'string' && e.text.length > 20)).toBe(true);
    expect(() => structuredClone(summarizePool(sim.state, sim.now))).not.toThrow();
  });
});
