/**
 * A real device session streamed to the page: `npm run live`'s server (started here) runs
 * the model's driver against qemu-storage-daemon over vhost-user and streams the trace as
 * it happens; the replay view in Chromium follows it live — the step count and the rings
 * move while the session runs — and can replay every step, during and after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const PORT = 4188 + (Number(process.env.TEST_PARALLEL_INDEX) || 0);
// Paced so a person could watch each batch land (30 batches, 400 ms apart). Each page load
// starts a new session. The follow test does not race that pace: its session is held after
// batches 1, 20 and 25 (?hold=1,20,25) until the test asks /live/release, so it starts moving
// once the page is up, and "the session is still arriving" is something the test decides,
// however slow the machine is.
const REQUESTS = 240;
const HELD_TRACE = encodeURIComponent('/live/trace.jsonl?hold=1,20,25');
/** Lets a held session go on to its next hold (or to its end). */
async function release(): Promise<void> {
  const r = await fetch(`http://127.0.0.1:${PORT}/live/release`);
  expect(r.ok).toBe(true);
}
let server: ChildProcess;

test.beforeAll(async () => {
  server = spawn(
    'node_modules/.bin/tsx',
    [
      'src/cli/live.mts',
      '--port',
      String(PORT),
      '--device',
      'blk',
      '--requests',
      String(REQUESTS),
      '--batch',
      '8',
      '--pace',
      '400',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('live server did not start')), 60_000);
    server.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('Ringside live: open')) {
        clearTimeout(t);
        resolve();
      }
    });
    server.on('exit', (code) => reject(new Error(`live server exited ${code}`)));
  });
});

test.afterAll(async () => {
  server.kill('SIGTERM');
});

test('a live vhost-user-blk session streams into the replay view and replays step by step', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`http://127.0.0.1:${PORT}/replay?trace=/live/trace.jsonl`);
  // events arrive while the session runs (paced batches); ready() waits for its end
  await page.waitForFunction(() => (window as any).__ringsideReplay !== undefined);
  await page.evaluate(() => (window as any).__ringsideReplay.ready());
  const count = await page.evaluate(() => (window as any).__ringsideReplay.count());
  // each request has an add and a reclaim, plus kick decisions and wake-ups
  expect(count).toBeGreaterThanOrEqual(2 * REQUESTS);
  await page.evaluate(() => (window as any).__ringsideReplay.seek(10));
  expect(await page.evaluate(() => (window as any).__ringsideReplay.position())).toBe(10);
  await expect(page.getByText('vhost-user', { exact: false }).first()).toBeVisible();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', 'ended');
  await expect(page.getByTestId('live-status')).toHaveText(`Session ended — ${count.toLocaleString('en')} events`);
});

interface Sample {
  live: string | undefined;
  follow: boolean;
  count: number;
  position: number;
  /** The step the ring panel draws, and the used ring's index as drawn. */
  shown: number;
  usedIdx: number;
}

test('follow live: the step count and the drawn used ring move while the session runs; a manual seek stops following', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto(`http://127.0.0.1:${PORT}/replay?trace=${HELD_TRACE}`);
  const status = page.getByTestId('live-status');
  // The first prefix (the header, once the daemon is up) makes the session navigable.
  await expect(status).toHaveAttribute('data-live', 'receiving', { timeout: 30_000 });
  await expect(status).toHaveText(/^Live — [\d,]+ events? so far$/);
  const follow = page.getByRole('checkbox', { name: 'Follow live' });
  await expect(follow).toBeChecked();
  await expect(follow).toHaveAccessibleDescription(/newest step/);
  // The page is up and following: let the session run on to batch 20.
  await release();

  // Sampled in the page, every 50 ms, until the drawn used.idx has moved forward twice (the
  // session holds after batch 20: it is still arriving throughout).
  const samples: Sample[] = await page.evaluate(async () => {
    const h = (window as any).__ringsideReplay;
    const out: Sample[] = [];
    const t0 = performance.now();
    while (performance.now() - t0 < 30_000) {
      const panel = document.querySelector('[data-testid="ring-panel"]');
      const used = document.querySelector('[data-ring="used"]');
      out.push({
        live: h.live()?.state,
        follow: h.follow(),
        count: h.count(),
        position: h.position(),
        shown: Number(panel?.getAttribute('data-position') ?? -1),
        usedIdx: Number(used?.getAttribute('data-idx') ?? -1),
      });
      if (out[out.length - 1].live !== 'receiving') break;
      if (new Set(out.map((s) => s.usedIdx).filter((x) => x >= 0)).size >= 3) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return out;
  });
  const whileLive = samples.filter((s) => s.live === 'receiving');
  test.info().annotations.push({
    type: 'follow',
    description: `${samples.length} samples; used.idx drawn ${[...new Set(whileLive.map((s) => s.usedIdx))].join(' → ')}; steps ${whileLive[0]?.count} → ${whileLive.at(-1)?.count}`,
  });
  // All while the session was still running, with follow on.
  expect(whileLive.length).toBe(samples.length);
  expect(whileLive.every((s) => s.follow)).toBe(true);
  // The step count grew, and the drawn used ring index went forward (never back) at least twice.
  const counts = [...new Set(whileLive.map((s) => s.count))];
  expect(counts.length).toBeGreaterThanOrEqual(3);
  for (let k = 1; k < counts.length; k++) expect(counts[k]).toBeGreaterThan(counts[k - 1]);
  const drawn = whileLive.map((s) => s.usedIdx).filter((x) => x >= 0);
  for (let k = 1; k < drawn.length; k++) expect(drawn[k]).toBeGreaterThanOrEqual(drawn[k - 1]);
  expect(new Set(drawn).size).toBeGreaterThanOrEqual(3);
  // Following means showing the newest step.
  expect(whileLive.every((s) => s.position === s.count)).toBe(true);
  expect(whileLive.some((s) => s.shown === s.count && s.count > 0)).toBe(true);

  await page.screenshot({ path: 'test-results/screenshots/replay-live.png', fullPage: true });
  const axe = await new AxeBuilder({ page }).include('.transport').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // A manual seek while events keep arriving: follow turns off and the view stays put. The
  // session goes on to its last hold (after batch 25), so more events arrive after the seek.
  expect(await page.evaluate(() => (window as any).__ringsideReplay.live()?.state)).toBe('receiving');
  await page.evaluate(() => (window as any).__ringsideReplay.seek(5));
  await expect(follow).not.toBeChecked();
  const atSeek = await page.evaluate(() => (window as any).__ringsideReplay.count());
  await release();
  await page.waitForFunction((c) => (window as any).__ringsideReplay.count() > c, atSeek);
  expect(await page.evaluate(() => (window as any).__ringsideReplay.position())).toBe(5);
  await expect(page.getByTestId('ring-panel')).toHaveAttribute('data-position', '5');

  // L turns it back on: the view jumps to the newest step and keeps up.
  await page.keyboard.press('l');
  await expect(follow).toBeChecked();
  await expect.poll(() => page.evaluate(() => (window as any).__ringsideReplay.position())).toBeGreaterThan(atSeek);
  // Stepping with the transport turns it off again.
  await page.getByRole('button', { name: 'Step back (←)' }).click();
  await expect(follow).not.toBeChecked();
  // The shortcut is listed in the help dialog.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Follow live on or off');
  await page.keyboard.press('Escape');

  // The session ends: everything arrived stays navigable, and the page says nothing more is coming.
  expect(await page.evaluate(() => (window as any).__ringsideReplay.live()?.state)).toBe('receiving');
  await release();
  await page.evaluate(() => (window as any).__ringsideReplay.ready());
  await expect(status).toHaveAttribute('data-live', 'ended');
  const total = await page.evaluate(() => (window as any).__ringsideReplay.count());
  expect(total).toBeGreaterThanOrEqual(2 * REQUESTS);
  await expect(status).toHaveText(`Session ended — ${total.toLocaleString('en')} events`);
  await expect(follow).toHaveCount(0);
  await page.evaluate((n) => (window as any).__ringsideReplay.seek(n), total);
  await expect(page.getByTestId('ring-panel')).toHaveAttribute('data-position', String(total));
});

test('Stop ends reading a live session and keeps what arrived navigable', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(`http://127.0.0.1:${PORT}/replay?trace=/live/trace.jsonl`);
  const status = page.getByTestId('live-status');
  await expect(status).toHaveAttribute('data-live', 'receiving', { timeout: 30_000 });
  await page.waitForFunction(() => (window as any).__ringsideReplay.count() >= 20);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toHaveAttribute('data-live', 'stopped');
  await page.evaluate(() => (window as any).__ringsideReplay.ready());
  const n = await page.evaluate(() => (window as any).__ringsideReplay.count());
  expect(n).toBeGreaterThanOrEqual(20);
  expect(n).toBeLessThan(2 * REQUESTS);
  await expect(status).toHaveText(`Stopped receiving — ${n.toLocaleString('en')} events`);
  await expect(page.getByRole('checkbox', { name: 'Follow live' })).toHaveCount(0);
  // Nothing more arrives, and every step received can still be replayed.
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => (window as any).__ringsideReplay.count())).toBe(n);
  await page.evaluate(() => (window as any).__ringsideReplay.seek(12));
  await expect(page.getByTestId('ring-panel')).toHaveAttribute('data-position', '12');
  await expect(page.getByTestId('event-detail').locator('tr').first()).toHaveText(/^step\s*11$/);
});
