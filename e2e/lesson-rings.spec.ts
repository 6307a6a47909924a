/**
 * Lesson "The available and used rings" in Chromium: indices, slots and counters read back from
 * guest memory and the two sides' state; each check's answer worked out here from the virtio rules.
 */
import { test } from '@playwright/test';
import { walkLesson } from './lesson-walk';

test('rings: every step, numbers from the model, checks wrong then right, axe, 390 px', async ({ page }) => {
  test.setTimeout(240_000);
  // Shared in-page reader: the split ring's fields at their spec offsets.
  const vqState = () => {
    const run = (window as any).__lesson.run;
    const vq = run.sim.vq;
    const L = vq.layout;
    const qs = L.queueSize;
    return {
      qs,
      L,
      availIdx: vq.mem.readU16(L.avail + 2),
      usedIdx: vq.mem.readU16(L.used + 2),
      lastAvail: vq.device.s.lastAvail,
      lastUsed: vq.driver.s.lastUsed,
      usedId: (slot: number) => vq.mem.readU32(L.used + 4 + 8 * slot),
    };
  };
  await page.addInitScript(`window.__vqState = ${vqState.toString()}`);
  await walkLesson(page, 'rings', {
    areas: {
      live: () => {
        const { qs, L } = (window as any).__vqState();
        return [qs, L.desc, 16 * qs, L.avail, 6 + 2 * qs, L.used, 6 + 8 * qs].map(String);
      },
      answer: () => {
        const { qs, L } = (window as any).__vqState();
        const who = new Set<string>();
        for (const e of (window as any).__lesson.run.log)
          for (const w of e.writes) {
            const n = typeof w[1] === 'string' ? w[1].length / 2 : w[1];
            if (w[0] < L.used + 6 + 8 * qs && w[0] + n > L.used) who.add(e.actor);
          }
        return who.size === 1 ? [...who][0] : 'both';
      },
    },
    publish: {
      live: () => {
        const s = (window as any).__vqState();
        return [s.availIdx, s.qs, s.qs, s.availIdx % s.qs].map(String);
      },
      answer: () => {
        const s = (window as any).__vqState();
        return String(s.availIdx % s.qs);
      },
    },
    'last-avail': {
      live: () => {
        const s = (window as any).__vqState();
        return [s.lastAvail, s.availIdx, (s.availIdx - s.lastAvail) & 0xffff].map(String);
      },
      answer: () => {
        const s = (window as any).__vqState();
        return String(s.lastAvail % s.qs);
      },
    },
    used: {
      live: () => {
        const s = (window as any).__vqState();
        return [s.qs, s.usedIdx, s.lastUsed, (s.usedIdx - s.lastUsed) & 0xffff].map(String);
      },
      answer: () => {
        const s = (window as any).__vqState();
        return String(s.usedId(s.lastUsed % s.qs));
      },
    },
    wrap: {
      live: () => {
        const s = (window as any).__vqState();
        const start = (window as any).__lesson.run.log.find((e: any) => e.kind === 'add').data.availIdx.from;
        return [start, s.availIdx, s.usedIdx, s.qs, s.qs].map(String);
      },
      answer: () => {
        const s = (window as any).__vqState();
        return `${(s.availIdx + 1) & 0xffff}:${s.availIdx % s.qs}`;
      },
    },
    practice: {
      live: () => {
        const s = (window as any).__vqState();
        return [s.qs, s.availIdx, s.usedIdx].map(String);
      },
      answer: () => {
        const s = (window as any).__vqState();
        return String(s.availIdx % s.qs);
      },
    },
  });
});
