/**
 * A packed-ring comparison run: the model's Linux-style driver fills a ring on a memfd, and at every quiescent
 * point (driver done with a batch, device not yet run) the model device (on a copy of the image) and the C
 * device (csrc/pvq.c, on the memfd) serve once each; the whole memfd must come out identical — descriptor ring,
 * both event areas, indirect tables and data buffers — with the same completions, interrupt decision and state.
 * Used by packed-compare.test.ts and by `npm run compare -- --ring packed`.
 */
import { PackedRingError } from '@ringside/model/packed/errors.ts';
import type { BufferRef } from '@ringside/model/packed/driver.ts';
import { Prng } from '@ringside/model/sim/prng.ts';
import { openPackedPair, passBoth, type PackedPair } from './packed-pair.ts';

export interface PackedCompareRun {
  points: number;
  bytes: number;
  completed: number;
  usedFlips: number;
  availFlips: number;
  interrupts: number;
  suppressed: number;
  /** The first quiescent point where the two sides disagree, in words; null when all agreed. */
  mismatch: string | null;
}

/** Driver steps of one round: reclaim what is used, maybe toggle callbacks, add a batch, the kick decision. */
export function driverRound(p: PackedPair, r: Prng, owned: Map<number, number[]>, maxElements: number): number {
  const drv = p.q.driver;
  let reclaimed = 0;
  for (let u = drv.getUsed(); u; u = drv.getUsed()) {
    for (const a of owned.get(u.id) ?? []) p.q.buffers.release(a);
    owned.delete(u.id);
    reclaimed++;
  }
  // vary the driver event area the device reads for its interrupt decision: DISABLE, ENABLE or DESC
  if (r.bool(0.3)) drv.disableCallbacks();
  else drv.enableCallbacks();
  const batch = r.int(1, 6);
  for (let b = 0; b < batch; b++) {
    const total = r.int(1, Math.min(maxElements, p.q.layout.queueSize));
    const nOut = r.int(0, total - 1);
    const addrs: number[] = [];
    const refs: BufferRef[] = [];
    for (let k = 0; k < total; k++) {
      const len = r.int(1, 200);
      const at = p.q.buffers.alloc(len, 16);
      if (at === null) break;
      addrs.push(at);
      refs.push({ addr: at, len });
    }
    const release = () => {
      for (const a of addrs) p.q.buffers.release(a);
    };
    if (refs.length < total) {
      release();
      break;
    }
    try {
      const res = drv.add(refs.slice(0, nOut), refs.slice(nOut), b);
      owned.set(res.id, addrs);
    } catch (e) {
      release();
      if (e instanceof PackedRingError && e.kind === 'NotEnoughFreeDescriptors') break;
      throw e;
    }
  }
  drv.kickPrepare();
  return reclaimed;
}

export function runPackedCompare(
  qs: number,
  eventIdx: boolean,
  indirect: boolean,
  seed: number,
  rounds: number,
): PackedCompareRun {
  const p = openPackedPair(qs, { eventIdx, indirect });
  const r = Prng.stream(seed, 'packed-compare');
  const owned = new Map<number, number[]>();
  const run: PackedCompareRun = {
    points: 0,
    bytes: 0,
    completed: 0,
    usedFlips: 0,
    availFlips: 0,
    interrupts: 0,
    suppressed: 0,
    mismatch: null,
  };
  try {
    for (let k = 0; k < rounds; k++) {
      // lists up to the whole ring (QS ≤ 5) or 5 descriptors long
      driverRound(p, r, owned, 5);
      const before = { ...p.native };
      const o = passBoth(p);
      if (o.native.error || o.model.error) {
        run.mismatch = `round ${k}: a clean ring was refused (model ${o.model.error?.message}, C ${o.native.error?.message})`;
        break;
      }
      if (JSON.stringify(o.native) !== JSON.stringify(o.model)) {
        run.mismatch = `round ${k}: model ${JSON.stringify(o.model)} but C ${JSON.stringify(o.native)}`;
        break;
      }
      if (o.firstDiff >= 0) {
        run.mismatch = `round ${k}: memory differs first at byte 0x${o.firstDiff.toString(16)}`;
        break;
      }
      run.points++;
      run.bytes += o.bytes;
      run.completed += o.native.completed;
      if (o.native.state.usedWrap !== before.usedWrap) run.usedFlips++;
      if (o.native.state.availWrap !== before.availWrap) run.availFlips++;
      if (o.native.interrupt === true) run.interrupts++;
      if (o.native.interrupt === false) run.suppressed++;
    }
    // the driver reclaims the last batch without complaint: the C device's used descriptors are well formed
    driverRound(p, r, owned, 4);
  } finally {
    p.close();
  }
  return run;
}
