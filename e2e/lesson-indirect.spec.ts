/** Lesson "Indirect descriptors" in Chromium: descriptors and tables read back from guest memory. */
import { expect, test } from '@playwright/test';
import { liveNumbers, openStep, walkLesson } from './lesson-walk';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as any;
    w.__ind = () => {
      const run = w.__lesson.run;
      const vq = run.sim.vq;
      const pos = run.sim.position;
      const nextAddAt = run.log.findIndex((e: any, i: number) => i >= pos && e.kind === 'add');
      const firstAdd = run.log.find((e: any) => e.kind === 'add');
      const desc = (table: number, i: number) => ({
        addr: vq.mem.readU64(table + 16 * i),
        len: vq.mem.readU32(table + 16 * i + 8),
        flags: vq.mem.readU16(table + 16 * i + 12),
      });
      const at = (p: number, f: () => any) => {
        run.sim.seek(p);
        try {
          return f();
        } finally {
          run.sim.seek(pos);
        }
      };
      return { run, vq, pos, nextAddAt, firstAdd, desc, at, qs: vq.layout.queueSize };
    };
  });
});

test('indirect: every step, numbers from the model, checks wrong then right, axe, 390 px', async ({ page }) => {
  test.setTimeout(240_000);
  await walkLesson(page, 'indirect', {
    'one-slot': {
      live: () => {
        const s = (window as any).__ind();
        const d = s.firstAdd.data;
        return [d.out + d.in, d.out, d.in, s.qs].map(String);
      },
      // Descriptors of the queue no longer free once the request is in.
      answer: () => {
        const s = (window as any).__ind();
        return String(s.at(s.nextAddAt + 1, () => s.qs - s.vq.driver.s.numFree));
      },
    },
    table: {
      live: () => {
        const s = (window as any).__ind();
        const head = s.firstAdd.data.head;
        const d = s.desc(s.vq.layout.desc, head);
        return [head, d.addr, d.len, d.len / 16].map(String);
      },
      answer: () => {
        const s = (window as any).__ind();
        const d = s.desc(s.vq.layout.desc, s.firstAdd.data.head);
        let n = 0;
        for (let k = 0; k < d.len / 16; k++) if (s.desc(d.addr, k).flags & 2) n++;
        return String(n);
      },
    },
    without: {
      live: () => {
        const s = (window as any).__ind();
        const waits = (to: number) => s.run.log.slice(0, to).filter((e: any) => e.kind === 'add-wait').length;
        return [s.vq.driver.s.numFree, s.qs, waits(s.run.log.length), waits(s.pos)].map(String);
      },
      answer: () => {
        const s = (window as any).__ind();
        const e = s.run.log.slice(s.pos).find((x: any) => x.kind === 'add' || x.kind === 'add-wait');
        return e.kind === 'add' ? 'add' : 'wait';
      },
    },
    practice: {
      live: () => {
        const s = (window as any).__ind();
        const d = s.run.log[s.nextAddAt].data;
        return [d.out, d.in].map(String);
      },
      answer: () => {
        const s = (window as any).__ind();
        const head = s.run.log[s.nextAddAt].data.head;
        return String(s.at(s.nextAddAt + 1, () => s.desc(s.vq.layout.desc, head).len));
      },
    },
  });
});

test('indirect: turning the feature on takes the waits away on the same seed', async ({ page }) => {
  await openStep(page, 'indirect', 'without');
  const off = await liveNumbers(page);
  expect(Number(off[2]), 'requests wait without indirect').toBeGreaterThan(0);
  await page.getByTestId('knob').selectOption('on');
  await page.waitForFunction(() => (window as any).__lesson.knob === 'on');
  const on = await liveNumbers(page);
  expect(Number(on[2])).toBeLessThan(Number(off[2]));
});
