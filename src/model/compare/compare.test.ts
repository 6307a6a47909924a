import { describe, expect, it } from 'vitest';
import { createQueue } from '../virtio/queue';
import { findScenario } from '../vqsim/scenarios';
import { runBatches } from './batch-runner';
import { compareRuns } from './compare';
import { ModelDevicePort } from './model-port';

function modelRun(scenario: string, seed: number, tweak?: (vq: ReturnType<typeof createQueue>) => void) {
  const s = findScenario(scenario)!;
  const vq = createQueue({
    queueSize: s.defaults.queueSize,
    features: s.defaults.features,
    driver: { segmentSize: s.driver.segmentSize },
  });
  tweak?.(vq);
  return { vq, run: runBatches(vq, new ModelDevicePort(vq), { scenario, seed }) };
}

describe('batch runner and comparison (model vs model)', () => {
  it('runs every request of a scenario through the model device in batches', async () => {
    const { run } = modelRun('bursty', 1);
    const r = await run;
    expect(r.error).toBeNull();
    expect(r.completed).toBe(96);
    // 8 requests of 3 descriptors do not fit 16 slots: batches close at 5
    expect(r.quiescent.every((q) => q.used.length >= 1 && q.used.length <= 8)).toBe(true);
    expect(r.quiescent.reduce((n, q) => n + q.used.length, 0)).toBe(96);
  });

  it('two model runs of the same seed are identical', async () => {
    const a = modelRun('out-of-order', 3);
    const b = modelRun('out-of-order', 3);
    const rep = compareRuns(await a.run, await b.run, a.vq.layout, a.vq.map);
    expect(rep.identical).toBe(true);
    expect(rep.memoryDiffs).toEqual([]);
  });

  it('names the first divergence when the device behaves differently', async () => {
    const a = modelRun('steady', 2);
    // a "device" that answers with one byte less than the model would
    const b = modelRun('steady', 2, (vq) => {
      const fill = vq.device.fill.bind(vq.device);
      vq.device.fill = (head: number, len: number) => fill(head, Math.max(0, len - 1));
    });
    const rep = compareRuns(await a.run, await b.run, a.vq.layout, a.vq.map);
    expect(rep.identical).toBe(false);
    expect(rep.firstDivergence?.where).toMatch(/reclaim\.len/);
    expect(rep.firstDivergence?.model).toBe('24');
    expect(rep.firstDivergence?.real).toBe('23');
  });
});
