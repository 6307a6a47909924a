// Round trips through channels and through the socket give the gofer's answers byte for byte; the
// client's and the gofer's checks produce the model's errnos; the layout matches the model's constants.
import { afterEach, describe, expect, it } from 'vitest';
import * as model from '@ringside/model/lisafs/constants.ts';
import { HANDOFF_VALUE } from '@ringside/model/lisafs/flipcall.ts';
import { LisafsPool, lisafsConstants, type LisafsError } from './pool.ts';
import * as w from './wire.ts';

const pools: LisafsPool[] = [];
const open = (channels: number, windowBytes = 64 * 1024) => {
  const p = LisafsPool.create({ channels, windowBytes });
  pools.push(p);
  return p;
};
afterEach(() => {
  for (const p of pools.splice(0)) p.close();
});

const catchErr = (f: () => unknown): LisafsError => {
  try {
    f();
  } catch (e) {
    return e as LisafsError;
  }
  throw new Error('expected a throw');
};

describe('lisafs layout', () => {
  it('uses the model constants: headers, maxMessageSize, handoff words, MIDs, window rounding', () => {
    const k = lisafsConstants();
    expect(k.flipcallHeaderBytes).toBe(model.FLIPCALL_HEADER_BYTES);
    expect(k.channelHeaderBytes).toBe(model.CHANNEL_HEADER_BYTES);
    expect(k.serverMaxMessageSize).toBe(model.SERVER_MAX_MESSAGE_SIZE);
    expect(k.maxWantedFds).toBe(model.MAX_WANTED_FDS);
    expect(k.pageSize).toBe(model.PAGE_SIZE);
    expect(k.handoff).toEqual(HANDOFF_VALUE);
    for (const [name, mid] of Object.entries(k.mid)) expect(model.MID[name as model.MidName]).toBe(mid);
    // A default pool's window is exactly the model's packetWindowBytes(gVisor's maxMessageSize).
    const s = open(1, model.packetWindowBytes(model.SERVER_MAX_MESSAGE_SIZE)).stats();
    expect(s.windowBytes).toBe(2 * 1024 * 1024);
    expect(s.maxMessageSize).toBe(s.windowBytes - 20);
  });
});

describe.each([
  ['channel', 2],
  ['socket', 0],
])('lisafs round trips over the %s', (path, channels) => {
  const want = path === 'channel' ? 1 : -1; // the top of [0, 1], or the socket

  it('Mount, FStat, PRead, PWrite answer correctly', () => {
    const p = open(channels);
    const m = p.call(w.MID.Mount);
    expect(m.route).toBe(want);
    expect(w.decodeMount(m.data)).toEqual({ maxMessageSize: 65536 - 20, mids: [1, 2, 3, 10, 11, 12] });
    for (const fd of [1, 7, 0xffffffff]) {
      const r = p.call(w.MID.FStat, w.fstatRequest(fd));
      expect(r.route).toBe(want);
      expect(w.decodeFStat(r.data)).toEqual(w.expectedFStat(fd));
    }
    for (const [count, off] of [
      [0, 0],
      [1, 5],
      [4096, 3],
      [65536 - 20, 1 << 40],
    ]) {
      const r = p.call(w.MID.PRead, w.preadRequest(9, count, off));
      expect(r.data.equals(w.expectedPRead(9, count, off))).toBe(true);
    }
    const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff));
    const r = p.call(w.MID.PWrite, w.pwriteRequest(3, data, 12));
    expect(w.decodePWrite(r.data)).toEqual({ written: 5000, fnv1a: w.fnv1a32(data) });
    expect(p.stats().errors).toBe(0);
  });

  it('the gofer answers Error with its errno; the client refuses before any transport', () => {
    const p = open(channels);
    const bad = catchErr(() => p.call(w.MID.FStat, w.fstatRequest(0)));
    expect([bad.code, bad.route]).toEqual(['EBADF', want]);
    expect(catchErr(() => p.call(w.MID.FStat, Buffer.alloc(2))).code).toBe('EINVAL');
    const big = catchErr(() => p.call(w.MID.PRead, w.preadRequest(1, 65536)));
    expect([big.code, big.route]).toEqual(['EINVAL', want]); // answer larger than a window
    const unsupported = catchErr(() => p.call(6 /* WalkStat */, Buffer.alloc(8)));
    expect([unsupported.code, unsupported.route]).toEqual(['EOPNOTSUPP', -2]);
    expect(unsupported.message).toMatch(/did not list MID 6/);
    const oversize = catchErr(() => p.call(w.MID.PWrite, Buffer.alloc(65536 - 19)));
    expect([oversize.code, oversize.route]).toEqual(['EIO', -2]);
    expect(oversize.message).toMatch(/exceeds maxMessageSize 65516/);
    expect(catchErr(() => p.call(w.MID.Channel)).code).toBe('EINVAL');
    // Error replies leave the path usable: an errno from the gofer is not a transport failure.
    expect(w.decodeFStat(p.call(w.MID.FStat, w.fstatRequest(2)).data)).toEqual(w.expectedFStat(2));
    const s = p.stats();
    expect(s.channels.every((c) => c.status === 'available')).toBe(true);
    expect(s.calls).toBe(4); // refused-before-transport calls are not counted as calls
  });

  it('callInto copies into a caller buffer and refuses one that is too small', () => {
    const p = open(channels);
    const out = Buffer.alloc(64);
    expect(p.callInto(w.MID.FStat, w.fstatRequest(5), out)).toBe(24);
    expect(w.decodeFStat(out.subarray(0, 24))).toEqual(w.expectedFStat(5));
    expect(catchErr(() => p.callInto(w.MID.PRead, w.preadRequest(1, 65), out)).code).toBe('EMSGSIZE');
  });
});

describe('lisafs packet window', () => {
  it('shows the last packet header and the handoff word back at client-active after a call', () => {
    const p = open(1);
    p.call(w.MID.PRead, w.preadRequest(1, 100));
    const c = p.stats().channels[0];
    expect(c.word).toBe('client-active');
    expect(c.window).toEqual({ bytes: 65536, dataLen: 4 + 100, mid: w.MID.PRead, numFDs: 0 });
    expect(p.stats().fdsDonated).toBe(1); // the Channel RPC donated the window's memfd
  });
});
