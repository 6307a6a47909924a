/**
 * Lesson "Descriptors and chains" in Chromium: every step's numbers are read back from the
 * model's memory and driver state here, the checks answered from the model, wrong then right.
 */
import { expect, test } from '@playwright/test';
import { openStep, walkLesson } from './lesson-walk';

test('descriptors: every step, numbers from the model, checks wrong then right, axe, 390 px', async ({ page }) => {
  test.setTimeout(180_000);
  await walkLesson(page, 'descriptors', {
    table: {
      live: () => {
        const vq = (window as any).__lesson.run.sim.vq;
        const qs = vq.layout.queueSize;
        return [qs, qs * 16, vq.layout.desc, vq.driver.s.freeHead].map(String);
      },
      // The first add event's chain length: one descriptor per buffer.
      answer: () => String((window as any).__lesson.run.log.find((e: any) => e.kind === 'add').data.descriptors.length),
    },
    chain: {
      live: () => {
        const run = (window as any).__lesson.run;
        const vq = run.sim.vq;
        const add = run.log.find((e: any) => e.kind === 'add').data;
        // Each descriptor's address straight from guest memory: 16 bytes per entry, addr first.
        return [add.head, ...add.descriptors.map((i: number) => vq.mem.readU64(vq.layout.desc + 16 * i))].map(String);
      },
      answer: () => {
        const run = (window as any).__lesson.run;
        const vq = run.sim.vq;
        const add = run.log.find((e: any) => e.kind === 'add').data;
        // The device-readable one: WRITE (2) clear in the flags at byte 12.
        return String(add.descriptors.find((i: number) => (vq.mem.readU16(vq.layout.desc + 16 * i + 12) & 2) === 0));
      },
    },
    'free-list': {
      live: () => {
        const run = (window as any).__lesson.run;
        const add = run.log.find((e: any) => e.kind === 'add').data;
        const d = run.sim.vq.driver.s;
        return [add.descriptors.length, d.numFree, d.freeHead].map(String);
      },
      answer: () => String((window as any).__lesson.run.log.filter((e: any) => e.kind === 'add')[1].data.head),
    },
    reclaim: {
      live: () => {
        const d = (window as any).__lesson.run.sim.vq.driver.s;
        return [d.numFree, d.freeHead].map(String);
      },
      // Linux pushes a reclaimed chain on the front of the free list: free_head becomes its head.
      answer: () => String((window as any).__lesson.run.log.find((e: any) => e.kind === 'reclaim').data.head),
    },
    practice: {
      live: () => {
        const run = (window as any).__lesson.run;
        return [run.sim.config.queueSize, run.sim.vq.driver.s.numFree].map(String);
      },
      answer: () => {
        const run = (window as any).__lesson.run;
        const adds = run.log.map((e: any, i: number) => (e.kind === 'add' ? i : -1)).filter((i: number) => i >= 0);
        const was = run.sim.position;
        run.sim.seek(adds[3] + 1);
        const free = run.sim.vq.driver.s.numFree;
        run.sim.seek(was);
        return String(free);
      },
    },
  });
});

test('descriptors: a link reopens the same run at the same place; bad values are reported', async ({ page }) => {
  await openStep(page, 'descriptors', 'chain', '?at=3&seed=5');
  await expect(page.getByTestId('live')).toHaveAttribute('data-position', '3');
  expect(await page.evaluate(() => (window as any).__lesson.seed)).toBe(5);
  await page
    .getByRole('button', { name: /Step forward|Next event/i })
    .first()
    .click();
  await expect(page).toHaveURL(/at=4/);

  await page.goto('/learn/descriptors/nosuch?at=-2&seed=x');
  await expect(page.getByTestId('refused')).toContainText('at=-2');
  await expect(page.getByTestId('refused')).toContainText('seed=x');
  await expect(page.getByTestId('refused')).toContainText('nosuch');
  await expect(page.getByTestId('step-title')).toContainText('Step 1 of 5');
});

test('descriptors: the full-view link opens the same state in the virtqueue view', async ({ page }) => {
  await openStep(page, 'descriptors', 'free-list');
  const pos = Number(await page.getByTestId('live').getAttribute('data-position'));
  await page.getByTestId('full-view').click();
  await expect(page).toHaveURL(/\/virtqueue\?/);
  await page.waitForFunction(() => !!(window as any).__ringside);
  expect(await page.evaluate(() => (window as any).__ringside.position())).toBe(pos);
});
