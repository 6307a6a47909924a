/**
 * The model's driver, unchanged, on real shared memory against the native device thread,
 * compared with the same driver against the in-process model device.
 */
import { describe, expect, it } from 'vitest';
import { runBatches } from '@ringside/model/compare/batch-runner.ts';
import { compareRuns } from '@ringside/model/compare/compare.ts';
import { ModelDevicePort } from '@ringside/model/compare/model-port.ts';
import { createQueue } from '@ringside/model/virtio/queue.ts';
import { findScenario } from '@ringside/model/vqsim/scenarios.ts';
import { ring } from '@ringside/model/virtio/layout.ts';
import { createNativeQueue } from './native-port.ts';

function config(scenario: string, features?: { eventIdx: boolean; indirect: boolean }) {
  const s = findScenario(scenario)!;
  return {
    queueSize: s.defaults.queueSize,
    features: features ?? s.defaults.features,
    driver: { segmentSize: s.driver.segmentSize },
    // Where the scenario starts its indices (wrap-around: 65530, so they cross 65535 → 0).
    baseIndex: s.defaults.baseIndex ?? 0,
  };
}

async function both(scenario: string, seed: number, features?: { eventIdx: boolean; indirect: boolean }) {
  const cfg = config(scenario, features);
  const mq = createQueue(cfg);
  const model = await runBatches(mq, new ModelDevicePort(mq), { scenario, seed });
  const nq = createNativeQueue(cfg);
  try {
    const real = await runBatches(nq.vq, nq.port, { scenario, seed });
    return {
      model,
      real,
      layout: mq.layout,
      report: compareRuns(model, real, mq.layout, mq.map),
      stats: nq.device.stats(),
    };
  } finally {
    nq.close();
  }
}

describe('model driver on real memory with the native device', () => {
  for (const scenario of ['steady', 'bursty', 'out-of-order', 'indirect', 'nebula-tx', 'wrap-around']) {
    for (const eventIdx of [false, true]) {
      it(`${scenario}, EVENT_IDX ${eventIdx ? 'on' : 'off'}: agrees with the model device byte for byte`, async () => {
        const s = findScenario(scenario)!;
        const { model, real, layout, report, stats } = await both(scenario, 7, {
          eventIdx,
          indirect: s.defaults.features.indirect,
        });
        expect(real.error).toBeNull();
        expect(real.completed).toBe(s.workload.count);
        expect(report.firstDivergence).toBeNull();
        expect(report.identical).toBe(true);
        expect(stats.chains).toBe(s.workload.count);
        // allowed differences are only notification-timing fields
        for (const a of report.allowed) expect(a.where).toMatch(/avail_event|used_event|flags|order/);
        expect(model.completed).toBe(real.completed);
        if (s.defaults.baseIndex) {
          // Both indices went round: they end below where they started, on the model and on the C device.
          const base = s.defaults.baseIndex;
          const end = (base + s.workload.count) & 0xffff;
          expect(base + s.workload.count).toBeGreaterThan(0xffff);
          const u16 = (img: Uint8Array, at: number) => img[at] | (img[at + 1] << 8);
          for (const r of [model, real]) {
            const img = r.quiescent[r.quiescent.length - 1].image;
            expect([u16(img, layout.avail + 2), u16(img, layout.used + 2)], r.deviceName).toEqual([end, end]);
          }
        }
      });
    }
  }

  it('a device that breaks the queue fails the waiting requests with its message; nothing hangs', async () => {
    const nq = createNativeQueue(config('steady'));
    try {
      // hostile: publish head 99 in the available ring behind the driver's back, then kick
      const { mem, layout } = nq.vq;
      mem.writeU16(ring.availRing(layout, 0), 99);
      mem.publishU16(ring.availIdx(layout), 1);
      nq.vq.driver.s.availIdxShadow = 1;
      nq.vq.driver.s.lastUsed = 0;
      nq.port.kick();
      const r = await runBatches(nq.vq, nq.port, { scenario: 'steady', seed: 1, requests: 2, timeoutMs: 3000 });
      // Failed by the device's own report, not by the 3 s timeout (that would be DeviceTimeout).
      expect(r.error?.kind).toBe('DeviceFailed');
      expect(r.error?.message).toMatch(/Guest says index 99 is available/);
    } finally {
      nq.close();
    }
  });

  it('closing the queue while requests are in flight ends the wait with a clear error', async () => {
    const nq = createNativeQueue(config('steady'));
    nq.device.stop(); // the device thread is gone: nothing will answer
    const r = runBatches(nq.vq, nq.port, { scenario: 'steady', seed: 1, requests: 3, timeoutMs: 10_000 });
    setTimeout(() => nq.close(), 50);
    const res = await r;
    expect(res.error?.kind).toBe('QueueClosed');
    expect(res.error?.message).toBe(
      'the queue to native echo device was closed with 1 request(s) in flight; they were failed',
    );
  });
});
