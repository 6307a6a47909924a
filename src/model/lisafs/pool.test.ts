import { describe, expect, it } from 'vitest';
import { closePool, killChannel, popChannel, releaseChannel } from './pool';
import type { ChannelState, PoolState } from './types';

function channel(id: number): ChannelState {
  return {
    id,
    status: 'available',
    deathReason: null,
    destroyed: false,
    word: 'client-active',
    holder: null,
    uses: 0,
    fdsDonated: 0,
    packetWindow: { bytes: 4096, dataLen: 0, mid: null, numFDs: 0 },
    createdAt: 0,
  };
}

function pool(n: number): PoolState {
  return {
    phase: 'ready',
    readyAt: 0,
    maxMessageSize: 1024,
    supported: [],
    channelTarget: n,
    channels: Array.from({ length: n }, (_, i) => channel(i)),
    stack: Array.from({ length: n }, (_, i) => i),
    activeCount: 0,
    socket: { holder: null, queue: [], hungUp: false, destroyed: false, uses: 0, fdsDonated: 0 },
    watchdog: { phase: 'polling', firedAt: null, destroyedAt: null },
    callers: [],
    fds: { socket: 1, channelFdSockets: n, mappedWindows: n },
    nextRpcSeq: 0,
    latency: [],
    occupancy: [],
  };
}

describe('channel pool stack', () => {
  it('pops in LIFO order: the last channel pushed is the first one taken', () => {
    const s = pool(4);
    expect([popChannel(s, 0), popChannel(s, 1), popChannel(s, 2)]).toEqual([3, 2, 1]);
    releaseChannel(s, 2);
    releaseChannel(s, 3);
    expect(s.stack).toEqual([0, 2, 3]);
    expect(popChannel(s, 5)).toBe(3);
  });

  it('keeps the hot channel hot when one caller works alone', () => {
    const s = pool(4);
    for (let i = 0; i < 10; i++) releaseChannel(s, popChannel(s, 0)!);
    expect(s.channels.map((c) => c.uses)).toEqual([0, 0, 0, 10]);
  });

  it('returns null when the stack is empty, and counts active users like a WaitGroup', () => {
    const s = pool(2);
    popChannel(s, 0);
    popChannel(s, 1);
    expect(s.activeCount).toBe(2);
    expect(popChannel(s, 2)).toBeNull();
  });

  it('never re-pools a dead channel', () => {
    const s = pool(3);
    const id = popChannel(s, 0)!;
    killChannel(s, id, 'transport-error');
    expect(releaseChannel(s, id)).toBe(false);
    expect(s.stack).toEqual([0, 1]);
    expect(s.channels[id].status).toBe('dead');
    expect(s.activeCount).toBe(0);
  });

  it('closePool shuts down channels in use, drops the stack, and refuses later pushes', () => {
    const s = pool(3);
    const held = popChannel(s, 0)!;
    s.channels[held].word = 'server-active';
    expect(closePool(s)).toEqual([held]);
    expect(s.stack).toBeNull();
    expect(s.channels[held].word).toBe('shutdown');
    expect(popChannel(s, 1)).toBeNull();
    expect(releaseChannel(s, held)).toBe(false);
    expect(s.channels.every((c) => c.status === 'dead')).toBe(true);
  });
});
