/**
 * Accessibility on every view, with a run under way and the sample trace loaded (issue 21):
 * accessible names contain the visible text (WCAG 2.5.3, axe's label-content-name-mismatch, which
 * axe leaves off by default), axe finds nothing serious or critical, the step counter reads as
 * words, and a skip link takes the keyboard past the view tabs.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

const VIEWS = [
  '/',
  '/virtqueue?step=30',
  '/replay?trace=/samples/qemu-7.2-linux-6.1-virtio-blk-1q.log&p=40',
  '/lisafs?step=20',
  '/lisafs?step=60',
  '/gofer?step=10',
  '/pgalloc?step=50',
  '/virtproxy',
  '/virtproxy?step=40',
  '/virtproxy?mode=credit&step=30',
  '/packed?step=30',
  '/packed?qs=5&f=event_idx,indirect&step=60',
  '/learn/rings',
  '/learn/glossary',
];

async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('main').first()).toBeVisible();
  // Let the view draw its run (the replay's worker, the charts) before axe reads it.
  await expect(page.locator('.boot')).toHaveCount(0, { timeout: 30_000 });
  if (path.includes('trace=')) await expect(page.locator('.rp-row-btn').first()).toBeVisible({ timeout: 30_000 });
}

for (const path of VIEWS) {
  test(`names contain the visible text, and axe finds nothing serious: ${path}`, async ({ page }) => {
    await open(page, path);
    const names = await new AxeBuilder({ page }).withRules(['label-content-name-mismatch']).analyze();
    expect(names.violations.flatMap((v) => v.nodes.map((n) => n.html.slice(0, 120)))).toEqual([]);
    expect(names.passes.length + names.incomplete.length + names.inapplicable.length).toBeGreaterThan(0);
    const all = await new AxeBuilder({ page }).analyze();
    const bad = all.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 80)).join(' | ')}`);
    expect(bad).toEqual([]);
  });
}

test('the step counter reads "N / M steps, at T", not the numbers run together', async ({ page }) => {
  await open(page, '/virtqueue?step=8');
  const counter = page.locator('.tcount');
  const text = await counter.evaluate((el) => (el as HTMLElement).textContent ?? '');
  const time = (await counter.locator('.tcount-time').textContent()) ?? '';
  expect(time).toMatch(/\d/);
  // textContent includes the words only a screen reader gets; the time is its own phrase.
  expect(text.replace(/\s+/g, ' ').trim()).toBe(`8 / ${text.match(/\/ ([\d,]+)/)![1]} steps, at ${time}`);
  // It is not a live region: a screen reader is not interrupted at every step of a playing run.
  await expect(counter).toHaveAttribute('aria-live', 'off');
});

for (const path of ['/', '/virtqueue', '/lisafs', '/replay']) {
  test(`the first Tab reaches a skip link that moves focus to the page title: ${path}`, async ({ page }) => {
    await open(page, path);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to the content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.locator('#root h1').first()).toBeFocused();
    // The next Tab lands in the view, not back on the view tabs.
    await page.keyboard.press('Tab');
    const inNav = await page.evaluate(() => document.activeElement?.closest('nav') !== null);
    expect(inNav).toBe(false);
  });
}
