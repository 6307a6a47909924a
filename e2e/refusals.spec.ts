/**
 * Fields say what they refused (issue 21): a number out of range or not whole goes back to the
 * value the field had, and a message beside it names the field, what was typed and the range.
 */
import { expect, type Page, test } from '@playwright/test';

async function refuse(page: Page, name: string, typed: string) {
  const field = page.getByRole('spinbutton', { name, exact: true });
  const kept = await field.inputValue();
  await field.fill(typed);
  await field.press('Enter');
  await expect(field).toHaveValue(kept);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  return { field, kept };
}

test('pgalloc: −3 in-flight reads is refused with its range, and the run is unchanged', async ({ page }) => {
  await page.goto('/pgalloc');
  const before = page.url();
  const { field, kept } = await refuse(page, 'In-flight reads', '-3');
  const message = `In-flight reads: “-3” was refused; it must be a number from 1 to 1024. Kept ${kept}.`;
  await expect(page.getByRole('status').filter({ hasText: 'In-flight reads:' })).toHaveText(message);
  // The input points at its message, so a screen reader reads it with the field.
  const id = await field.getAttribute('aria-describedby');
  await expect(page.locator(`[id="${id}"]`)).toHaveText(message);
  expect(page.url()).toBe(before);
  // Typing again clears the message; an accepted value clears the invalid mark.
  await field.fill('64');
  await expect(page.getByRole('status').filter({ hasText: 'In-flight reads:' })).toHaveCount(0);
  await field.press('Enter');
  await expect(page).toHaveURL(/[?&]q=64\b/);
  // (A changed setting is marked "●" in its label, which renames the field.)
  await expect(page.getByRole('spinbutton', { name: /^In-flight reads/ })).not.toHaveAttribute('aria-invalid', 'true');
});

test('virtqueue and lisafs: a seed must be a whole number from 0 to 4294967295', async ({ page }) => {
  await page.goto('/virtqueue?seed=7');
  await refuse(page, 'Seed', '1.5');
  await expect(page.getByRole('status').filter({ hasText: 'Seed:' })).toHaveText(
    'Seed: “1.5” was refused; it must be a whole number from 0 to 4294967295. Kept 7.',
  );
  await expect(page).toHaveURL(/seed=7/);

  await page.goto('/lisafs');
  const { kept } = await refuse(page, 'Seed', '-1');
  await expect(page.getByRole('status').filter({ hasText: 'Seed:' })).toHaveText(
    `Seed: “-1” was refused; it must be a whole number from 0 to 4294967295. Kept ${kept}.`,
  );
});
