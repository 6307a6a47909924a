import { describe, expect, it } from 'vitest';
import { Simulation } from '../../model/vqsim/engine';
import { HeadState } from '../../model/virtio/driver';
import { computeOwners, O_DEVICE, O_DRIVER, O_FREE, O_USED, OWNERS } from './owners';
import { readPointers } from './ring-state';

function run(scenario: string, extra: Partial<ConstructorParameters<typeof Simulation>[0]> = {}) {
  return new Simulation({ scenario, seed: 1, ...extra }).run(100_000);
}

describe('descriptor owners', () => {
  it('partition the table and agree with the model at every step of a run', () => {
    const sim = run('out-of-order');
    const seen = new Set<number>();
    for (let p = 0; p <= sim.log.length; p += 7) {
      sim.seek(p);
      const m = computeOwners(sim.vq);
      const d = sim.vq.driver.s;
      expect(m.counts.reduce((a, b) => a + b, 0)).toBe(sim.vq.layout.queueSize);
      expect(m.counts[O_FREE]).toBe(d.numFree);
      expect(m.counts[5]).toBe(0);
      for (let i = 0; i < m.qs; i++) {
        seen.add(m.owner[i]);
        const h = m.headOf[i];
        if (m.owner[i] === O_DEVICE)
          expect(sim.vq.device.s.held[h] > 0 || sim.vq.device.pendingHeads().includes(h)).toBe(true);
        if (m.owner[i] !== O_FREE) expect(d.headState[h]).not.toBe(HeadState.Free);
      }
      // chains published but not popped = entries between last_avail and avail.idx
      const p2 = readPointers(sim.vq, false);
      const waiting = (p2.availIdx - p2.lastAvail) & 0xffff;
      expect(m.chains.filter((c) => c.owner === O_DRIVER).length).toBe(waiting);
      const toReclaim = (p2.usedIdx - p2.lastUsed) & 0xffff;
      expect(m.chains.filter((c) => c.owner === O_USED).length).toBe(toReclaim);
    }
    expect([...seen].sort()).toEqual([O_FREE, O_DRIVER, O_DEVICE, O_USED]);
  });

  it('marks recycled RX chains as driver, device or held, never free', () => {
    const sim = run('nebula-rx');
    sim.seek(Math.floor(sim.log.length / 2));
    const m = computeOwners(sim.vq);
    expect(m.counts[O_FREE]).toBe(sim.vq.driver.s.numFree);
    expect(OWNERS.length).toBe(6);
  });
});
