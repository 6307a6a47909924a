/**
 * Every view at a phone's width (390 px, issue 20): nothing runs off the right edge, the view
 * tabs scroll and show the current one, and the transport's controls can still be used.
 * (Each lesson's walk checks 390 px for its own steps.)
 */
import { expect, type Page, test } from '@playwright/test';

test.use({ viewport: { width: 390, height: 844 } });

/** Page width against the viewport, and what sticks out when it is wider (for the failure message). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const d = document.documentElement;
    const vw = d.clientWidth;
    const out: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 0.5 && (el.parentElement?.getBoundingClientRect().right ?? 0) <= vw + 0.5)
        out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ends at ${Math.round(r.right)} px`);
    }
    return { scrollWidth: d.scrollWidth, clientWidth: vw, sticking: out.slice(0, 5) };
  });
}

async function expectFits(page: Page) {
  // Charts and tables draw after the first frame; give layout a moment to settle on its final width.
  await expect.poll(async () => (await overflow(page)).scrollWidth).toBeLessThanOrEqual(390);
  const o = await overflow(page);
  expect(o.scrollWidth, `wider than the screen: ${o.sticking.join('; ')}`).toBeLessThanOrEqual(o.clientWidth);
}

/** The view tabs: the current one is in sight, the strip scrolls to the last one, and it can be clicked. */
async function expectTabsUsable(page: Page, current: string) {
  const nav = page.getByRole('navigation', { name: 'Ringside views' });
  const tab = nav.getByRole('link', { name: current, exact: true });
  await expect(tab).toHaveAttribute('aria-current', 'page');
  await expect(tab).toBeInViewport({ ratio: 0.99 });
  const { scrollWidth, clientWidth } = await nav.evaluate((n) => ({
    scrollWidth: n.scrollWidth,
    clientWidth: n.clientWidth,
  }));
  // Seven tabs do not fit in 390 px: the strip scrolls (its edges glow while more is hidden).
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  const last = nav.getByRole('link').last();
  await last.scrollIntoViewIfNeeded();
  await expect(last).toBeInViewport({ ratio: 0.99 });
}

/** The transport's buttons are all on screen, and stepping forward moves the counter. */
async function expectTransportUsable(page: Page) {
  const t = page.getByRole('region', { name: 'Playback' });
  for (const name of ['Go to the start (Home)', 'Step back (←)', 'Step forward (→)', 'Go to the end (End)'])
    await expect(t.getByRole('button', { name })).toBeInViewport({ ratio: 0.99 });
  await expect(t.getByRole('slider', { name: 'Timeline: scrub to any step' })).toBeInViewport();
  await expect(t.getByRole('slider', { name: 'Playback speed' })).toBeInViewport();
  const pos = t.getByTestId('position');
  await expect(pos).toHaveText('0');
  await t.getByRole('button', { name: 'Step forward (→)' }).click();
  await expect(pos).toHaveText('1');
  await t.getByRole('button', { name: 'Go to the start (Home)' }).click();
  await expect(pos).toHaveText('0');
}

const SAMPLE = '/samples/qemu-7.2-linux-6.1-virtio-blk-1q.log';

const VIEWS: { path: string; tab: string; name?: string; ready: (p: Page) => Promise<void> }[] = [
  {
    path: '/virtqueue',
    tab: 'Virtqueue',
    ready: (p) => expect(p.getByRole('heading', { name: 'Descriptor table' })).toBeVisible(),
  },
  {
    path: `/replay?trace=${SAMPLE}`,
    tab: 'Trace replay',
    ready: (p) => expect(p.getByRole('region', { name: 'Playback' })).toBeVisible({ timeout: 30_000 }),
  },
  {
    path: `/replay?trace=${SAMPLE}&trace2=${SAMPLE}`,
    tab: 'Trace replay',
    name: 'Trace replay, two traces compared',
    ready: (p) => expect(p.getByRole('region', { name: 'Playback' })).toBeVisible({ timeout: 30_000 }),
  },
  {
    path: '/lisafs',
    tab: 'lisafs pool',
    ready: (p) => expect(p.getByRole('region', { name: 'Playback' })).toBeVisible(),
  },
  {
    path: '/gofer',
    tab: 'Path walks',
    ready: (p) => expect(p.getByRole('region', { name: 'Playback' })).toBeVisible(),
  },
  {
    path: '/pgalloc',
    tab: 'Page loading',
    ready: (p) => expect(p.getByRole('region', { name: 'Playback' })).toBeVisible(),
  },
  {
    path: '/packed',
    tab: 'Packed ring',
    ready: (p) => expect(p.getByRole('region', { name: 'Playback' })).toBeVisible(),
  },
  {
    path: '/virtproxy',
    tab: 'Multiplexing',
    ready: (p) => expect(p.getByRole('region', { name: 'Playback' })).toBeVisible(),
  },
];

for (const v of VIEWS) {
  test(`${v.name ?? v.tab} at 390 px: fits the screen, the tabs scroll, the transport works`, async ({ page }) => {
    await page.goto(v.path);
    await v.ready(page);
    await expectFits(page);
    await expectTabsUsable(page, v.tab);
    await expectTransportUsable(page);
    // Stepping redraws the stage; it must still fit.
    await expectFits(page);
  });
}

test('the course map and the glossary at 390 px fit the screen', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Learn how');
  await expectFits(page);
  await expectTabsUsable(page, 'Lessons');
  await page.goto('/learn/glossary');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectFits(page);
});
