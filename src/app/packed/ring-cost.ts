/**
 * The same workload on both rings, measured from the two models' own memory writes: how many
 * bytes of ring memory, and how many 64-byte cache lines of it, each side writes per request,
 * and how many notifications it takes. Both runs make one-descriptor requests of the same
 * count on a ring of the same size with the same EVENT_IDX setting; only ring memory counts
 * (the descriptor table, the available and used rings, the packed ring and its event areas),
 * never the data buffers. DOM-free.
 */
import { PackedSim } from '../../model/packed/sim';
import { Simulation } from '../../model/vqsim/engine';
import { summarize } from '../../model/vqsim/summary';

export const CACHE_LINE = 64;

export interface RingCost {
  requests: number;
  bytes: number;
  /** Cache-line writes: in each step, the distinct lines of ring memory written, summed over steps. */
  lines: number;
  kicks: number;
  interrupts: number;
}

export interface RingCostSpec {
  seed: number;
  queueSize: number;
  requests: number;
  eventIdx: boolean;
}

/** Count ring writes between `lo` and `hi` while `run` steps the model; one line set per step. */
function meter(lo: number, hi: number) {
  let bytes = 0;
  let lines = 0;
  let step = new Set<number>();
  return {
    observe(gpa: number, data: Uint8Array) {
      if (gpa + data.length <= lo || gpa >= hi) return;
      const a = Math.max(gpa, lo);
      const b = Math.min(gpa + data.length, hi);
      bytes += b - a;
      for (let l = Math.floor(a / CACHE_LINE); l <= Math.floor((b - 1) / CACHE_LINE); l++) step.add(l);
    },
    endStep() {
      lines += step.size;
      step = new Set();
    },
    get bytes() {
      return bytes;
    },
    get lines() {
      return lines;
    },
  };
}

export function splitCost(spec: RingCostSpec): RingCost {
  const sim = new Simulation({
    scenario: 'steady',
    seed: spec.seed,
    queueSize: spec.queueSize,
    requests: spec.requests,
    features: { eventIdx: spec.eventIdx, indirect: false },
    singleDescriptor: true,
    recordWrites: false,
  });
  const l = sim.vq.layout;
  const m = meter(l.desc, l.desc + l.totalSize);
  sim.vq.mem.observer = m.observe;
  while (sim.step()) m.endStep();
  const s = summarize(sim.log);
  return {
    requests: s.requests.completed,
    bytes: m.bytes,
    lines: m.lines,
    kicks: s.kicks.sent,
    interrupts: s.interrupts.sent,
  };
}

export function packedCost(spec: RingCostSpec): RingCost {
  const sim = new PackedSim({
    seed: spec.seed,
    queueSize: spec.queueSize,
    requests: spec.requests,
    features: { eventIdx: spec.eventIdx, indirect: false },
    maxElements: 1,
  });
  const l = sim.q.layout;
  const m = meter(l.desc, l.desc + l.totalSize);
  sim.q.mem.observer = m.observe;
  while (sim.step()) m.endStep();
  const count = (k: string) => sim.log.filter((e) => e.kind === k).length;
  return {
    requests: sim.completed,
    bytes: m.bytes,
    lines: m.lines,
    kicks: count('kick'),
    interrupts: count('interrupt'),
  };
}
