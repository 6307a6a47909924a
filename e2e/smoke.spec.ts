import { expect, test } from '@playwright/test';

test('the site loads, is cross-origin isolated and lists the scenarios', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Ringside', level: 1 })).toBeVisible();
  // the scenario picker lists the scenarios, the default one selected
  await expect(page.getByLabel('Scenario')).toHaveValue('steady');
  await expect(page.getByRole('option', { name: 'Steady request/response' })).toHaveCount(1);
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
});
