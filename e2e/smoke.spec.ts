import { expect, test } from '@playwright/test';

test('the site loads, is cross-origin isolated and lists the scenarios', async ({ page }) => {
  await page.goto('/virtqueue');
  await expect(page.getByRole('heading', { name: 'Ringside', level: 1 })).toBeVisible();
  // the scenario picker lists the scenarios, the default one selected
  await expect(page.getByLabel('Scenario')).toHaveValue('steady');
  await expect(page.getByRole('option', { name: 'Steady request/response' })).toHaveCount(1);
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
});

test('a newcomer lands on the course map; the instruments are one click away', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Learn how');
  await expect(page.getByRole('link', { name: /Descriptors and chains/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Lessons' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('navigation', { name: 'Ringside views' }).getByRole('link', { name: 'Virtqueue' }).click();
  await expect(page).toHaveURL(/\/virtqueue$/);
  await expect(page.getByLabel('Scenario')).toHaveValue('steady');
});

test("the virtqueue view's old permalinks (/?s=…) still open the same run, at /virtqueue", async ({ page }) => {
  await page.goto('/?s=wrap-around&seed=3&step=20');
  await expect(page).toHaveURL(/\/virtqueue\?s=wrap-around&seed=3&step=20$/);
  await expect(page.getByLabel('Scenario')).toHaveValue('wrap-around');
  await page.waitForFunction(() => !!(window as unknown as { __ringside?: unknown }).__ringside);
  expect(await page.evaluate(() => (window as any).__ringside.position())).toBe(20);
});

test('an unknown path shows a not-found page that lists every view', async ({ page }) => {
  await page.goto('/nosuchroute');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('No page at /nosuchroute');
  const main = page.getByRole('main');
  for (const name of [
    'Lessons',
    'Virtqueue',
    'Packed ring',
    'Trace replay',
    'lisafs pool',
    'Path walks',
    'Page loading',
    'Multiplexing',
  ])
    await expect(main.getByRole('link', { name, exact: true })).toBeVisible();
  // No tab is marked current: this is none of the views.
  await expect(page.getByRole('navigation', { name: 'Ringside views' }).locator('[aria-current]')).toHaveCount(0);
  await main.getByRole('link', { name: 'Virtqueue', exact: true }).click();
  await expect(page).toHaveURL(/\/virtqueue$/);
  await expect(page.getByLabel('Scenario')).toHaveValue('steady');
});
