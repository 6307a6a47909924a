/**
 * Fields say what they refused (issue 21): a number out of range or not whole goes back to the
 * value the field had, and a message beside it names the field, what was typed and the range.
 */
import { expect, type Page, test } from '@playwright/test';
import { defaultSpec } from '../src/app/virtqueue/url';

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

const BAD_LINKS: { path: string; refused: string[]; rewritten: RegExp }[] = [
  {
    path: '/virtqueue?qs=7&seed=abc&step=-5&f=bogus&iv=garbage',
    refused: [
      'qs=7 (a power of two from 1 to 32768)',
      'seed=abc (a whole number from 0 to 4294967295)',
      'step=-5 (a whole number, 0 or more)',
      'f=bogus (event_idx, indirect, both joined by a comma, or none)',
      'iv=garbage (interventions such as 12.add, 30.done.3 or 40.bad.descriptor-loop, joined by ~)',
    ],
    rewritten: /\/virtqueue\?s=steady&seed=1&qs=8&f=none&step=0$/,
  },
  {
    path: '/virtqueue?seed=99999999999999999999&step=end',
    refused: [
      'seed=99999999999999999999 (a whole number from 0 to 4294967295)',
      'step=end (a whole number, 0 or more)',
    ],
    rewritten: /seed=1&/,
  },
  {
    path: '/virtqueue?step=99999',
    refused: ['step=99999 (past the end: this run has 440 steps; the last is shown)'],
    rewritten: /step=440$/,
  },
  {
    path: '/lisafs?seed=-4&step=x&colour=red',
    refused: [
      'seed=-4 (a whole number from 0 to 4294967295)',
      'step=x (a whole number, 0 or more)',
      'colour=red (not a setting of this view)',
    ],
    rewritten: /\/lisafs\?scenario=[a-z-]+&seed=\d+&step=0$/,
  },
  {
    path: '/gofer?mode=zz',
    refused: ['mode=zz (one of exclusive, writethrough, shared)'],
    rewritten: /mode=shared/,
  },
  {
    path: '/pgalloc?q=-3&read=6',
    refused: ['q=-3 (a whole number from 1 to 1024)', 'read=6 (a multiple of 4 (whole pages))'],
    rewritten: /\/pgalloc\?s=/,
  },
  { path: '/virtproxy?mode=bogus', refused: ['mode=bogus (one of shared, ports, credit)'], rewritten: /mode=shared/ },
  { path: '/replay?p=-1', refused: ['p=-1 (a number, 0 or more)'], rewritten: /\/replay$/ },
];

for (const link of BAD_LINKS) {
  test(`a bad link says what it refused and the address is rewritten: ${link.path}`, async ({ page }) => {
    await page.goto(link.path);
    const notice = page.getByTestId('refused');
    await expect(notice).toBeVisible();
    for (const r of link.refused) await expect(notice).toContainText(r);
    await expect(notice).toContainText(
      link.refused.length === 1
        ? 'One value in the link was refused'
        : `${link.refused.length} values in the link were refused`,
    );
    await expect(page).toHaveURL(link.rewritten);
    await notice.getByRole('button', { name: 'Dismiss this notice' }).click();
    await expect(notice).toHaveCount(0);
  });
}

test('a good link has no notice', async ({ page }) => {
  await page.goto('/virtqueue?s=wrap-around&seed=3&step=20');
  await expect(page.getByLabel('Scenario')).toHaveValue('wrap-around');
  await expect(page.getByTestId('refused')).toHaveCount(0);
  await expect(page).toHaveURL(/\/virtqueue\?s=wrap-around&seed=3&step=20$/);
});

test('choosing a scenario says which of the settings it reset', async ({ page }) => {
  await page.goto('/virtqueue');
  await page.getByLabel('Queue size').selectOption('64');
  await expect(page).toHaveURL(/qs=64/);
  const d = defaultSpec('wrap-around');
  await page.getByLabel('Scenario').selectOption('wrap-around');
  const note = page.getByRole('status').filter({ hasText: 'each scenario starts from its own settings' });
  await expect(note).toContainText(`sets queue size ${d.queueSize} (was 64)`);
  await expect(page.getByLabel('Queue size')).toHaveValue(String(d.queueSize));
  // Changing anything else clears it.
  await page.getByLabel('Queue size').selectOption('16');
  await expect(note).toHaveCount(0);
});
