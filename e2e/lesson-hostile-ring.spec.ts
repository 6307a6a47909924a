/**
 * Lesson "A hostile ring" in Chromium. Who catches a corruption follows from who reads what:
 * the device reads the available ring and the table, the driver the used ring — worked out here
 * from the corruption's name and compared with the lesson's answer and with the run's refusal.
 */
import { expect, test } from '@playwright/test';
import { openStep, walkLesson } from './lesson-walk';

test('hostile-ring: every step, numbers from the model, checks wrong then right, axe, 390 px', async ({ page }) => {
  test.setTimeout(240_000);
  await walkLesson(page, 'hostile-ring', {
    corrupt: {
      live: () => {
        const log = (window as any).__lesson.run.log;
        const at = log.findIndex((e: any) => e.kind === 'corrupt');
        return [String(log.slice(0, at).filter((e: any) => e.kind === 'reclaim').length)];
      },
      answer: () => ((window as any).__lesson.knob.startsWith('used-') ? 'driver' : 'device'),
    },
    refusal: {
      live: () => [],
      answer: () => String((window as any).__lesson.run.log.filter((e: any) => e.kind === 'reclaim').length),
    },
    checks: {
      live: () => {
        const rows = [...document.querySelectorAll('.lesson-table tbody tr')];
        const device = rows.filter((r) => r.children[1].textContent === 'device').length;
        return [rows.length, device, rows.length - device].map(String);
      },
    },
    practice: {
      live: () => [],
      answer: () => (window as any).__lesson.run.log.find((e: any) => e.kind === 'error').data.kind,
    },
  });
});

test('hostile-ring: every corruption is caught by the side that reads that part of the ring', async ({ page }) => {
  test.setTimeout(120_000);
  await openStep(page, 'hostile-ring', 'corrupt');
  const options = await page
    .getByTestId('knob')
    .locator('option')
    .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
  expect(options.length).toBeGreaterThanOrEqual(16);
  for (const c of options) {
    await openStep(page, 'hostile-ring', 'corrupt', `?k=${c}`);
    const side = await page.evaluate(
      () => (window as any).__lesson.run.log.find((e: any) => e.kind === 'error')?.error.side,
    );
    expect(side, c).toBe(c.startsWith('used-') ? 'driver' : 'device');
    // Nothing completed before the corruption is lost.
    const kept = await page.evaluate(() => {
      const log = (window as any).__lesson.run.log;
      const at = log.findIndex((e: any) => e.kind === 'corrupt');
      const before = log.slice(0, at).filter((e: any) => e.kind === 'reclaim').length;
      return { before, total: log.filter((e: any) => e.kind === 'reclaim').length };
    });
    expect(kept.total, c).toBeGreaterThanOrEqual(kept.before);
  }
  // The checks table agrees: one driver row per used-ring corruption.
  await openStep(page, 'hostile-ring', 'checks');
  const driverRows = await page
    .locator('.lesson-table tbody tr td:nth-child(2)')
    .evaluateAll((tds) => tds.filter((td) => td.textContent === 'driver').length);
  expect(driverRows).toBe(options.filter((c) => c.startsWith('used-')).length);
});
