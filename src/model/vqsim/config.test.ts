import { describe, expect, it } from 'vitest';
import { requestShape, resolveConfig } from './config';
import { Simulation } from './engine';
import { SCENARIOS } from './scenarios';

describe('the starting index', () => {
  it("defaults to the scenario's and can be set", () => {
    expect(resolveConfig({ scenario: 'steady', seed: 1 }).resolved.baseIndex).toBe(0);
    expect(resolveConfig({ scenario: 'wrap-around', seed: 1 }).resolved.baseIndex).toBe(65530);
    expect(resolveConfig({ scenario: 'steady', seed: 1, baseIndex: 65534 }).resolved.baseIndex).toBe(65534);
    expect(resolveConfig({ scenario: 'wrap-around', seed: 1, baseIndex: 0 }).resolved.baseIndex).toBe(0);
  });

  it.each([-1, 65536, 1.5, Number.NaN])('refuses %s with the range in words', (baseIndex) => {
    expect(() => resolveConfig({ scenario: 'steady', seed: 1, baseIndex })).toThrow(
      /starting ring index must be an integer from 0 to 65535/,
    );
  });

  it('starts both rings there and wraps at 65535 → 0', () => {
    const sim = new Simulation({ scenario: 'steady', seed: 3, queueSize: 4, baseIndex: 65534, requests: 6 });
    const adds = [];
    sim.run();
    for (const e of sim.log) if (e.kind === 'add') adds.push(e.data as { availIdx: { from: number; to: number } });
    expect(adds.map((a) => a.availIdx.from)).toEqual([65534, 65535, 0, 1, 2, 3]);
    expect(adds.at(-1)?.availIdx.to).toBe(4);
    expect(sim.done).toBe(true);
  });
});

describe('single-descriptor requests', () => {
  it('make every chain one descriptor, in every scenario that is not hostile', () => {
    for (const s of SCENARIOS.filter((x) => !x.hostile)) {
      const sim = new Simulation({ scenario: s.name, seed: 7, requests: 12, singleDescriptor: true });
      sim.run();
      const adds = sim.log.filter((e) => e.kind === 'add');
      expect(adds.length, s.name).toBeGreaterThan(0);
      for (const e of adds) {
        const d = e.data as { descriptors: number[]; indirect: unknown; out: number; in: number };
        expect([d.descriptors.length, d.indirect, d.out + d.in], `${s.name} step ${e.step}`).toEqual([1, null, 1]);
      }
    }
  });

  it("take the scenario's first writable buffer, or its readable one when nothing is written", () => {
    const steady = resolveConfig({ scenario: 'steady', seed: 1, singleDescriptor: true });
    expect(requestShape(steady.scenario, steady.resolved)).toEqual({ out: [], in: [steady.scenario.workload.in[0]] });
    const plain = resolveConfig({ scenario: 'steady', seed: 1 });
    expect(requestShape(plain.scenario, plain.resolved)).toEqual({
      out: plain.scenario.workload.out,
      in: plain.scenario.workload.in,
    });
  });

  it('leave runs without them unchanged (same log as not saying it)', () => {
    const a = new Simulation({ scenario: 'indirect', seed: 5 });
    const b = new Simulation({ scenario: 'indirect', seed: 5, singleDescriptor: false });
    a.run();
    b.run();
    expect(b.log.map((e) => e.text)).toEqual(a.log.map((e) => e.text));
  });
});
