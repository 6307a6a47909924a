import { expect, test } from '@playwright/test';

test('the site loads, is cross-origin isolated and lists the scenarios', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Ringside', level: 1 })).toBeVisible();
  await expect(page.getByText('Steady request/response')).toBeVisible();
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
});
