import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../vqsim/scenarios';
import { packedConfigFor } from './from-scenario';
import { PackedSim } from './sim';

describe('a scenario as a packed run', () => {
  it('every benign scenario runs to the end on the packed ring, byte for byte the same twice', () => {
    for (const s of SCENARIOS.filter((x) => !x.hostile)) {
      const cfg = packedConfigFor({ scenario: s.name, seed: 7 });
      const a = new PackedSim(cfg);
      const b = new PackedSim(cfg);
      a.run();
      b.run();
      expect([a.done, a.stalled, a.error], s.name).toEqual([true, false, null]);
      expect(a.completed + a.rejected, s.name).toBe(cfg.requests);
      expect(b.q.mem.image()).toEqual(a.q.mem.image());
      expect(b.log.map((e) => e.text)).toEqual(a.log.map((e) => e.text));
    }
  });

  it("takes the scenario's shape: size, features, requests, buffers per request, batching, order", () => {
    const c = packedConfigFor({ scenario: 'out-of-order', seed: 3, queueSize: 16, features: { eventIdx: true } });
    expect(c).toMatchObject({ seed: 3, queueSize: 16, requests: 80, maxElements: 3, batchMax: 2, outOfOrder: 0.5 });
    expect(c.features.eventIdx).toBe(true);
    expect(packedConfigFor({ scenario: 'steady', seed: 1, singleDescriptor: true }).maxElements).toBe(1);
  });

  it('refuses what has no packed form, saying why', () => {
    const hostile = SCENARIOS.find((s) => s.hostile)!;
    expect(() => packedConfigFor({ scenario: hostile.name, seed: 1 })).toThrow(/no packed form/);
    expect(() => packedConfigFor({ scenario: 'steady', seed: 1, baseIndex: 5 })).toThrow(/no 16-bit/);
  });
});
