/**
 * The lisafs pool view in a real Chromium. Everything compared is read from the model
 * through window.__ringsideLisafs and from the page's DOM at the same step.
 */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

async function open(page: Page, search = '') {
  await page.goto(`/lisafs${search}`);
  await page.waitForFunction(
    () => !!(window as any).__ringsideLisafs && document.querySelector('[data-testid=lz-stage]'),
  );
  await page.evaluate(() => (window as any).__ringsideLisafs.rendered());
}

const seek = (page: Page, n: number) => page.evaluate((p) => (window as any).__ringsideLisafs.seek(p), n);
const position = (page: Page) => page.evaluate(() => (window as any).__ringsideLisafs.position());

/** The parts of the model state the stage draws. */
async function model(page: Page) {
  return page.evaluate(() => {
    const s = (window as any).__ringsideLisafs.state();
    return {
      stackTopFirst: s.stack ? [...s.stack].reverse() : null,
      channels: s.channels.map((c: any) => ({
        id: c.id,
        status: c.status,
        word: c.word,
        uses: c.uses,
        dataLen: c.packetWindow.dataLen,
        mid: c.packetWindow.mid,
      })),
      socketQueue: s.socket.queue,
      watchdog: s.watchdog.phase,
      callers: s.callers.filter((c: any) => c.role === 'app').map((c: any) => ({ id: c.id, status: c.status })),
    };
  });
}

/** The same, read off the page. */
async function shown(page: Page) {
  return page.evaluate(() => {
    const q = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel));
    const stack = document.querySelector('[data-testid=lz-stack]');
    return {
      stackTopFirst: stack
        ? q('[data-testid=lz-stack] [data-channel]')
            .sort((a, b) => Number(a.dataset.depth) - Number(b.dataset.depth))
            .map((e) => Number(e.dataset.channel))
        : null,
      channels: q('article.lz-ch').map((a) => ({
        id: Number(a.dataset.channel),
        status: a.dataset.status,
        word: a.querySelector<HTMLElement>('[data-word]')!.dataset.word,
        uses: Number(a.querySelector('[data-testid^=lz-uses-]')!.textContent!.match(/\d+/)![0]),
        dataLen: Number(a.querySelector<HTMLElement>('[data-datalen]')!.dataset.datalen),
        mid:
          a.querySelector<HTMLElement>('[data-datalen]')!.dataset.mid === ''
            ? null
            : Number(a.querySelector<HTMLElement>('[data-datalen]')!.dataset.mid),
      })),
      socketQueue: q('[data-testid=lz-socket-queue] [data-caller]').map((e) => Number(e.dataset.caller)),
      watchdog: document.querySelector<HTMLElement>('[data-testid=lz-watchdog]')!.dataset.phase,
      callers: q('.lz-caller')
        .filter((e) => e.textContent!.startsWith('Caller'))
        .map((e) => ({ id: Number(e.dataset.caller), status: e.dataset.status })),
    };
  });
}

test('what the stage shows equals the model at every visited step', async ({ page }) => {
  await open(page, '?scenario=oversubscribed&seed=7&step=0');
  const n = await page.evaluate(() => (window as any).__ringsideLisafs.length());
  expect(n).toBeGreaterThan(100);
  for (const p of [0, 5, 40, 121, 200, Math.floor(n / 2), n - 1, n]) {
    await seek(page, p);
    expect(await position(page)).toBe(p);
    expect(await shown(page)).toEqual(await model(page));
    await expect(page.getByTestId('position')).toHaveText(String(p));
  }
  // The socket lane had a queue at some point in this oversubscribed run.
  await seek(page, 120);
  await page.screenshot({ path: `${SHOTS}/lisafs-oversubscribed.png`, fullPage: true });
});

test('LIFO: the channel a caller pops is the one on top, and a release pushes it back on top', async ({ page }) => {
  await open(page, '?scenario=hot-channel&seed=11');
  const events = await page.evaluate(() => (window as any).__ringsideLisafs.events());
  const pops = events.filter((e: any) => e.kind === 'channel-acquired').slice(0, 6);
  expect(pops.length).toBe(6);
  for (const e of pops) {
    await seek(page, e.step - 1);
    const top = await page.locator('[data-testid=lz-stack] [data-depth="0"]').getAttribute('data-channel');
    expect(Number(top)).toBe(e.channel);
    await seek(page, e.step);
    await expect(page.getByTestId('lz-stack-move')).toHaveText(`↑ popped channel ${e.channel}`);
    const release = events.find(
      (x: any) => x.kind === 'channel-released' && x.channel === e.channel && x.step > e.step,
    );
    await seek(page, release.step);
    await expect(page.getByTestId('lz-stack-move')).toHaveText(`↓ pushed channel ${e.channel} on top`);
    expect(await page.locator('[data-testid=lz-stack] [data-depth="0"]').getAttribute('data-channel')).toBe(
      String(e.channel),
    );
  }
  // By the end one channel is clearly hot: uses are lopsided, as the model says.
  await page.keyboard.press('End');
  const uses = await page.evaluate(() => (window as any).__ringsideLisafs.state().channels.map((c: any) => c.uses));
  await expect(page.getByTestId('lz-channel-uses')).toHaveText(uses.join(' · '));
  expect(Math.max(...uses)).toBeGreaterThan(uses.reduce((a: number, b: number) => a + b, 0) / 2);
  await page.screenshot({ path: `${SHOTS}/lisafs-hot-channel.png`, fullPage: true });
});

test('the watchdog shuts the pool down: stack nil, words shutdown, then everything destroyed', async ({ page }) => {
  await open(page, '?scenario=gofer-hangup&seed=9');
  const events = await page.evaluate(() => (window as any).__ringsideLisafs.events());
  const shut = events.find((e: any) => e.kind === 'watchdog-shutdown');
  await seek(page, shut.step - 1);
  await expect(page.getByTestId('lz-watchdog')).toHaveAttribute('data-phase', 'polling');
  await seek(page, shut.step);
  await expect(page.getByTestId('lz-stack-nil')).toBeVisible();
  await expect(page.getByTestId('lz-watchdog')).toHaveAttribute('data-phase', 'waiting-for-users');
  await expect(page.getByTestId('lz-now-text')).toHaveText(shut.text);
  expect(await shown(page)).toEqual(await model(page));
  await page.screenshot({ path: `${SHOTS}/lisafs-watchdog-shutdown.png`, fullPage: true });
  const destroy = events.find((e: any) => e.kind === 'watchdog-destroy');
  await seek(page, destroy.step);
  await expect(page.getByTestId('lz-watchdog')).toHaveAttribute('data-phase', 'destroyed');
  await expect(page.getByTestId('lz-watchdog')).toContainText('socket 0 · fd sockets 0 · windows 0');
  const statuses = await page
    .locator('article.lz-ch')
    .evaluateAll((as) => as.map((a) => (a as HTMLElement).dataset.status));
  expect(statuses.every((s) => s === 'dead')).toBe(true);
  await expect(page.locator('.lz-word-seg.w-shutdown.is-on')).toHaveCount(statuses.length);
});

test('a dying channel is drawn as dead and never comes back', async ({ page }) => {
  await open(page, '?scenario=dying-channels&seed=5');
  const events = await page.evaluate(() => (window as any).__ringsideLisafs.events());
  const death = events.find((e: any) => e.kind === 'channel-died');
  await seek(page, death.step);
  const card = page.locator(`article.lz-ch[data-channel="${death.channel}"]`);
  await expect(card).toHaveAttribute('data-status', 'dead');
  await expect(card).toHaveClass(/is-dying/);
  await seek(page, events.length);
  await expect(card).toHaveAttribute('data-status', 'dead');
  await expect(page.locator(`[data-testid=lz-stack] [data-channel="${death.channel}"]`)).toHaveCount(0);
});

test('stepping with the buttons and keys, playing, and the help dialog', async ({ page }) => {
  await open(page, '?scenario=single-cpu&seed=3&step=10');
  await page.getByRole('button', { name: 'Step forward (→)' }).click();
  expect(await position(page)).toBe(11);
  await page.getByRole('button', { name: 'Step back (←)' }).click();
  await page.getByRole('button', { name: 'Step back (←)' }).click();
  expect(await position(page)).toBe(9);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(await position(page)).toBe(12);
  await page.keyboard.press('Shift+ArrowLeft');
  expect(await position(page)).toBe(2);
  await page.keyboard.press('End');
  const n = await page.evaluate(() => (window as any).__ringsideLisafs.length());
  expect(await position(page)).toBe(n);
  await page.keyboard.press('Home');
  expect(await position(page)).toBe(0);
  await page.keyboard.press(' ');
  await expect.poll(() => position(page)).toBeGreaterThan(2);
  await page.keyboard.press(' ');
  const stopped = await position(page);
  await page.waitForTimeout(300);
  expect(await position(page)).toBe(stopped);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
  // The log jumps on click.
  await page.locator('.log-scroll .ev[data-position="5"]').click();
  expect(await position(page)).toBe(5);
});

test('a permalink reproduces scenario, seed, channel count and step', async ({ page, context }) => {
  await open(page);
  await page.getByLabel('Scenario', { exact: true }).selectOption('dying-channels');
  await page.getByLabel('Channels', { exact: true }).selectOption('3');
  await page.getByRole('spinbutton', { name: 'Seed' }).fill('21');
  await page.getByRole('spinbutton', { name: 'Seed' }).press('Enter');
  await seek(page, 77);
  await expect.poll(() => page.url()).toContain('step=77');
  const url = page.url();
  expect(url).toContain('scenario=dying-channels');
  expect(url).toContain('channels=3');
  expect(url).toContain('seed=21');
  const before = await model(page);
  const other = await context.newPage();
  await other.goto(url);
  await other.waitForFunction(() => !!(window as any).__ringsideLisafs);
  await other.evaluate(() => (window as any).__ringsideLisafs.rendered());
  expect(await other.evaluate(() => (window as any).__ringsideLisafs.spec())).toEqual({
    scenario: 'dying-channels',
    seed: 21,
    channels: 3,
  });
  expect(await position(other)).toBe(77);
  expect(await model(other)).toEqual(before);
  expect(await shown(other)).toEqual(before);
  await expect(other.locator('article.lz-ch')).toHaveCount(3);
});

test('keyboard only: reach a channel, inspect it, step, clear', async ({ page }) => {
  await open(page, '?scenario=hot-channel&seed=11&step=60');
  let found = false;
  for (let i = 0; i < 60 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => !!document.activeElement?.classList.contains('lz-ch-head'));
  }
  expect(found).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lz-inspector').getByRole('heading', { level: 3 })).toHaveText(/^Channel \d$/);
  await page.keyboard.press('ArrowRight');
  expect(await position(page)).toBe(61);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lz-inspector')).toContainText('Click a caller');
});

test('no axe violations, mid-run with an inspected channel, and reduced motion is respected', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, '?scenario=oversubscribed&seed=7&step=150');
  await expect(page.locator('.lz-app')).toHaveClass(/reduced-motion/);
  await page.locator('article.lz-ch').first().locator('.lz-ch-head').click();
  const r = await new AxeBuilder({ page }).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/lisafs-inspector.png`, fullPage: false });
});

test("the scenario's text is on the page, not folded away", async ({ page }) => {
  await page.goto('/lisafs?scenario=hot-channel');
  const sc = page.getByTestId('lz-scenario');
  await expect(sc).toBeVisible();
  await expect(sc).toContainText('Light load: the hot channel stays hot');
  await expect(sc).toContainText('LIFO stack');
  await expect(sc.locator('details')).toHaveCount(0);
});
