/**
 * Every queue operation comes twice: a lean call that returns a number or a boolean and
 * allocates nothing (addBuffers, needsKick, popHead, fillUsed, flushUsed, needsInterrupt,
 * reclaim) and an explained call that also describes what it did (add, kickPrepare, pop,
 * fill, flush, shouldInterrupt, getUsed). Two queues driven in lockstep by the same random
 * operations — one through each kind of call, with the same hostile bytes written into both
 * rings — must stay byte-identical in memory and state, decide the same, and fail with the
 * same errors.
 */
import { describe, expect, it } from 'vitest';
import { Prng } from '../sim/prng';
import { RingError } from './errors';
import { createQueue, type QueueConfig, type Virtqueue } from './queue';

type Outcome = { value: unknown } | { error: string };

function attempt(f: () => unknown): Outcome {
  try {
    return { value: f() };
  } catch (e) {
    if (!(e instanceof RingError)) throw e;
    return { error: `${e.kind}: ${e.message}` };
  }
}

function firstDifference(x: Uint8Array, y: Uint8Array): number {
  if (x.length !== y.length) return Math.min(x.length, y.length);
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return k;
  return -1;
}

/** The first field where two saved states differ, or null (typed arrays compared as bytes; fast). */
function stateDifference(x: object, y: object): string | null {
  const ya = y as Record<string, unknown>;
  for (const [k, v] of Object.entries(x)) {
    const w = ya[k];
    if (ArrayBuffer.isView(v) && ArrayBuffer.isView(w)) {
      const d = firstDifference(
        new Uint8Array(v.buffer, v.byteOffset, v.byteLength),
        new Uint8Array(w.buffer, w.byteOffset, w.byteLength),
      );
      if (d >= 0) return `${k} at byte ${d}`;
    } else if (JSON.stringify(v) !== JSON.stringify(w)) return `${k}: ${JSON.stringify(v)} vs ${JSON.stringify(w)}`;
  }
  return null;
}

function lockstep(seed: number, steps: number, corrupt: boolean): number {
  const r = Prng.stream(seed, 'lean-vs-explained');
  const qs = r.pick([1, 2, 8, 64, 256]);
  const config: QueueConfig = {
    queueSize: qs,
    features: { eventIdx: r.bool(), indirect: r.bool() },
    driver: { segmentSize: r.pick([0, 0, 64]) },
    baseIndex: r.pick([0, 65530]),
  };
  const a: Virtqueue = createQueue(config); // explained calls
  const b: Virtqueue = createQueue(config); // lean calls
  let compared = 0;
  for (let i = 0; i < steps; i++) {
    const op = r.int(0, corrupt ? 7 : 6);
    let x: Outcome;
    let y: Outcome;
    switch (op) {
      case 0:
      case 1: {
        const len = r.int(1, 300);
        const addrA = a.buffers.alloc(len + 16);
        const addrB = b.buffers.alloc(len + 16);
        if (addrA === null || addrB === null) continue;
        expect(addrA).toBe(addrB);
        const out = r.bool() ? [{ addr: addrA, len: 16 }] : [];
        const inb = [{ addr: addrA + 16, len }];
        x = attempt(() => a.driver.add(out, inb, i).head);
        y = attempt(() => b.driver.addBuffers(out, inb, i));
        break;
      }
      case 2:
        x = attempt(() => a.driver.kickPrepare().kick);
        y = attempt(() => b.driver.needsKick());
        break;
      case 3:
        x = attempt(() => a.device.pop()?.chain.head ?? -1);
        y = attempt(() => b.device.popHead());
        if ('value' in x && (x.value as number) >= 0) {
          const head = x.value as number;
          const len = r.int(0, 400);
          x = attempt(() => a.device.fill(head, len).usedSlot);
          y = attempt(() => b.device.fillUsed(head, len));
        }
        break;
      case 4:
        x = attempt(() => a.device.flush().count);
        y = attempt(() => b.device.flushUsed());
        break;
      case 5:
        x = attempt(() => a.device.shouldInterrupt().interrupt);
        y = attempt(() => b.device.needsInterrupt());
        break;
      case 6: {
        const keep = r.bool();
        x = attempt(() => {
          const u = a.driver.getUsed(keep);
          return u === null ? -1 : [u.head, u.len, u.token];
        });
        y = attempt(() => {
          const h = b.driver.reclaim(keep);
          return h < 0 ? -1 : [h, b.driver.lastUsedLen, b.driver.lastUsedToken];
        });
        if (keep && 'value' in x && Array.isArray(x.value)) {
          const head = x.value[0] as number;
          a.driver.free(head);
          b.driver.free(head);
        }
        break;
      }
      default: {
        // a hostile peer: the same random bytes into both rings
        const at = r.int(0, a.layout.totalSize - 1);
        const v = r.int(0, 255);
        a.mem.writeU8(at, v);
        b.mem.writeU8(at, v);
        continue;
      }
    }
    expect(y, `step ${i} op ${op}`).toEqual(x);
    expect(
      firstDifference(new Uint8Array(a.mem.buffer), new Uint8Array(b.mem.buffer)),
      `step ${i}: first differing byte`,
    ).toBe(-1);
    expect(stateDifference(a.driver.s, b.driver.s), `step ${i}: driver state`).toBe(null);
    expect(stateDifference(a.device.s, b.device.s), `step ${i}: device state`).toBe(null);
    compared++;
  }
  return compared;
}

describe('lean and explained calls do the same ring work', () => {
  for (const corrupt of [false, true]) {
    it(`250 seeds × 150 steps${corrupt ? ', with ring corruption' : ''} (seeds 1..250)`, () => {
      let compared = 0;
      for (let seed = 1; seed <= 250; seed++) compared += lockstep(seed, 150, corrupt);
      expect(compared).toBeGreaterThan(250 * 150 * 0.5);
      // ~20 s alone; the default 60 s is too tight when the machine is shared.
    }, 180_000);
  }
});
