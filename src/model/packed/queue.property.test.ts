/**
 * Random interleavings of packed-ring driver and device operations (the packed counterpart of the split ring's
 * queue.property.test.ts): after every operation the invariants hold; every buffer reclaimed is one that was
 * made available and not yet reclaimed, with the length the device reported; and the only exceptions are typed
 * PackedRingErrors. With corruption on, random bytes of the ring, the event areas and the indirect tables are
 * overwritten between operations (a hostile peer), and both sides must still only ever fail with
 * PackedRingError. The same seed gives the same guest memory, byte for byte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng } from '../sim/prng';
import { PackedRingError } from './errors';
import { checkPackedInvariants } from './invariants';
import { createPackedQueue, type PackedQueue } from './queue';

interface Outcome {
  completed: number;
  errors: number;
  laps: number;
  image: Uint8Array;
}

const SIZES = [1, 2, 3, 4, 5, 7, 8, 13, 16, 31, 64, 100, 256];

function randomPackedInterleaving(seed: number, steps: number, corrupt: boolean): Outcome {
  const r = Prng.stream(seed, 'packed interleaving');
  const qs = r.pick(SIZES);
  const features = { eventIdx: r.bool(), indirect: r.bool() };
  const q: PackedQueue = createPackedQueue({
    queueSize: qs,
    features,
    driver: { indirect: r.bool(0.8) ? 'auto' : 'never' },
  });
  const held: number[] = [];
  /** token → buffer addresses (to free) and writable bytes; the device's reported length once filled. */
  const inFlight = new Map<number, { addrs: number[]; writable: number }>();
  const filledLen = new Map<number, number>();
  let corrupted = false;
  let errors = 0;
  let completed = 0;
  let laps = 0;
  const hostile = [
    { base: q.layout.desc, size: q.layout.totalSize },
    { base: q.map.tables.base, size: q.map.tables.size },
  ].filter((a) => a.size > 0);

  for (let i = 0; i < steps; i++) {
    const op = r.int(0, corrupt ? 12 : 11);
    try {
      switch (op) {
        case 0:
        case 1:
        case 2: {
          const whole = r.bool(0.05);
          const total = whole ? qs + r.int(0, 1) : r.int(1, Math.min(4, qs + 1));
          const nOut = r.int(0, total);
          const addrs: number[] = [];
          let writable = 0;
          const mk = (k: number) => {
            const len = r.int(1, 300);
            const a = q.buffers.alloc(len);
            if (a === null) return null;
            addrs.push(a);
            if (k >= nOut) writable += len;
            return { addr: a, len };
          };
          const list = Array.from({ length: total }, (_, k) => mk(k));
          if (list.includes(null)) {
            for (const a of addrs) q.buffers.release(a);
            break;
          }
          const refs = list as { addr: number; len: number }[];
          try {
            const res = q.driver.add(refs.slice(0, nOut), refs.slice(nOut), i);
            inFlight.set(i, { addrs, writable });
            if (res.availWrap.from !== res.availWrap.to) laps++;
          } catch (e) {
            for (const a of addrs) q.buffers.release(a);
            throw e;
          }
          break;
        }
        case 3:
          q.driver.kickPrepare();
          break;
        case 4:
        case 5: {
          const p = q.device.pop();
          if (p) held.push(p.chain.id);
          break;
        }
        case 6:
        case 7: {
          if (held.length === 0) break;
          const [id] = held.splice(r.int(0, held.length - 1), 1); // any held buffer: out of order
          const len = r.int(0, q.device.s.heldWritable[id]);
          q.device.fill(id, len);
          filledLen.set(q.driver.s.token[id], len);
          if (r.bool(0.5)) q.device.flush();
          break;
        }
        case 8:
          q.device.flush();
          q.device.shouldInterrupt();
          break;
        case 9:
        case 10: {
          const u = q.driver.getUsed();
          if (u) {
            const mine = inFlight.get(u.token);
            if (!corrupted) {
              expect(mine, `seed ${seed}: reclaimed token ${u.token} that is not in flight`).toBeDefined();
              expect(u.len, `seed ${seed}: token ${u.token}`).toBe(filledLen.get(u.token));
              expect(u.len).toBeLessThanOrEqual(mine?.writable ?? 0);
            }
            for (const a of mine?.addrs ?? []) q.buffers.release(a);
            inFlight.delete(u.token);
            filledLen.delete(u.token);
            completed++;
          }
          break;
        }
        case 11: {
          const which = r.int(0, 3);
          if (which === 0) q.driver.disableCallbacks();
          else if (which === 1) q.driver.enableCallbacks();
          else if (which === 2) q.driver.enableCallbacksDelayed();
          else q.device.setNotification(r.bool());
          break;
        }
        case 12: {
          // a hostile peer: overwrite random bytes of the ring, the event areas or an indirect table
          corrupted = true;
          const area = r.pick(hostile);
          for (let k = r.int(1, 4); k > 0; k--) q.mem.writeU8(area.base + r.int(0, area.size - 1), r.int(0, 255));
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof PackedRingError)) throw e;
      errors++;
      if (!corrupt && e.kind !== 'NotEnoughFreeDescriptors' && e.kind !== 'ChainTooLong') {
        throw new Error(`seed ${seed}: unexpected ${e.kind} without corruption: ${e.message}`);
      }
      if (e.kind === 'QueueBroken' && !q.driver.s.broken && !q.device.s.broken) {
        throw new Error(`seed ${seed}: QueueBroken from a side that is not broken`);
      }
    }
    checkPackedInvariants(q.driver, q.device, q.driver.tables, !corrupted);
  }
  return { completed, errors, laps, image: q.mem.image() };
}

describe('random packed driver/device interleavings', () => {
  it('seed 42: 600 runs of 200 operations, no corruption — invariants hold, only "wait" and "too long" refusals', () => {
    let completed = 0;
    let laps = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const o = randomPackedInterleaving(seed, 200, false);
        completed += o.completed;
        laps += o.laps;
      }),
      { seed: 42, numRuns: 600 },
    );
    // the runs really move buffers round the ring, many times
    expect(completed).toBeGreaterThan(8_000);
    expect(laps).toBeGreaterThan(1_500);
  });

  it('seed 1717: 600 runs of 200 operations with random ring corruption — only typed errors', () => {
    let errors = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        errors += randomPackedInterleaving(seed, 200, true).errors;
      }),
      { seed: 1717, numRuns: 600 },
    );
    expect(errors).toBeGreaterThan(300); // corruption really is detected
  });

  it('seed 9: same seed, same bytes; another seed, other bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xfffffffe }), (seed) => {
        const a = randomPackedInterleaving(seed, 150, true);
        const b = randomPackedInterleaving(seed, 150, true);
        expect(Buffer.from(b.image).equals(Buffer.from(a.image))).toBe(true);
        expect(b.errors).toBe(a.errors);
      }),
      { seed: 9, numRuns: 60 },
    );
    const x = randomPackedInterleaving(5, 150, false).image;
    const y = randomPackedInterleaving(6, 150, false).image;
    expect(Buffer.from(x).equals(Buffer.from(y))).toBe(false);
  });

  it('pinned regression seeds', () => {
    // 3227710686: the counterexample fast-check found (seed 42 run) for the false "used for the wrong lap" error
    // the driver once raised for a stale slot left behind by out-of-order lists; the rest are edge seeds.
    for (const seed of [3227710686, 0, 1, 0xffffffff]) {
      randomPackedInterleaving(seed, 400, false);
      randomPackedInterleaving(seed, 400, true);
    }
  });
});
