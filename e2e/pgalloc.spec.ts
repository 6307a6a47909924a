/**
 * The pgalloc view in a real Chromium. What the page shows is compared with the model, read
 * through `window.__ringsidePgalloc` — and figures with a fresh run of the model in the page —
 * at the steps we visit, in both modes, after settings change and across a permalink.
 */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

async function open(page: Page, search = '') {
  await page.goto(`/pgalloc${search}`);
  await page.waitForFunction(() => !!(window as any).__ringsidePgalloc && document.querySelector('.pg-strip canvas'));
  await page.evaluate(() => (window as any).__ringsidePgalloc.rendered());
}

const seek = (page: Page, n: number) => page.evaluate((k) => (window as any).__ringsidePgalloc.seek(k), n);
const position = (page: Page) => page.evaluate(() => (window as any).__ringsidePgalloc.position() as number);
const length = (page: Page) => page.evaluate(() => (window as any).__ringsidePgalloc.length() as number);

/** The model's state, computed here from raw model fields (not with the app's helpers). */
async function modelState(page: Page) {
  return page.evaluate(() => {
    const H = (window as any).__ringsidePgalloc;
    const m = H.model();
    const s = m.view();
    const queued = new Set<number>();
    for (const e of s.loader.priority) for (let p = e.memPage; p < e.memPage + e.pages; p++) queued.add(p);
    const c = { hole: 0, loaded: 0, unloaded: 0, inflight: 0, queued: 0, awaited: 0 };
    for (let p = 0; p < s.page.length; p++) {
      if (s.waitCount[p] > 0) c.awaited++;
      if (queued.has(p)) c.queued++;
      else if (s.page[p] === 0) c.hole++;
      else if (s.page[p] === 1) c.unloaded++;
      else if (s.page[p] === 2) c.inflight++;
      else c.loaded++;
    }
    // The event that led here, from a separate run of the model.
    const fresh = new H.api.PgallocModel(m.config, m.seed, { checkInvariants: true });
    const evs = fresh.run(H.position());
    return {
      step: s.step,
      counts: c,
      inflight: s.loader.inflight.map((o: any) => o.id),
      cap: m.config.loader.maxInflight,
      deque: s.loader.priority.length,
      threads: s.threads.map((t: any) => t.status),
      text: evs.length ? evs[evs.length - 1].text : null,
      snapshotsEqual: JSON.stringify(fresh.snapshot()) === JSON.stringify(m.snapshot()),
    };
  });
}

async function expectViewMatchesModel(page: Page) {
  await page.evaluate(() => (window as any).__ringsidePgalloc.rendered());
  const m = await modelState(page);
  expect(m.snapshotsEqual).toBe(true);
  expect(m.step).toBe(await position(page));
  await expect(page.getByTestId('position')).toHaveText(String(m.step));
  for (const k of Object.keys(m.counts) as (keyof typeof m.counts)[])
    await expect(page.getByTestId(`count-${k}`)).toHaveText(String(m.counts[k]));
  await expect(page.getByTestId('slots-summary')).toContainText(`${m.inflight.length} of ${m.cap} in flight`);
  const ops = await page
    .locator('.pg-slot[data-op]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-op'))));
  expect(ops).toEqual(m.inflight);
  expect(await page.locator('.pg-slot.is-free').count()).toBe(m.cap - m.inflight.length);
  await expect(page.getByTestId('deque-summary')).toContainText(`${m.deque} range`);
  const statuses = await page.locator('.pg-thread').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
  expect(statuses).toEqual(m.threads);
  if (m.text) await expect(page.getByTestId('now-text')).toHaveText(m.text);
}

async function expectFiguresMatchModel(page: Page) {
  const cmp = await page.evaluate(() => {
    const H = (window as any).__ringsidePgalloc;
    const spec = H.spec();
    return H.api.compareModes(H.api.configOf(spec), spec.seed, true);
  });
  const pick: Record<string, string> = {
    ttfi: 'timeToFirstInstructionNs',
    stall: 'totalStallNs',
    restore: 'restoreTimeNs',
    finish: 'appFinishNs',
  };
  for (const mode of ['sync', 'background'] as const) {
    for (const [key, field] of Object.entries(pick)) {
      const v = cmp[mode][field];
      await expect(page.getByTestId(`fig-${key}-${mode}`)).toHaveAttribute('data-ns', v === null ? '' : String(v));
    }
    await expect(page.getByTestId(`fig-reads-${mode}`)).toHaveText(`${cmp[mode].reads} (${cmp[mode].awaitedReads})`);
  }
  await expect(page.getByTestId('verdict')).toHaveText(cmp.text);
  return cmp;
}

test.describe('pgalloc view', () => {
  test('shows exactly the model’s state at every step visited, forwards and back', async ({ page }) => {
    await open(page, '?s=small-working-set');
    const n = await length(page);
    for (const p of [0, 1, 2, 57, 600, 2100, n, n - 1, 700, 64, 3]) {
      await seek(page, p);
      await expectViewMatchesModel(page);
    }
  });

  test('hand-checked restore: every single step matches the model', async ({ page }) => {
    await open(page, '?s=tiny-hand-checked');
    const n = await length(page);
    for (let p = 0; p <= n; p++) {
      await seek(page, p);
      await expectViewMatchesModel(page);
    }
  });

  test('figures equal the model’s summaries for both modes, including when background does not win', async ({
    page,
  }) => {
    for (const s of ['small-working-set', 'touch-everything', 'spinning-disk', 'short-read']) {
      await open(page, `?s=${s}`);
      const cmp = await expectFiguresMatchModel(page);
      if (s === 'small-working-set') expect(cmp.backgroundWins).toBe(true);
      if (s === 'touch-everything' || s === 'spinning-disk') {
        expect(cmp.backgroundWins).toBe(false);
        await expect(page.getByTestId('verdict')).toContainText('does not help');
      }
    }
    await page.screenshot({ path: `${SHOTS}/pgalloc-short-read.png`, fullPage: true });
  });

  test('changing a loader setting re-runs both modes, and the figures follow the model', async ({ page }) => {
    await open(page, '?s=spinning-disk');
    const field = page.getByRole('spinbutton', { name: /Seek penalty/ });
    await field.fill('0');
    await field.press('Enter');
    await expect(page).toHaveURL(/seek=0/);
    await expectFiguresMatchModel(page);
    await expect(page.getByTestId('baseline-note')).toBeVisible();
    const inflight = page.getByRole('spinbutton', { name: /In-flight reads/ });
    await inflight.fill('128');
    await inflight.press('Enter');
    await expect(page).toHaveURL(/q=128/);
    const cmp = await expectFiguresMatchModel(page);
    // Without seeks, the urgent reads no longer make the background load slower than the sync one.
    expect(cmp.background.restoreTimeNs).toBeLessThanOrEqual(cmp.sync.restoreTimeNs * 1.01);
    await page.getByRole('combobox', { name: 'Access pattern' }).selectOption('locality');
    await expect(page).toHaveURL(/pat=locality/);
    await expectFiguresMatchModel(page);
    await page.getByRole('button', { name: /Reset/ }).click();
    await expect(page).not.toHaveURL(/q=|seek=|pat=/);
    await expectFiguresMatchModel(page);
  });

  test('switching mode keeps the same moment of virtual time', async ({ page }) => {
    await open(page, '?s=small-working-set&mode=background');
    await seek(page, 900);
    const t = await page.evaluate(() => (window as any).__ringsidePgalloc.model().now as number);
    await page.getByRole('radio', { name: 'Synchronous' }).click();
    await expect(page).toHaveURL(/mode=sync/);
    const after = await page.evaluate(() => {
      const H = (window as any).__ringsidePgalloc;
      return { mode: H.model().config.mode, now: H.model().now as number };
    });
    expect(after.mode).toBe('sync');
    expect(after.now).toBeLessThanOrEqual(t);
    await expectViewMatchesModel(page);
  });

  test('permalink round-trip: scenario, seed, mode, settings and step', async ({ page, context }) => {
    await open(page);
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption('touch-everything');
    await page.getByRole('radio', { name: 'Synchronous' }).click();
    const seed = page.getByRole('spinbutton', { name: 'Seed' });
    await seed.fill('42');
    await seed.press('Enter');
    const iov = page.getByRole('spinbutton', { name: /Max iovecs/ });
    await iov.fill('8');
    await iov.press('Enter');
    await seek(page, 123);
    await expect(page).toHaveURL(/step=123/);
    const url = page.url();
    expect(url).toMatch(/s=touch-everything/);
    expect(url).toMatch(/seed=42/);
    expect(url).toMatch(/mode=sync/);
    expect(url).toMatch(/iov=8/);
    const before = await page.evaluate(() => JSON.stringify((window as any).__ringsidePgalloc.model().snapshot()));
    const other = await context.newPage();
    await other.goto(url);
    await other.waitForFunction(() => !!(window as any).__ringsidePgalloc);
    await other.evaluate(() => (window as any).__ringsidePgalloc.rendered());
    expect(await other.evaluate(() => (window as any).__ringsidePgalloc.position())).toBe(123);
    expect(await other.evaluate(() => JSON.stringify((window as any).__ringsidePgalloc.model().snapshot()))).toBe(
      before,
    );
    await expectViewMatchesModel(other);
    await expectFiguresMatchModel(other);
    // Back undoes the last change of the run (the iovec setting).
    await page.goBack();
    await expect(page).not.toHaveURL(/iov=8/);
  });

  test('keyboard only: transport keys, help, explaining a read', async ({ page }) => {
    await open(page, '?s=small-working-set');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await position(page)).toBe(3);
    await page.keyboard.press('ArrowLeft');
    expect(await position(page)).toBe(2);
    await expectViewMatchesModel(page);
    await page.keyboard.press('Shift+ArrowRight');
    expect(await position(page)).toBe(12);
    await page.keyboard.press('End');
    expect(await position(page)).toBe(await length(page));
    await page.keyboard.press('Home');
    expect(await position(page)).toBe(0);
    await page.keyboard.press(' ');
    await expect.poll(() => position(page)).toBeGreaterThan(3);
    await page.keyboard.press(' ');
    const p = await position(page);
    await page.waitForTimeout(200);
    expect(await position(page)).toBe(p);
    await expectViewMatchesModel(page);
    // Help dialog by keyboard.
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
    // Tab to a read in the slots and explain it with Enter.
    await seek(page, 40);
    const slot = page.locator('.pg-slot[data-op]').first();
    await slot.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('explain')).toContainText(/Read #\d+/);
    await expect(page.getByTestId('explain')).toContainText('slots');
    // Tab order reaches the transport from the top.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'Step forward (→)');
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    expect(await position(page)).toBe(41);
  });

  test('clicking the memory strip, the timeline and the log explains or moves', async ({ page }) => {
    await open(page, '?s=touch-everything');
    await seek(page, 200);
    const canvas = page.locator('.pg-strip canvas');
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: 66, y: 3 } });
    await expect(page.getByTestId('explain')).toContainText('Memory 0 B – 4 KiB');
    expect(box.width).toBeGreaterThan(300);
    // A click on the log jumps to the state right after that event.
    await page.locator('.tt-log .ev[data-step="195"]').click();
    expect(await position(page)).toBe(196);
    // A click on the timeline seeks in time.
    const tl = page.locator('.pg-timeline .chart-body');
    const tb = (await tl.boundingBox())!;
    await tl.click({ position: { x: tb.width - 20, y: 40 } });
    expect(await position(page)).toBeGreaterThan(400);
    // A figure explains what it measures.
    await page.getByRole('button', { name: 'Total application stall' }).click();
    await expect(page.getByTestId('explain')).toContainText('blocked on memory');
  });

  test('the default scenario fills the priority deque: ranges wait behind background reads, are split, and drain', async ({
    page,
  }) => {
    await open(page);
    const first = await page.evaluate(() => (window as any).__ringsidePgalloc.spec());
    expect(first.scenario).toBe('waiters-jump-the-queue');
    expect(first.mode).toBe('background');
    // Find, with a fresh run of the model, the first step where the deque holds several ranges
    // and one of them has been split; then the step where it is empty again.
    const at = await page.evaluate(() => {
      const H = (window as any).__ringsidePgalloc;
      const spec = H.spec();
      const m = new H.api.PgallocModel(H.api.configOf(spec), spec.seed, { checkInvariants: false });
      let step = 0;
      let full = -1;
      let drained = -1;
      while (m.step()) {
        step++;
        const s = m.view();
        if (full < 0 && s.loader.priority.length >= 3 && s.stats.prioritySplits > 0 && s.loader.qavail === 0)
          full = step;
        else if (full >= 0 && s.loader.priority.length === 0) {
          drained = step;
          break;
        }
      }
      return { full, drained };
    });
    expect(at.full).toBeGreaterThan(0);
    expect(at.drained).toBeGreaterThan(at.full);
    await seek(page, at.full);
    await expectViewMatchesModel(page);
    const m = await modelState(page);
    expect(m.deque).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId('deque-summary')).toHaveText(`${m.deque} ranges waiting for a slot`);
    expect(await page.locator('.pg-deque-list .pg-chip').count()).toBe(Math.min(40, m.deque));
    const stats = await page.evaluate(() => (window as any).__ringsidePgalloc.model().view().stats);
    expect(stats.prioritySplits).toBeGreaterThan(0);
    await expect(page.getByTestId('deque-stats')).toContainText(
      `${stats.priorityQueued} queued · ${stats.prioritySplits} split`,
    );
    // Every slot is busy, some with background reads: the awaited ranges really wait behind them.
    await expect(page.getByTestId('slots-summary')).toContainText(`${m.cap} of ${m.cap} in flight`);
    expect(await page.locator('.pg-slot.is-background').count()).toBeGreaterThan(0);
    // A deque entry explains itself, by keyboard.
    await page.locator('.pg-deque-list .pg-chip').first().focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('explain')).toContainText('Priority deque entry 1');
    await page.screenshot({ path: `${SHOTS}/pgalloc-deque-full.png`, fullPage: true });
    await seek(page, at.drained);
    await expectViewMatchesModel(page);
    await expect(page.getByTestId('deque-summary')).toHaveText('0 ranges waiting for a slot');
  });

  test('sweep: runs off the main thread with a progress bar, plots exactly the model’s figures, marks the crossover, and comes back from a link', async ({
    page,
    context,
  }) => {
    await open(page);
    const sweep = page.getByRole('region', { name: /Sweep/ });
    await expect(sweep).toBeVisible();
    // Keyboard only: pick the setting, type the range, run.
    await page.getByRole('combobox', { name: 'Setting to sweep' }).focus();
    await page.getByRole('combobox', { name: 'Setting to sweep' }).selectOption('seek');
    for (const [name, value] of [
      ['From', '0'],
      ['To', '1000'],
      ['Points', '12'],
    ] as const) {
      const f = sweep.getByRole('spinbutton', { name: new RegExp(`^${name}`) });
      await f.focus();
      await f.fill(value);
      await f.press('Enter');
    }
    // Record the progress bar as the page shows it, however fast the sweep turns out to be.
    await page.evaluate(() => {
      const w = window as any;
      w.__progress = [];
      const panel = document.querySelector('.pg-sweep')!;
      new MutationObserver(() => {
        const bar = panel.querySelector('[role=progressbar]');
        if (bar) w.__progress.push(Number(bar.getAttribute('aria-valuenow')));
      }).observe(panel, { subtree: true, childList: true, attributes: true });
    });
    await sweep.getByRole('button', { name: 'Run sweep' }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/sw=seek/);
    await expect(page).toHaveURL(/swa=0&swb=1000&swn=12/);
    // The transport still answers while the worker computes (the main thread is free: an event, not a timing).
    const before = await position(page);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    expect(await position(page)).toBe(before + 1);
    await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(sweep.getByRole('progressbar')).toHaveCount(0);
    // The bar moved one value at a time, from 0, never backwards.
    const progress: number[] = await page.evaluate(() => (window as any).__progress);
    expect(progress[0]).toBe(0);
    expect(progress.filter((n) => n > 0 && n < 12).length).toBeGreaterThan(3);
    expect(progress.every((n, i) => i === 0 || n >= progress[i - 1])).toBe(true);
    await expect(sweep.getByRole('progressbar', { name: /Sweep progress/ })).toHaveCount(0);

    // The model's own numbers, run afresh in the page at each value (once, with its invariants checked), against every plotted point.
    const expected = await page.evaluate(() => {
      const H = (window as any).__ringsidePgalloc;
      const spec = H.spec();
      const sw = H.sweep().spec;
      const base = H.api.configOf(spec);
      const values = H.api.sweepValues(sw);
      const points = values.map((v: number) => {
        const c = H.api.compareModes(H.api.sweepConfig(base, sw.param, v), spec.seed, true);
        return { value: v, c };
      });
      const fresh = points.map(({ value, c }: any) => H.api.pointOf(value, c));
      return {
        values,
        points,
        crossovers: H.api.findCrossovers(fresh, 'linear'),
        text: H.api.describeSweep(sw, fresh),
        shown: H.sweep().points,
      };
    });
    expect(expected.values).toHaveLength(12);
    const field: Record<string, string> = {
      ttfi: 'timeToFirstInstructionNs',
      stall: 'totalStallNs',
      restore: 'restoreTimeNs',
      finish: 'appFinishNs',
    };
    for (let i = 0; i < expected.points.length; i++) {
      const { value, c } = expected.points[i];
      expect(expected.shown[i].value).toBe(value);
      for (const mode of ['sync', 'background'] as const) {
        for (const [metric, f] of Object.entries(field)) {
          const dot = page.getByTestId(`sweep-pt-${metric}-${mode}-${i}`);
          await expect(dot).toHaveAttribute('data-value', String(value));
          await expect(dot).toHaveAttribute('data-ns', String(c[mode][f]));
        }
      }
    }
    // Background wins at no seek penalty and loses at 1 ms: one crossover, drawn on every chart.
    expect(expected.points[0].c.backgroundWins).toBe(true);
    expect(expected.points[11].c.backgroundWins).toBe(false);
    expect(expected.crossovers).toHaveLength(1);
    for (const metric of Object.keys(field))
      await expect(page.getByTestId(`sweep-cross-${metric}-0`)).toHaveAttribute(
        'data-value',
        String(expected.crossovers[0].value),
      );
    await expect(page.getByTestId('sweep-verdict')).toHaveText(expected.text);
    await expect(page.getByTestId('sweep-verdict')).toContainText('Background stops winning at about');
    await page.locator('.pg-sweep').screenshot({ path: `${SHOTS}/pgalloc-sweep-seek.png` });

    // No accessibility violations with the sweep shown and its table open.
    await sweep.getByText('The numbers').click();
    await expect(page.getByTestId('sweep-table').locator('tbody tr')).toHaveCount(12);
    const r = await new AxeBuilder({ page }).include('.pg-sweep').analyze();
    expect(
      r.violations,
      JSON.stringify(
        r.violations.map((v) => [v.id, v.nodes.map((n) => n.target)]),
        null,
        1,
      ),
    ).toEqual([]);

    // A link reproduces the sweep: it runs again and gives the same points.
    const url = page.url();
    const other = await context.newPage();
    await other.goto(url);
    await other.waitForFunction(() => !!(window as any).__ringsidePgalloc);
    await expect(other.getByTestId('sweep-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    expect(await other.evaluate(() => (window as any).__ringsidePgalloc.sweep().points)).toEqual(expected.shown);
    await expect(other.getByTestId('sweep-verdict')).toHaveText(expected.text);
    await expect(other.getByRole('combobox', { name: 'Setting to sweep' })).toHaveValue('seek');

    // Changing a loader setting re-sweeps that restore; Clear removes the sweep from the link.
    const inflight = page.getByRole('spinbutton', { name: /In-flight reads/ });
    await inflight.fill('16');
    await inflight.press('Enter');
    await expect(page).toHaveURL(/q=16/);
    await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    const again = await page.evaluate(() => {
      const H = (window as any).__ringsidePgalloc;
      const spec = H.spec();
      const sw = H.sweep();
      const base = H.api.configOf(spec);
      return {
        same:
          JSON.stringify(sw.points) ===
          JSON.stringify(sw.values.map((v: number) => H.api.sweepPoint(base, spec.seed, sw.spec.param, v))),
        inflight: base.loader.maxInflight,
      };
    });
    expect(again).toEqual({ same: true, inflight: 16 });
    await sweep.getByRole('button', { name: 'Clear' }).click();
    await expect(page).not.toHaveURL(/sw=/);
    await expect(page.getByTestId('sweep-status')).toHaveCount(0);
    // Back brings the sweep back (asking for one is a history entry) and computes it again.
    await page.goBack();
    await expect(page).toHaveURL(/sw=seek/);
    await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    expect(await page.evaluate(() => (window as any).__ringsidePgalloc.sweep().points.length)).toBe(12);
  });

  test('sweep: a setting that does not apply says why, and the hot-set sweep works on a locality scenario', async ({
    page,
  }) => {
    await open(page, '?s=touch-everything&sw=hot');
    await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'error');
    await expect(page.getByRole('alert').filter({ hasText: 'Sweep not run' })).toContainText('does not apply');
    await open(page, '?s=small-working-set&sw=hot&swa=10&swb=100&swn=4');
    await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    const pts = await page.evaluate(() => (window as any).__ringsidePgalloc.sweep().points.map((p: any) => p.value));
    expect(pts).toEqual([10, 40, 70, 100]);
    await expect(page.getByTestId('sweep-verdict')).toBeVisible();
  });

  test('respects reduced motion', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await open(page);
    await expect(page.locator('.pg-app')).toHaveClass(/reduced-motion/);
  });

  test('no axe-core violations (start, mid-run with an explanation, help dialog)', async ({ page }) => {
    await open(page, '?s=small-working-set');
    let r = await new AxeBuilder({ page }).analyze();
    expect(
      r.violations,
      JSON.stringify(
        r.violations.map((v) => [v.id, v.nodes.map((n) => n.target)]),
        null,
        1,
      ),
    ).toEqual([]);
    await seek(page, 800);
    await page.locator('.pg-thread').first().click();
    r = await new AxeBuilder({ page }).analyze();
    expect(
      r.violations,
      JSON.stringify(
        r.violations.map((v) => [v.id, v.nodes.map((n) => n.target)]),
        null,
        1,
      ),
    ).toEqual([]);
    await page.keyboard.press('?');
    r = await new AxeBuilder({ page }).analyze();
    expect(
      r.violations,
      JSON.stringify(
        r.violations.map((v) => [v.id, v.nodes.map((n) => n.target)]),
        null,
        1,
      ),
    ).toEqual([]);
  });

  test('screenshots, each of a view that matches the model', async ({ page }) => {
    const shots: [string, string, number | 'end'][] = [
      ['pgalloc-small-working-set', '?s=small-working-set', 700],
      ['pgalloc-touch-everything', '?s=touch-everything', 'end'],
      ['pgalloc-spinning-disk', '?s=spinning-disk&mode=background', 250],
      ['pgalloc-shallow-queue', '?s=shallow-queue', 300],
      ['pgalloc-tiny', '?s=tiny-hand-checked', 5],
    ];
    for (const [name, search, at] of shots) {
      await open(page, search);
      await seek(page, at === 'end' ? await length(page) : at);
      // A picture worth keeping shows what the model says at that step.
      await expectViewMatchesModel(page);
      await expect(page.getByTestId('position')).toHaveText(String(at === 'end' ? await length(page) : at));
      await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    }
  });
});
