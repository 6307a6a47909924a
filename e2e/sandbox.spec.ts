/**
 * The virtqueue sandbox reproduces a small example of the reader's own (issue 15): a starting
 * index near the 16-bit wrap and one-descriptor requests, set from the controls, kept in the
 * link, and drawn as the model has them.
 */
import { expect, type Page, test } from '@playwright/test';

async function ready(page: Page) {
  await page.waitForFunction(() => !!(window as any).__ringside && document.querySelector('[data-ring="avail"]'));
  await page.evaluate(() => (window as any).__ringside.rendered());
}

/** Every add in the run, from the model: its avail.idx before and after and its descriptors. */
async function adds(page: Page) {
  return page.evaluate(() =>
    (window as any).__ringside
      .sim()
      .log.filter((e: any) => e.kind === 'add')
      .map((e: any) => ({
        at: e.step,
        from: e.data.availIdx.from,
        to: e.data.availIdx.to,
        n: e.data.descriptors.length,
      })),
  );
}

test('a start index of 65534 and one descriptor per request: set, linked, wrapped as the model says', async ({
  page,
}) => {
  await page.goto('/virtqueue?s=steady&seed=3&qs=4');
  await ready(page);
  const before = await adds(page);
  expect(before[0].from).toBe(0);
  expect(before[0].n).toBe(3); // the scenario's block-style chain: header, data, status

  const field = page.getByRole('spinbutton', { name: /^Start index/ });
  await field.fill('65534');
  await field.press('Enter');
  await expect(page).toHaveURL(/[?&]base=65534\b/);
  await page.getByText('1 descriptor each').click();
  await expect(page).toHaveURL(/[?&]one=1\b/);
  await ready(page);

  const a = await adds(page);
  expect(a.slice(0, 4).map((x: { from: number }) => x.from)).toEqual([65534, 65535, 0, 1]);
  expect(a.every((x: { n: number }) => x.n === 1)).toBe(true);

  // At the third add the index has wrapped: the ring and the pointer both say 1, slot 0 was written.
  const third = a[2];
  await page.evaluate((n) => (window as any).__ringside.seek(n), third.at + 1);
  await expect(page.locator('[data-ring="avail"]')).toHaveAttribute('data-idx', String(third.to));
  await expect(page.locator('[data-pointer="avail.idx"]')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('now-text')).toContainText('avail.ring[0]; avail.idx 0→1');

  // The link alone reproduces it.
  const url = page.url();
  const other = await page.context().newPage();
  await other.goto(url);
  await ready(other);
  expect(await adds(other)).toEqual(a);
  await expect(other.getByRole('spinbutton', { name: /^Start index/ })).toHaveValue('65534');
  await expect(other.getByRole('checkbox', { name: '1 descriptor each' })).toBeChecked();
});

test('the start index field refuses 65536 with the 16-bit range', async ({ page }) => {
  await page.goto('/virtqueue?s=steady&qs=4');
  await ready(page);
  const field = page.getByRole('spinbutton', { name: /^Start index/ });
  await field.fill('65536');
  await field.press('Enter');
  await expect(field).toHaveValue('0');
  await expect(page.getByRole('status').filter({ hasText: 'Start index:' })).toContainText('from 0 to 65535');
  await expect(page).not.toHaveURL(/base=/);
});

test('a link with base=70000 or one=yes says what it refused', async ({ page }) => {
  await page.goto('/virtqueue?s=steady&base=70000&one=yes');
  const notice = page.getByTestId('refused');
  await expect(notice).toContainText('base=70000 (a whole number from 0 to 65535)');
  await expect(notice).toContainText('one=yes (1 (one descriptor per request), or left out)');
  await expect(page).not.toHaveURL(/base=|one=/);
});
