/** Lesson "Out-of-order completion" in Chromium: chains in service, used entries and the free list read from the model. */
import { test } from '@playwright/test';
import { walkLesson } from './lesson-walk';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as any;
    w.__ooo = () => {
      const run = w.__lesson.run;
      const vq = run.sim.vq;
      const pos = run.sim.position;
      const busy: number[] = [];
      for (const e of run.log.slice(0, pos)) {
        if (e.kind === 'pop') busy.push(e.data.head);
        if (e.kind === 'complete') busy.splice(busy.indexOf(e.data.head), 1);
      }
      const next = (kind: string) => run.log.slice(pos).find((e: any) => e.kind === kind);
      const lastUsedSlot = vq.driver.s.lastUsed % vq.layout.queueSize;
      return {
        run,
        vq,
        pos,
        busy,
        next,
        usedId: vq.mem.readU32(vq.layout.used + 4 + 8 * lastUsedSlot),
        usedLen: vq.mem.readU32(vq.layout.used + 8 + 8 * lastUsedSlot),
        reclaimedHeads: run.log
          .slice(0, pos)
          .filter((e: any) => e.kind === 'reclaim')
          .map((e: any) => e.data.head),
      };
    };
  });
});

test('out-of-order: every step, numbers from the model, checks wrong then right, axe, 390 px', async ({ page }) => {
  test.setTimeout(240_000);
  const order = {
    live: () => {
      const s = (window as any).__ooo();
      return [s.busy.length, s.busy.join(', ')].map(String);
    },
    answer: () => String((window as any).__ooo().next('complete').data.head),
  };
  await walkLesson(page, 'out-of-order', {
    order,
    'by-head': {
      live: () => {
        const s = (window as any).__ooo();
        return [s.usedId, s.usedLen].map(String);
      },
      // The request this head was handed out for: the latest add of that head before now.
      answer: () => {
        const s = (window as any).__ooo();
        const adds = s.run.log.slice(0, s.pos).filter((e: any) => e.kind === 'add' && e.data.head === s.usedId);
        return String(adds[adds.length - 1].data.id);
      },
    },
    'free-list': {
      live: () => {
        const s = (window as any).__ooo();
        return [s.reclaimedHeads.slice(-3).join(', '), s.vq.driver.s.freeHead, s.vq.driver.s.numFree].map(String);
      },
      answer: () => String((window as any).__ooo().vq.driver.s.freeHead),
    },
    practice: { live: () => [String((window as any).__ooo().busy.length)], answer: order.answer },
  });
});
