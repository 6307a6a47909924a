/**
 * Lesson "The packed virtqueue" in Chromium: slots, bits, positions and event areas read from
 * the embedded model's memory here; the split-against-packed figures recomputed in Node from
 * both models with a write counter of this spec's own.
 */
import { test } from '@playwright/test';
import { walkLesson } from './lesson-walk';
import { ringBytes } from './ring-bytes';

function figures(seed: number, eventIdx: boolean) {
  const r = ringBytes({ seed, queueSize: 8, requests: 64, eventIdx });
  return [r.completed, r.split, r.packed].map(String);
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(
    (costs) => {
      const w = window as any;
      w.__costs = costs;
      w.__pk = () => {
        const run = w.__lesson.run;
        const sim = run.sim;
        const { mem, layout } = sim.q;
        const qs: number = layout.queueSize;
        const pos: number = w.__lesson.position;
        const flags = (slot: number) => mem.readU16(layout.desc + 16 * slot + 14);
        const bits = (f: number) => `AVAIL ${(f >> 7) & 1}, USED ${(f >> 15) & 1}`;
        return { run, sim, mem, layout, qs, pos, d: sim.q.driver.s, v: sim.q.device.s, flags, bits };
      };
    },
    {
      off: figures(3, false),
      on: figures(3, true),
    },
  );
});

test('packed-ring: every step, numbers from the model, checks wrong then right, axe, 390 px', async ({ page }) => {
  test.setTimeout(300_000);
  const wrap = {
    live: () => {
      const s = (window as any).__pk();
      return [s.qs - 1, s.d.availWrap, s.d.nextAvail, s.d.nextAvail, s.bits(s.flags(s.d.nextAvail))].map(String);
    },
    answer: () => {
      const s = (window as any).__pk();
      return `AVAIL ${s.d.availWrap}, USED ${1 - s.d.availWrap}`;
    },
  };
  await walkLesson(page, 'packed-ring', {
    'one-ring': {
      live: () => {
        const s = (window as any).__pk();
        // Split ring sizes from the spec: 16 per descriptor, 6 + 2 per available entry, 6 + 8 per used one.
        const split = 16 * s.qs + (6 + 2 * s.qs) + (6 + 8 * s.qs);
        return [s.qs, split, s.qs, s.layout.deviceEvent + 4 - s.layout.desc].map(String);
      },
      answer: () => String((window as any).__pk().d.nextAvail),
    },
    'avail-bits': {
      live: () => {
        const s = (window as any).__pk();
        return [s.d.nextAvail, s.d.availWrap].map(String);
      },
      answer: () => {
        const s = (window as any).__pk();
        return `AVAIL ${s.d.availWrap}, USED ${1 - s.d.availWrap}`;
      },
    },
    'used-bits': {
      live: () => {
        const s = (window as any).__pk();
        return [s.v.pendingId.length, s.v.usedIdx, s.v.usedWrap].map(String);
      },
      answer: () => {
        const s = (window as any).__pk();
        return `AVAIL ${s.v.usedWrap}, USED ${s.v.usedWrap}`;
      },
    },
    wrap,
    skip: {
      live: () => {
        const s = (window as any).__pk();
        const nd = new Map<number, number>();
        let c: { id: number; n: number } | null = null;
        for (const e of s.run.events) {
          if (e.kind === 'pop') nd.set(e.data.id, e.data.ndescs);
          if (e.kind === 'flush' && e.data.ids.length === 1 && (nd.get(e.data.ids[0]) ?? 1) > 1) {
            c = { id: e.data.ids[0], n: nd.get(e.data.ids[0])! };
            break;
          }
        }
        return [c!.id, c!.n, s.v.usedIdx].map(String);
      },
      // The next used slot: this one plus the chain's slots, round the ring.
      answer: () => {
        const s = (window as any).__pk();
        const pop = s.run.events
          .slice(0, s.pos)
          .filter((e: any) => e.kind === 'pop' && e.data.id === s.v.pendingId[0])
          .at(-1);
        return String((s.v.usedIdx + pop.data.ndescs) % s.qs);
      },
    },
    suppression: {
      live: () => {
        const s = (window as any).__pk();
        const f = s.mem.readU16(s.layout.deviceEvent + 2) & 3;
        const ow = s.mem.readU16(s.layout.deviceEvent);
        return [['ENABLE', 'DISABLE', 'DESC', 'reserved'][f], ow & 0x7fff, ow >> 15].map(String);
      },
      answer: () => {
        const s = (window as any).__pk();
        return s.run.events.slice(s.pos).find((e: any) => e.kind === 'kick' || e.kind === 'kick-suppressed').kind;
      },
    },
    'beside-split': {
      live: () => (window as any).__costs[(window as any).__lesson.knob === 'on' ? 'on' : 'off'],
      // Cache-line figures come from the table on the page, which the narration does not repeat.
      answer: () => {
        const cells = [...document.querySelectorAll('[data-testid="pk-cost"] tbody td')].map((td) =>
          Number(td.textContent),
        );
        const [split, packed] = [cells[1], cells[3]];
        return Math.abs(split - packed) < 0.5 ? 'same' : split < packed ? 'split' : 'packed';
      },
    },
    practice: wrap,
  });
});
