/**
 * The virtproxy view in a real Chromium. What the page shows is compared with the model, read
 * through `window.__ringsideVirtproxy` (and re-run in the page through its `api`): buffers,
 * blocked demultiplexers, packets in the channel, the wait-for graph and its cycle, credit windows.
 */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

async function open(page: Page, search = '') {
  await page.goto(`/virtproxy${search}`);
  await page.waitForFunction(() => !!(window as any).__ringsideVirtproxy && document.querySelector('.vp-streams svg'));
  await page.evaluate(() => (window as any).__ringsideVirtproxy.rendered());
}

const seek = (page: Page, n: number) => page.evaluate((k) => (window as any).__ringsideVirtproxy.seek(k), n);
const position = (page: Page) => page.evaluate(() => (window as any).__ringsideVirtproxy.position() as number);
const length = (page: Page) => page.evaluate(() => (window as any).__ringsideVirtproxy.length() as number);

async function modelState(page: Page) {
  return page.evaluate(() => {
    const H = (window as any).__ringsideVirtproxy;
    const m = H.model();
    const s = m.view();
    const edges = H.api.waitEdges(s, m.config, m.workload);
    const fresh = new H.api.VirtproxyModel(m.workload, m.config, m.seed);
    fresh.run(H.position());
    const peerFree = (c: any) => {
      const inFlight = (c.txCnt - c.peerFwdCnt) >>> 0;
      return inFlight >= c.peerBufAlloc ? 0 : c.peerBufAlloc - inFlight;
    };
    return {
      step: s.step,
      cap: m.config.sockBufBytes,
      mode: m.config.mode,
      bufs: s.conns.map((c: any) => ({
        host: { tx: c.host.tx.length, rx: c.host.rx.length, win: peerFree(c.host.credit) },
        guest: { tx: c.guest.tx.length, rx: c.guest.rx.length, win: peerFree(c.guest.credit) },
      })),
      lanes: s.lanes.map((l: any) => ({
        id: l.id,
        from: l.from,
        blocked: l.pending !== null,
        packetsInChannel: (l.buf.length + l.bytes.length) / 64 - Math.floor(l.buf.length / 64),
      })),
      edges: edges.map((e: any) => `${e.from}→${e.to}`).sort(),
      cycle: s.deadlock ? s.deadlock.cycle.map((e: any) => `${e.from}→${e.to}`).sort() : null,
      liveCycle: (H.api.findCycle(edges) ?? []).map((e: any) => `${e.from}→${e.to}`).sort(),
      outcome: s.outcome,
      snapshotsEqual: JSON.stringify(fresh.snapshot()) === JSON.stringify(m.snapshot()),
    };
  });
}

async function expectViewMatchesModel(page: Page) {
  await page.evaluate(() => (window as any).__ringsideVirtproxy.rendered());
  const m = await modelState(page);
  expect(m.snapshotsEqual).toBe(true);
  expect(m.step).toBe(await position(page));
  await expect(page.getByTestId('position')).toHaveText(String(m.step));
  for (const l of m.lanes) {
    const sender = l.from as 'host' | 'guest';
    const receiver = sender === 'host' ? 'guest' : 'host';
    const conns = l.id.includes(':') ? [Number(l.id.split(':')[1])] : m.bufs.map((_: unknown, i: number) => i);
    for (const c of conns) {
      const tx = m.bufs[c][sender].tx;
      const rx = m.bufs[c][receiver].rx;
      await expect(page.locator(`[data-lane="${l.id}"] [data-testid="buf-${c}-${sender}-tx"]`)).toContainText(
        `tx ${tx}/${m.cap}`,
      );
      await expect(page.locator(`[data-lane="${l.id}"] [data-testid="buf-${c}-${receiver}-rx"]`)).toContainText(
        `rx ${rx}/${m.cap}`,
      );
      if (m.mode === 'credit')
        await expect(
          page.locator(`[data-lane="${l.id}"] [data-testid="buf-${c}-${sender}-tx"] [data-window]`),
        ).toHaveAttribute('data-window', String(m.bufs[c][sender].win));
    }
    await expect(page.locator(`[data-lane="${l.id}"] [data-testid="demux:${l.id}"] rect`).first()).toHaveAttribute(
      'data-blocked',
      String(l.blocked),
    );
    expect(await page.locator(`[data-lane="${l.id}"] .vp-packet`).count()).toBe(l.packetsInChannel);
  }
  const shown = (
    await page.locator('.vp-graph [data-edge]').evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')!))
  ).sort();
  expect(shown).toEqual(m.edges);
  const cyc = (
    await page
      .locator('.vp-graph [data-cycle="true"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')!))
  ).sort();
  expect(cyc).toEqual(m.cycle ?? m.liveCycle);
  return m;
}

test.describe('virtproxy view', () => {
  test('review deadlock: every step matches the model, and the cycle is shown at the end', async ({ page }) => {
    await open(page, '?s=review-deadlock');
    const n = await length(page);
    for (let p = 0; p <= n; p++) {
      await seek(page, p);
      await expectViewMatchesModel(page);
    }
    const m = await expectViewMatchesModel(page);
    expect(m.outcome).toBe('deadlock');
    expect(m.cycle!.length).toBeGreaterThanOrEqual(3);
    await expect(page.locator('.vp-graph')).toHaveAttribute('data-deadlock', 'true');
    await expect(page.getByRole('heading', { name: 'Deadlock: the wait-for cycle' })).toBeVisible();
    // The cycle's agents are marked in the streams view too.
    expect(await page.locator('.vp-streams .is-cycle').count()).toBeGreaterThanOrEqual(m.cycle!.length);
    await page.screenshot({ path: `${SHOTS}/virtproxy-deadlock.png`, fullPage: true });
  });

  for (const mode of ['ports', 'credit'] as const) {
    test(`same scenario and seed with ${mode}: no cycle at any step, everything arrives`, async ({ page }) => {
      await open(page, '?s=review-deadlock');
      await page.getByRole('radio', { name: mode === 'ports' ? 'Port per stream' : 'Credit (vsock)' }).click();
      await expect(page).toHaveURL(new RegExp(`mode=${mode}`));
      expect(await page.evaluate(() => (window as any).__ringsideVirtproxy.spec().scenario)).toBe('review-deadlock');
      const n = await length(page);
      for (let p = 0; p <= n; p += Math.max(1, Math.floor(n / 40))) {
        await seek(page, p);
        const m = await expectViewMatchesModel(page);
        expect(m.liveCycle).toEqual([]);
      }
      await seek(page, n);
      const m = await expectViewMatchesModel(page);
      expect(m.outcome).toBe('complete');
      expect(m.cycle).toBeNull();
      await expect(page.locator('.vp-graph')).toHaveAttribute('data-deadlock', 'false');
      expect(await page.locator('.vp-edge.is-cycle').count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/virtproxy-${mode}.png`, fullPage: true });
    });
  }

  test('the modes table equals fresh runs of the model', async ({ page }) => {
    await open(page, '?s=review-deadlock');
    const runs = await page.evaluate(() => {
      const H = (window as any).__ringsideVirtproxy;
      const spec = H.spec();
      const out: Record<string, { outcome: string; timeNs: number }> = {};
      for (const mode of ['shared', 'ports', 'credit']) {
        const sc = H.api.VIRTPROXY_SCENARIOS.find((s: any) => s.id === spec.scenario);
        const sm = new H.api.VirtproxyModel(sc.workload, H.api.configOf({ ...spec, mode }), spec.seed).runToEnd();
        out[mode] = { outcome: sm.outcome, timeNs: sm.timeNs };
      }
      return out;
    });
    expect(runs.shared.outcome).toBe('deadlock');
    for (const [mode, r] of Object.entries(runs)) {
      await expect(page.locator(`.vp-modes tr[data-mode="${mode}"]`)).toHaveAttribute('data-outcome', r.outcome);
      await expect(page.getByTestId(`mode-time-${mode}`)).toHaveText(String(r.timeNs));
    }
  });

  test('credit mode: windows and CREDIT_UPDATEs shown as the model has them', async ({ page }) => {
    await open(page, '?s=review-credit');
    for (const p of [40, 200, 201, 600, 0, 900]) {
      await seek(page, p);
      const m = await expectViewMatchesModel(page);
      for (let c = 0; c < m.bufs.length; c++)
        for (const side of ['host', 'guest'] as const)
          await expect(page.getByTestId(`window-${c}-${side}`)).toHaveText(String(m.bufs[c][side].win));
    }
    const updates = await page.evaluate(() => (window as any).__ringsideVirtproxy.model().view().stats.creditUpdates);
    await expect(page.locator('.vp-credit .panel-head')).toContainText(`${updates} CREDIT_UPDATE`);
    await page.screenshot({ path: `${SHOTS}/virtproxy-credit.png`, fullPage: true });
  });

  test('stepping forward and back with the buttons', async ({ page }) => {
    await open(page, '?s=no-dependency');
    const fwd = page.getByRole('button', { name: 'Step forward (→)' });
    for (let i = 0; i < 5; i++) await fwd.click();
    expect(await position(page)).toBe(5);
    await page.getByRole('button', { name: 'Step back (←)' }).click();
    expect(await position(page)).toBe(4);
    await expectViewMatchesModel(page);
    await page.getByRole('button', { name: 'Go to the end (End)' }).click();
    expect(await position(page)).toBe(await length(page));
    await expectViewMatchesModel(page);
    await seek(page, 100);
    await seek(page, 99);
    await expectViewMatchesModel(page);
    // Clicking an event in the log goes to the state right after it.
    await page.locator('.tt-log .ev[data-step="97"]').click();
    expect(await position(page)).toBe(98);
  });

  test('permalink round-trip: scenario, seed, mode, sizes and step', async ({ page, context }) => {
    await open(page);
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption('no-dependency');
    await page.getByRole('radio', { name: 'Credit (vsock)' }).click();
    const seed = page.getByRole('spinbutton', { name: 'Seed' });
    await seed.fill('7');
    await seed.press('Enter');
    const sock = page.getByRole('spinbutton', { name: /Socket buffer/ });
    await sock.fill('96');
    await sock.press('Enter');
    await seek(page, 77);
    await expect(page).toHaveURL(/step=77/);
    const url = page.url();
    for (const part of ['s=no-dependency', 'seed=7', 'mode=credit', 'sock=96']) expect(url).toContain(part);
    const before = await page.evaluate(() => JSON.stringify((window as any).__ringsideVirtproxy.model().snapshot()));
    const other = await context.newPage();
    await other.goto(url);
    await other.waitForFunction(() => !!(window as any).__ringsideVirtproxy);
    await other.evaluate(() => (window as any).__ringsideVirtproxy.rendered());
    expect(await other.evaluate(() => (window as any).__ringsideVirtproxy.position())).toBe(77);
    expect(await other.evaluate(() => JSON.stringify((window as any).__ringsideVirtproxy.model().snapshot()))).toBe(
      before,
    );
    await expectViewMatchesModel(other);
  });

  test('keyboard only: keys, mode switch, explaining a node of the graph', async ({ page }) => {
    await open(page, '?s=review-deadlock');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('End');
    expect(await position(page)).toBe(await length(page));
    await page.keyboard.press('ArrowLeft');
    expect(await position(page)).toBe((await length(page)) - 1);
    await page.keyboard.press('End');
    // Focus the cycle's first node and explain it with Enter.
    const node = page.locator('.vp-node.is-cycle').first();
    await node.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('explain')).toContainText(/Blocked:|Waits:/);
    // Space on a focused SVG button explains instead of playing.
    await page.keyboard.press(' ');
    expect(
      await page.evaluate(
        () => (window as any).__ringsideVirtproxy.length() === (window as any).__ringsideVirtproxy.position(),
      ),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('explain')).toContainText('Click a process');
    // Mode switch by keyboard.
    const ports = page.getByRole('radio', { name: 'Port per stream' });
    await ports.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/mode=ports/);
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
  });

  test('no axe-core violations (deadlock, credit, help dialog)', async ({ page }) => {
    await open(page, '?s=review-deadlock&step=28');
    let r = await new AxeBuilder({ page }).analyze();
    expect(
      r.violations,
      JSON.stringify(
        r.violations.map((v) => [v.id, v.nodes.map((n) => n.target)]),
        null,
        1,
      ),
    ).toEqual([]);
    await open(page, '?s=review-credit&mode=credit&step=300');
    await page.locator('[data-testid="channel-h2g"]').click();
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

  test('respects reduced motion', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await open(page);
    await expect(page.locator('.vp-app')).toHaveClass(/reduced-motion/);
  });

  test('screenshots, each of a view that matches the model', async ({ page }) => {
    for (const [name, search, step] of [
      ['virtproxy-blocking', '?s=review-deadlock&step=22', 22],
      ['virtproxy-no-dependency', '?s=no-dependency&step=120', 120],
      ['virtproxy-tight-credit', '?s=tight-credit&step=400', 400],
    ] as const) {
      await open(page, search);
      // The link's step, or the run's last if it is shorter.
      expect(await position(page)).toBe(Math.min(step, await length(page)));
      await expectViewMatchesModel(page);
      await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    }
  });
});
