/**
 * The gofer path-walk view in a real Chromium: counts, sequence diagrams and the dentry tree
 * are compared with the models read through window.__ringsideGofer at the same step.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

async function open(page: Page, search = '') {
  await page.goto(`/gofer${search}`);
  await page.waitForFunction(
    () => !!(window as any).__ringsideGofer && document.querySelector('[data-testid=gf-lanes]'),
  );
  await page.evaluate(() => (window as any).__ringsideGofer.rendered());
}
const seek = (page: Page, n: number) => page.evaluate((p) => (window as any).__ringsideGofer.seek(p), n);
const position = (page: Page) => page.evaluate(() => (window as any).__ringsideGofer.position());

test('the seed case: 11 RPCs in VFS1, 6 in VFS2, 2 in lisafs, drawn RPC by RPC', async ({ page }) => {
  await open(page, '?scenario=seed-revalidation&mode=shared&focus=vfs2-9p&step=0');
  const n = await page.evaluate(() => (window as any).__ringsideGofer.length());
  for (let g = 0; g <= n; g++) {
    await seek(page, g);
    const m = await page.evaluate(() => {
      const R = (window as any).__ringsideGofer;
      const item = R.item();
      return R.run().columns.map((c: any) => ({
        design: c.design,
        count: c.timeline.sim.state.run.runningCount,
        rpcsThisItem: c.timeline.events
          .slice(0, c.timeline.position)
          .filter((e: any) => e.item === item && e.kind === 'rpc')
          .map((e: any) => e.rpc.name),
      }));
    });
    for (const c of m) {
      await expect(page.getByTestId(`gf-count-${c.design}`)).toHaveText(String(c.count));
      expect(
        await page
          .getByTestId(`gf-seq-${c.design}`)
          .locator('[data-rpc]')
          .evaluateAll((gs) => gs.map((x) => (x as HTMLElement).dataset.rpc)),
      ).toEqual(c.rpcsThisItem);
    }
    if (g === 16) await page.screenshot({ path: `${SHOTS}/gofer-seed-midway.png`, fullPage: true });
  }
  // The last operation's row: 11 / 6 / 2.
  const last = page.locator('[data-testid=gf-ops] tr[data-item="2"]');
  await expect(last.locator('td[data-design="vfs1"]')).toHaveAttribute('data-count', '11');
  await expect(last.locator('td[data-design="vfs2-9p"]')).toHaveAttribute('data-count', '6');
  await expect(last.locator('td[data-design="lisafs"]')).toHaveAttribute('data-count', '2');
  expect(
    await page
      .getByTestId('gf-seq-vfs1')
      .locator('[data-rpc]')
      .evaluateAll((gs) => gs.map((x) => (x as HTMLElement).dataset.rpc)),
  ).toEqual([
    'Tgetattr',
    'Twalkgetattr',
    'Tclunk',
    'Tgetattr',
    'Twalkgetattr',
    'Tclunk',
    'Tgetattr',
    'Twalkgetattr',
    'Tclunk',
    'Twalkgetattr',
    'Tgetattr',
  ]);
  await page.screenshot({ path: `${SHOTS}/gofer-seed-end.png`, fullPage: true });
});

test('the reference table is the model’s, and shows 11/6, 10/7/0 and 4/3 checked against the references', async ({
  page,
}) => {
  await open(page);
  const table = await page.evaluate(() => (window as any).__ringsideGofer.table());
  for (const row of table.rows) {
    for (let i = 0; i < table.columns.length; i++) {
      const c = row.counts[i];
      const cell = page.locator(`[data-testid=gf-reference] tr[data-case="${row.caseId}"] td`).nth(i);
      if (c) await expect(cell).toHaveAttribute('data-count', String(c.count));
      else await expect(cell).toHaveText('n/a');
    }
  }
  const cell = (caseId: string, col: string) =>
    page.locator(`[data-testid=gf-reference] tr[data-case="${caseId}"] td[data-column="${col}"]`);
  const expected: [string, string, number][] = [
    ['stat-baz-replaced', 'vfs1/shared', 11],
    ['stat-baz-replaced', 'vfs2-9p/shared', 6],
    ['stat-warm', 'vfs1/shared', 10],
    ['stat-warm', 'vfs2-9p/shared', 7],
    ['stat-warm', 'vfs2-9p/exclusive', 0],
    ['stat-cold', 'vfs2-9p/shared', 4],
    ['stat-cold', 'vfs2-9p/exclusive', 3],
  ];
  for (const [caseId, col, n] of expected) {
    await expect(cell(caseId, col)).toHaveAttribute('data-count', String(n));
    await expect(cell(caseId, col)).toContainText('✓');
  }
  await expect(page.locator('.gf-ref-bad')).toHaveCount(0);
  // Clicking a cell explains it, sequence included.
  await cell('stat-baz-replaced', 'vfs1/shared').getByRole('button').click();
  await expect(page.getByTestId('gf-inspector')).toContainText('seed: VFS2 gofer client commit message');
  await expect(page.getByTestId('gf-inspector')).toContainText('Tgetattr, Twalkgetattr, Tclunk');
});

test('interop demo: a host-side write is missed in Exclusive mode and seen in Shared', async ({ page }) => {
  await open(page, '?scenario=remote-write-seen&mode=exclusive&focus=vfs2-9p');
  await page.keyboard.press('End');
  const ops = page.locator('[data-testid=gf-ops]');
  // stat after the host write (item 3) answers from the cache: stale, 0 RPCs.
  await expect(ops.locator('tr[data-item="3"] td[data-design="vfs2-9p"]')).toHaveAttribute('data-count', '0');
  await expect(ops.locator('tr[data-item="3"] td[data-design="vfs2-9p"] .gf-out-stale')).toBeVisible();
  const demo = page.getByTestId('gf-demo');
  await expect(demo.locator('tbody tr').nth(3).locator('td').nth(0).locator('.gf-out-stale')).toBeVisible(); // exclusive
  await expect(demo.locator('tbody tr').nth(3).locator('td').nth(2).locator('.gf-out-ok')).toContainText('5000 B'); // shared
  // The dentry tree shows baz stale against the host, with its timestamps' clocks.
  const baz = page.locator('[data-testid=gf-tree] tr[data-path="/foo/bar/baz"]');
  await expect(baz).toHaveAttribute('data-status', 'stale');
  await expect(baz).toContainText('host clock');
  const model = await page.evaluate(() => {
    const st = (window as any).__ringsideGofer.sim('vfs2-9p').state;
    return { d: st.run.cache.dentries['/foo/bar/baz'].attrs, r: st.run.remote.nodes['/foo/bar/baz'] };
  });
  await expect(baz).toContainText(`${model.d.size} B`);
  await expect(baz).toContainText(`${model.r.size} B`);
  await page.screenshot({ path: `${SHOTS}/gofer-interop-exclusive.png`, fullPage: true });
  // Switch to Shared: the same stat now revalidates and sees 5000 bytes.
  await page.getByLabel('Interop mode', { exact: true }).selectOption('shared');
  await page.keyboard.press('End');
  await expect(
    page.locator('[data-testid=gf-ops] tr[data-item="3"] td[data-design="vfs2-9p"] .gf-out-ok'),
  ).toContainText('5000 B');
});

test('the sandbox clock stamps mtime in Exclusive mode', async ({ page }) => {
  await open(page, '?scenario=client-write-visible&mode=exclusive&focus=vfs2-9p');
  await page.keyboard.press('End');
  const clock = await page.evaluate(
    () => (window as any).__ringsideGofer.sim('vfs2-9p').state.run.cache.dentries['/foo/bar/baz'].attrs.mtimeClock,
  );
  await expect(page.locator('[data-testid=gf-tree] tr[data-path="/foo/bar/baz"] .gf-clock').first()).toHaveText(
    clock === 'client' ? 'sandbox clock' : 'host clock',
  );
});

test('the measured column shows the recorded virtiofsd counts, and can be replaced or hidden', async ({ page }) => {
  const recorded = JSON.parse(readFileSync('public/data/virtiofsd-walk-counts.json', 'utf8'));
  await open(page, '?scenario=seed-revalidation&mode=shared&focus=vfs2-9p');
  // measured on the real daemon by `npm run measure:fuse` (a native test re-measures the file)
  await expect(page.getByTestId('gf-lane-measured')).toBeVisible();
  await expect(
    page.locator('[data-testid=gf-reference] tr[data-case="stat-baz-replaced"] td[data-column="virtiofsd/fuse"]'),
  ).toHaveAttribute('data-count', String(recorded.counts['stat-baz-replaced'].count));
  await page.evaluate(() => (window as any).__ringsideGofer.setMeasured(null));
  await expect(page.getByTestId('gf-lane-measured')).toHaveCount(0);
  await expect(page.locator('[data-testid=gf-reference] th.gf-measured')).toHaveCount(0);
  await page.evaluate(() =>
    (window as any).__ringsideGofer.setMeasured({
      id: 'virtiofsd',
      label: 'virtiofsd',
      protocol: 'FUSE',
      counts: {
        'stat-baz-replaced': 3,
        'stat-cold': { count: 3, rpcs: ['FUSE_LOOKUP', 'FUSE_LOOKUP', 'FUSE_LOOKUP'] },
      },
    }),
  );
  await expect(page.getByTestId('gf-lane-measured')).toBeVisible();
  await expect(
    page.locator('[data-testid=gf-reference] tr[data-case="stat-baz-replaced"] td[data-column="virtiofsd"]'),
  ).toHaveAttribute('data-count', '3');
  await seek(page, 3);
  await expect(page.getByTestId('gf-lane-measured')).toContainText('FUSE_LOOKUP');
  await page.screenshot({ path: `${SHOTS}/gofer-measured.png`, fullPage: false });
});

test('a permalink reproduces demo, mode, focus and step', async ({ page, context }) => {
  await open(page);
  await page.getByLabel('Demo', { exact: true }).selectOption('negative-dentry');
  await page.getByLabel('Interop mode', { exact: true }).selectOption('exclusive');
  await page.getByRole('radio', { name: 'lisafs' }).check();
  await seek(page, 5);
  await expect.poll(() => page.url()).toContain('step=5');
  const url = page.url();
  expect(url).toMatch(/scenario=negative-dentry.*mode=exclusive.*focus=lisafs/);
  const before = await page.evaluate(() => (window as any).__ringsideGofer.columns());
  const other = await context.newPage();
  await other.goto(url);
  await other.waitForFunction(() => !!(window as any).__ringsideGofer);
  await other.evaluate(() => (window as any).__ringsideGofer.rendered());
  expect(await other.evaluate(() => (window as any).__ringsideGofer.spec())).toEqual({
    scenario: 'negative-dentry',
    mode: 'exclusive',
    focus: 'lisafs',
  });
  expect(await position(other)).toBe(5);
  expect(await other.evaluate(() => (window as any).__ringsideGofer.columns())).toEqual(before);
  await expect(other.getByRole('radio', { name: 'lisafs' })).toBeChecked();
});

test('keyboard only: step with arrows, reach an RPC arrow and inspect it', async ({ page }) => {
  await open(page, '?scenario=seed-revalidation&mode=shared&focus=vfs2-9p&step=0');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  expect(await position(page)).toBe(4);
  await page.keyboard.press('ArrowLeft');
  expect(await position(page)).toBe(3);
  let found = false;
  for (let i = 0; i < 60 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => !!document.activeElement?.classList.contains('gf-rpc'));
  }
  expect(found).toBe(true);
  const name = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.rpc);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('gf-inspector').getByRole('heading', { level: 3 })).toContainText(name!);
});

test('no axe violations; reduced motion is respected', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, '?scenario=remote-write-seen&mode=exclusive&focus=vfs2-9p&step=12');
  await expect(page.locator('.gf-app')).toHaveClass(/reduced-motion/);
  await page.locator('[data-testid=gf-tree] tr[data-path="/foo/bar/baz"] button').click();
  const r = await new AxeBuilder({ page }).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
