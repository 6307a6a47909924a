/**
 * Ring bytes written per request by each model, recomputed in Node by the tests' own counter
 * (not the app's ring-cost.ts): one-descriptor requests on both rings, ring memory only.
 */
import { PackedSim } from '../src/model/packed/sim';
import { Simulation } from '../src/model/vqsim/engine';

function countRingBytes(mem: { observer: ((gpa: number, b: Uint8Array) => void) | null }, lo: number, hi: number) {
  const c = { bytes: 0 };
  mem.observer = (gpa, b) => {
    for (let k = 0; k < b.length; k++) if (gpa + k >= lo && gpa + k < hi) c.bytes++;
  };
  return c;
}

export function ringBytes(spec: { seed: number; queueSize: number; requests: number; eventIdx: boolean }) {
  const split = new Simulation({
    scenario: 'steady',
    seed: spec.seed,
    queueSize: spec.queueSize,
    requests: spec.requests,
    features: { eventIdx: spec.eventIdx, indirect: false },
    singleDescriptor: true,
    recordWrites: false,
  });
  const sl = split.vq.layout;
  const sb = countRingBytes(split.vq.mem, sl.desc, sl.desc + sl.totalSize);
  split.run();
  const packed = new PackedSim({
    seed: spec.seed,
    queueSize: spec.queueSize,
    requests: spec.requests,
    features: { eventIdx: spec.eventIdx, indirect: false },
    maxElements: 1,
  });
  const pl = packed.q.layout;
  const pb = countRingBytes(packed.q.mem, pl.desc, pl.deviceEvent + 4);
  while (packed.step());
  return { completed: split.log.filter((e) => e.kind === 'reclaim').length, split: sb.bytes, packed: pb.bytes };
}
