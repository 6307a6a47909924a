import { describe, expect, it } from 'vitest';
import { computeOwners } from '../rings/owners';
import { readPointers, availSlots, usedSlots } from '../rings/ring-state';
import { KIND_CODES } from '../../trace/replay/ringside-index';
import { PrivateStateTracker } from '../../trace/replay/private-state';
import { ringView } from './ring-view';
import { indexOf, simTrace } from '../../trace/replay/test-traces';

// The replayed view must equal the model's own view at every step: owners, pointers, slots.
describe('ringView from a trace equals the live model at every step', () => {
  for (const scenario of ['steady', 'bursty', 'out-of-order', 'indirect', 'wrap-around']) {
    it(scenario, async () => {
      const { sim, text } = simTrace({ scenario, seed: 5, requests: 40 });
      const idx = await indexOf(text);
      const tracker = new PrivateStateTracker(
        { count: idx.count, kindNames: KIND_CODES, kind: idx.kind, head: idx.head, request: idx.request },
        idx.header.queues[0].size,
        4096,
      );
      const firstPop = sim.log.find((e) => e.kind === 'pop');
      const firstReclaim = sim.log.find((e) => e.kind === 'reclaim');
      const bases = {
        lastAvail0: (firstPop?.data.lastAvail as { from: number } | undefined)?.from ?? 0,
        lastUsed0: (firstReclaim?.data.lastUsed as { from: number } | undefined)?.from ?? 0,
      };
      const layout = idx.header.queues[0].layout;
      const eventIdx = idx.header.features.eventIdx;
      // The header carries the initial ring image, so even a run whose indices start at
      // 65530 (wrap-around) is exact from step 0.
      for (let p = 0; p <= idx.count; p++) {
        sim.seek(p);
        const v = ringView(idx.memoryAt(p), layout, eventIdx, tracker.at(p), bases);
        const want = computeOwners(sim.vq);
        expect(Array.from(v.owners.owner), `owners at ${p}`).toEqual(Array.from(want.owner));
        const wp = readPointers(sim.vq, eventIdx);
        // Before any event the private indices are the trace's bases, which the model also starts at.
        expect(v.pointers, `pointers at ${p}`).toEqual(
          p === 0 ? { ...wp, lastAvail: v.pointers.lastAvail, lastUsed: v.pointers.lastUsed } : wp,
        );
        expect(v.avail).toEqual(availSlots(sim.vq, wp));
        expect(v.used).toEqual(usedSlots(sim.vq, wp));
        for (const c of want.chains) {
          const got = v.owners.chains.find((x) => x.head === c.head);
          expect(got?.descriptors, `chain ${c.head} at ${p}`).toEqual(c.descriptors);
          expect(got?.token).toBe(c.token);
        }
      }
    });
  }
});
