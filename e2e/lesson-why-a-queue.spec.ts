/**
 * Lesson "Why a queue in shared memory" in Chromium: bytes written and wake-ups counted here from
 * the run's recorded memory writes and events; the cost meter measures in this browser (real
 * workers, real Atomics.wait) and the words on the page are the figures it measured.
 */
import { expect, test } from '@playwright/test';
import { openStep, walkLesson } from './lesson-walk';

test('why-a-queue: every step, numbers from the model, checks wrong then right, axe, 390 px', async ({ page }) => {
  test.setTimeout(240_000);
  await walkLesson(page, 'why-a-queue', {
    crossing: {
      live: () => {
        const run = (window as any).__lesson.run;
        const pos = run.sim.position;
        const bytes = (actor: string) =>
          run.log
            .slice(0, pos)
            .filter((e: any) => e.actor === actor)
            .flatMap((e: any) => e.writes)
            .reduce((n: number, w: any) => n + (typeof w[1] === 'string' ? w[1].length / 2 : w[1]), 0);
        const end = run.log.findIndex((e: any) => e.kind === 'reclaim') + 1;
        return [bytes('driver'), bytes('device'), pos, end].map(String);
      },
      answer: () => {
        const run = (window as any).__lesson.run;
        const end = run.log.findIndex((e: any) => e.kind === 'reclaim') + 1;
        const wakes = run.log
          .slice(0, end)
          .filter((e: any) => e.kind === 'kick' || (e.kind === 'flush' && e.data.interrupt));
        return String(wakes.length);
      },
    },
    cost: { live: () => [] },
    busy: {
      live: () => {
        const run = (window as any).__lesson.run;
        const requests = run.log.filter((e: any) => e.kind === 'reclaim').length;
        return [requests, 2 * requests].map(String);
      },
      answer: () => {
        const run = (window as any).__lesson.run;
        return String(run.log.filter((e: any) => e.kind === 'kick' || (e.kind === 'flush' && e.data.interrupt)).length);
      },
    },
    practice: {
      live: () => {
        const vq = (window as any).__lesson.run.sim.vq;
        return [vq.mem.readU16(vq.layout.avail + 2), vq.device.s.lastAvail].map(String);
      },
      answer: () => {
        const vq = (window as any).__lesson.run.sim.vq;
        return String((vq.mem.readU16(vq.layout.avail + 2) - vq.device.s.lastAvail) & 0xffff);
      },
    },
  });
});

test('why-a-queue: the cost meter measures here and says what it measured', async ({ page }) => {
  test.setTimeout(120_000);
  await openStep(page, 'why-a-queue', 'cost');
  await page.locator('[data-guess="10"]').click();
  await page.getByTestId('measure').click();
  const result = page.getByTestId('cost-result');
  await expect(result).toBeVisible({ timeout: 90_000 });
  const r = await page.evaluate(() => (window as any).__cost);
  expect(r.accessNs.samples).toBe(15);
  expect(r.wakeUs.samples).toBe(15);
  expect(r.wakeUs.median).toBeGreaterThan(0);
  const shown = await result.locator('[data-live]').evaluateAll((els) => els.map((e) => e.getAttribute('data-live')));
  expect(shown).toEqual(
    [
      Number(r.accessNs.median.toFixed(1)),
      Math.round(r.requestNs.median),
      Number(r.wakeUs.median.toFixed(1)),
      r.wakeUs.samples,
      Math.round(r.ratio),
    ].map(String),
  );
  // The guess is judged against the measured ratio, on a log scale.
  const best = [10, 100, 1000, 10000].reduce((a, g) =>
    Math.abs(Math.log10(g) - Math.log10(r.ratio)) < Math.abs(Math.log10(a) - Math.log10(r.ratio)) ? g : a,
  );
  await expect(page.locator(`[data-guess="${best}"]`)).toHaveClass(/is-answer/);
  await expect(result).toContainText(best === 10 ? 'Right.' : 'Not quite');
});
