/**
 * The model against an independent implementation (issue 19, item 4). lean-vs-explained only shows
 * the model agrees with itself; here each model side works against the other side written again,
 * plainly, in reference-ring.helper.ts, on one shared guest memory:
 *   - the model driver with the reference device: every chain the device pops holds exactly the
 *     buffers the test added, in avail order; every used entry the driver reclaims carries the
 *     token and length the device gave it; every kick decision is the one vring_need_event (or
 *     NO_NOTIFY) gives from the bytes the device wrote;
 *   - the reference driver with the model device: the same, the other way round, with every
 *     interrupt decision checked against the bytes the driver wrote (used_event, NO_INTERRUPT).
 * Random interleavings: out-of-order completion, batched flushes, notifications and callbacks
 * switched on and off, starting indices near the wrap, indirect tables on the model driver.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng } from '../sim/prng';
import { createQueue, type Virtqueue } from './queue';
import { type RefBuffer, RefDevice, RefDriver, refNeedEvent } from './reference-ring.helper';
import { ring } from './layout';

interface Setup {
  r: Prng;
  vq: Virtqueue;
  view: DataView;
  eventIdx: boolean;
  base: number;
}

function setup(seed: number, name: string, indirect: boolean): Setup {
  const r = Prng.stream(seed, name);
  const eventIdx = r.bool();
  const base = r.pick([0, 65535 - r.int(0, 6), r.int(0, 65535)]);
  const vq = createQueue({
    queueSize: r.pick([1, 2, 4, 8, 32, 256]),
    features: { eventIdx, indirect },
    baseIndex: base,
  });
  const view = new DataView(vq.mem.buffer as ArrayBuffer);
  return { r, vq, view, eventIdx, base };
}

function randomBuffers(s: Setup, max: number): RefBuffer[] | null {
  const n = s.r.int(1, max);
  const out = s.r.int(0, n - 1);
  const bufs: RefBuffer[] = [];
  for (let k = 0; k < n; k++) {
    const len = s.r.int(1, 300);
    const addr = s.vq.buffers.alloc(len);
    if (addr === null) {
      for (const b of bufs) s.vq.buffers.release(b.addr);
      return null;
    }
    bufs.push({ addr, len, write: k >= out });
  }
  return bufs;
}

const release = (s: Setup, bufs: readonly RefBuffer[]) => {
  for (const b of bufs) s.vq.buffers.release(b.addr);
};

/** The model driver against the reference device. Returns how many round trips completed. */
function modelDriverRun(seed: number, steps: number): number {
  const s = setup(seed, 'model-driver', true);
  const { vq, r, view } = s;
  const dev = new RefDevice(view, vq.layout, s.eventIdx, s.base);
  const offered: { token: number; bufs: RefBuffer[] }[] = []; // added, not yet popped (avail order)
  const held: { head: number; writable: number }[] = [];
  const published: { head: number; len: number }[] = []; // filled by the device (used order)
  const inFlight = new Map<number, RefBuffer[]>(); // token → buffers
  const headToken = new Map<number, number>();
  let kickedAt = s.base;
  let token = 0;
  let done = 0;
  for (let i = 0; i < steps; i++) {
    const op = r.int(0, 9);
    if (op <= 1) {
      const bufs = randomBuffers(s, 3);
      if (!bufs) continue;
      // As many descriptors as buffers: enough whether or not the chain goes into an indirect table.
      if (bufs.length > vq.driver.s.numFree) {
        release(s, bufs);
        continue;
      }
      token++;
      const out = bufs.filter((b) => !b.write).map(({ addr, len }) => ({ addr, len }));
      const inb = bufs.filter((b) => b.write).map(({ addr, len }) => ({ addr, len }));
      const head = vq.driver.add(out, inb, token).head;
      offered.push({ token, bufs });
      inFlight.set(token, bufs);
      headToken.set(head, token);
    } else if (op === 2) {
      const now = view.getUint16(ring.availIdx(vq.layout), true);
      const want = s.eventIdx
        ? refNeedEvent(view.getUint16(ring.availEvent(vq.layout), true), now, kickedAt)
        : !(view.getUint16(ring.usedFlags(vq.layout), true) & 1);
      expect(vq.driver.needsKick(), `seed ${seed} step ${i}: kick decision`).toBe(want);
      kickedAt = now;
    } else if (op <= 4) {
      const c = dev.pop();
      if (!c) {
        expect(offered.length, `seed ${seed} step ${i}: device found nothing`).toBe(0);
        continue;
      }
      const front = offered.shift();
      expect(c.buffers, `seed ${seed} step ${i}: the chain the device popped`).toEqual(front?.bufs);
      expect(headToken.get(c.head)).toBe(front?.token);
      held.push({ head: c.head, writable: c.buffers.reduce((n, b) => n + (b.write ? b.len : 0), 0) });
    } else if (op <= 6) {
      if (held.length === 0) continue;
      const [h] = held.splice(r.int(0, held.length - 1), 1);
      const len = r.int(0, h.writable);
      dev.fill(h.head, len);
      published.push({ head: h.head, len });
      if (r.bool(0.6)) dev.flush();
    } else if (op === 7) {
      dev.flush();
      dev.setNotification(r.bool(0.7));
    } else if (op === 8) {
      const u = vq.driver.reclaim();
      const visible = view.getUint16(ring.usedIdx(vq.layout), true);
      if (u < 0) {
        expect(visible, `seed ${seed} step ${i}: the driver missed a used entry`).toBe(vq.driver.s.lastUsed);
        continue;
      }
      const want = published.shift()!;
      expect({ head: u, len: vq.driver.lastUsedLen }).toEqual(want);
      expect(vq.driver.lastUsedToken).toBe(headToken.get(u));
      release(s, inFlight.get(vq.driver.lastUsedToken) ?? []);
      inFlight.delete(vq.driver.lastUsedToken);
      done++;
    } else {
      if (r.bool()) vq.driver.disableCallbacks();
      else vq.driver.enableCallbacks();
    }
  }
  return done;
}

/** The reference driver against the model device. Returns how many round trips completed. */
function modelDeviceRun(seed: number, steps: number): number {
  const s = setup(seed, 'model-device', false);
  const { vq, r, view } = s;
  const drv = new RefDriver(view, vq.layout, s.eventIdx, s.base);
  const offered: { head: number; bufs: RefBuffer[] }[] = [];
  const held: number[] = [];
  const published: { head: number; len: number }[] = [];
  const tokens = new Map<number, RefBuffer[]>();
  let signalled = s.base;
  let signalledValid = false;
  let token = 0;
  let done = 0;
  for (let i = 0; i < steps; i++) {
    const op = r.int(0, 9);
    if (op <= 1) {
      const bufs = randomBuffers(s, 3);
      if (!bufs) continue;
      if (bufs.length > drv.numFree) {
        release(s, bufs);
        continue;
      }
      token++;
      const head = drv.add(bufs, token);
      offered.push({ head, bufs });
      tokens.set(token, bufs);
    } else if (op === 2) {
      drv.needsKick();
    } else if (op <= 4) {
      const head = vq.device.popHead();
      if (head < 0) {
        expect(offered.length, `seed ${seed} step ${i}: model device found nothing`).toBe(0);
        continue;
      }
      const w = vq.device.walk;
      const got: RefBuffer[] = [];
      for (let k = 0; k < w.count; k++) got.push({ addr: w.addr[k], len: w.len[k], write: (w.flags[k] & 2) !== 0 });
      const front = offered.shift();
      expect({ head, got }, `seed ${seed} step ${i}: the chain the model device popped`).toEqual({
        head: front?.head,
        got: front?.bufs,
      });
      held.push(head);
    } else if (op <= 6) {
      if (held.length === 0) continue;
      const [head] = held.splice(r.int(0, held.length - 1), 1);
      const len = r.int(0, vq.device.s.heldWritable[head]);
      vq.device.fill(head, len);
      published.push({ head, len });
      if (r.bool(0.6)) vq.device.flush();
    } else if (op === 7) {
      vq.device.flush();
      const now = view.getUint16(ring.usedIdx(vq.layout), true);
      const want = s.eventIdx
        ? !signalledValid || refNeedEvent(view.getUint16(ring.usedEvent(vq.layout), true), now, signalled)
        : !(view.getUint16(ring.availFlags(vq.layout), true) & 1) && now !== signalled;
      expect(vq.device.needsInterrupt(), `seed ${seed} step ${i}: interrupt decision`).toBe(want);
      signalled = now;
      signalledValid = true;
    } else if (op === 8) {
      const u = drv.reclaim();
      if (!u) continue;
      expect({ head: u.head, len: u.len }, `seed ${seed} step ${i}: the used entry`).toEqual(published.shift());
      release(s, tokens.get(u.token) ?? []);
      tokens.delete(u.token);
      done++;
    } else {
      if (r.bool()) drv.setInterrupts(r.bool(0.7));
      else vq.device.setNotification(r.bool(0.7));
    }
  }
  return done;
}

describe('the model against a second, plain implementation of the other side', () => {
  it('seed 20261204: model driver × reference device, 1500 runs of 200 operations', () => {
    let done = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        done += modelDriverRun(seed, 200);
      }),
      { seed: 20261204, numRuns: 1500 },
    );
    expect(done).toBeGreaterThan(15_000); // the runs really complete requests
  });

  it('seed 20261205: reference driver × model device, 1500 runs of 200 operations', () => {
    let done = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        done += modelDeviceRun(seed, 200);
      }),
      { seed: 20261205, numRuns: 1500 },
    );
    expect(done).toBeGreaterThan(15_000);
  });
});
