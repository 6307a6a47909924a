// One packed queue on a memfd (the model's driver writes it), and a pass of both devices at a
// quiescent point: the model device on a copy of the image, the C device (pvq.c) on the memfd itself.
import { GuestMemory } from '@ringside/model/memory/guest-memory.ts';
import type { PackedFeatures } from '@ringside/model/packed/constants.ts';
import { createPackedQueue, planPackedMemory, type PackedQueue } from '@ringside/model/packed/queue.ts';
import { loadNativeBridge, type PackedProbeResult, type PackedProbeState } from '../native.ts';
import { SharedRegion } from '../index.ts';
import { freshProbeState, modelPass } from './model-pass.ts';

export interface PackedPair {
  region: SharedRegion;
  mem: GuestMemory;
  q: PackedQueue;
  features: PackedFeatures;
  model: PackedProbeState;
  native: PackedProbeState;
  close(): void;
}

export function openPackedPair(qs: number, features: PackedFeatures): PackedPair {
  const config = { queueSize: qs, features, bufferBytes: 256 << 10, tableBytes: features.indirect ? 64 << 10 : 0 };
  const { map } = planPackedMemory(config);
  const region = SharedRegion.create('rs-packed-compare', map.total);
  const mem = new GuestMemory(region.buffer);
  const q = createPackedQueue(config, mem);
  return {
    region,
    mem,
    q,
    features,
    model: freshProbeState(),
    native: freshProbeState(),
    close: () => region.close(),
  };
}

export interface PassOutcome {
  model: PackedProbeResult;
  native: PackedProbeResult;
  /** First differing byte offset, or -1 when the two images are identical. */
  firstDiff: number;
  bytes: number;
}

/** Both devices, one pass each, from the same image; the memfd keeps the C device's result. */
export function passBoth(p: PackedPair): PassOutcome {
  const copy = new Uint8Array(p.region.buffer).slice();
  const l = p.q.layout;
  const model = modelPass(new GuestMemory(copy.buffer), l, p.features, p.model);
  const native = loadNativeBridge().probePackedVirtqueue(
    p.region.buffer,
    l.queueSize,
    l.desc,
    l.driverEvent,
    l.deviceEvent,
    p.features.eventIdx,
    p.features.indirect,
    p.native.lastAvail,
    p.native.availWrap,
    p.native.usedIdx,
    p.native.usedWrap,
    p.native.signalledUsed,
    p.native.signalledValid,
  );
  p.model = model.state;
  p.native = native.state;
  const img = new Uint8Array(p.region.buffer);
  let firstDiff = -1;
  if (Buffer.compare(Buffer.from(copy.buffer), Buffer.from(img.buffer)) !== 0) {
    for (let k = 0; k < img.length; k++) {
      if (img[k] !== copy[k]) {
        firstDiff = k;
        break;
      }
    }
  }
  return { model, native, firstDiff, bytes: img.length };
}
