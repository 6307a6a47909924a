/**
 * The visualizer in a real Chromium: what the page shows is compared with the model's
 * actual state, read through the page (window.__ringside), at every step we visit.
 */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';

// Screenshots are test artifacts (test-results/ is not committed); the README's pictures are curated copies in docs/images/.
const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

async function ready(page: Page) {
  await page.waitForFunction(() => !!(window as any).__ringside && document.querySelector('[data-ring="avail"]'));
  await page.evaluate(() => (window as any).__ringside.rendered());
}

async function position(page: Page): Promise<number> {
  return page.evaluate(() => (window as any).__ringside.position());
}

/** Descriptor owners computed here, independently of the app's code, from the raw model state. */
async function modelOwners(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const vq = (window as any).__ringside.sim().vq;
    const qs: number = vq.layout.queueSize;
    const mem = vq.mem;
    const L = vq.layout;
    const d = vq.driver.s;
    const dev = vq.device.s;
    const availIdx = mem.readU16(L.avail + 2);
    const usedIdx = mem.readU16(L.used + 2);
    const out: string[] = new Array(qs).fill('other');
    let i = d.freeHead;
    for (let k = 0; k < d.numFree; k++) {
      out[i] = 'free';
      i = d.extraNext[i];
    }
    const avail = new Set<number>();
    for (let k = dev.lastAvail, n = 0; k !== availIdx && n < qs; k = (k + 1) & 0xffff, n++)
      avail.add(mem.readU16(L.avail + 4 + 2 * (k & (qs - 1))));
    const used = new Set<number>();
    for (let k = d.lastUsed, n = 0; k !== usedIdx && n < qs; k = (k + 1) & 0xffff, n++)
      used.add(mem.readU32(L.used + 4 + 8 * (k & (qs - 1))));
    for (let h = 0; h < qs; h++) {
      if (d.headState[h] === 0) continue;
      const o =
        d.headState[h] === 2
          ? 'held'
          : dev.held[h] > 0 || Array.from(dev.pendingHeads.subarray(0, dev.pendingCount)).includes(h)
            ? 'device'
            : used.has(h)
              ? 'used'
              : avail.has(h)
                ? 'driver'
                : 'other';
      for (const x of vq.driver.chainDescriptors(h)) out[x] = o;
    }
    return out;
  });
}

const OWNER_RGB: Record<string, string> = {
  free: 'rgb(139, 151, 165)',
  driver: 'rgb(88, 166, 255)',
  device: 'rgb(242, 169, 59)',
  used: 'rgb(63, 185, 80)',
  held: 'rgb(188, 140, 255)',
};

/** Everything on screen that names model state equals the model at this step. */
async function expectViewMatchesModel(page: Page) {
  await page.evaluate(() => (window as any).__ringside.rendered());
  const m = await page.evaluate(() => {
    const R = (window as any).__ringside;
    const sim = R.sim();
    const vq = sim.vq;
    const L = vq.layout;
    const p = R.position();
    return {
      position: p,
      simPosition: sim.position,
      logLength: sim.log.length,
      availIdx: vq.mem.readU16(L.avail + 2),
      usedIdx: vq.mem.readU16(L.used + 2),
      lastAvail: vq.device.s.lastAvail,
      lastUsed: vq.driver.s.lastUsed,
      freeHead: vq.driver.s.freeHead,
      numFree: vq.driver.s.numFree,
      inUse: vq.device.s.inUse,
      text: p > 0 ? sim.log[p - 1].text : null,
      step: p > 0 ? sim.log[p - 1].step : -1,
    };
  });
  expect(m.simPosition).toBe(m.position);
  await expect(page.getByTestId('position')).toHaveText(String(m.position));
  // ring indices
  const avail = page.locator('[data-ring="avail"]');
  const used = page.locator('[data-ring="used"]');
  await expect(avail).toHaveAttribute('data-idx', String(m.availIdx));
  await expect(avail).toHaveAttribute('data-private', String(m.lastAvail));
  await expect(used).toHaveAttribute('data-idx', String(m.usedIdx));
  await expect(used).toHaveAttribute('data-private', String(m.lastUsed));
  await expect(page.locator('[data-pointer="avail.idx"]')).toHaveAttribute('data-value', String(m.availIdx));
  await expect(page.locator('[data-pointer="last_used"]')).toHaveAttribute('data-value', String(m.lastUsed));
  // private state panels
  await expect(page.getByTestId('drv-num-free')).toHaveText(String(m.numFree));
  if (m.numFree > 0) await expect(page.getByTestId('drv-free-head')).toHaveText(String(m.freeHead));
  await expect(page.getByTestId('dev-last-avail')).toHaveText(String(m.lastAvail));
  await expect(page.getByTestId('dev-in-use')).toHaveText(String(m.inUse));
  // descriptor colours: every rendered row's owner (and its pill colour) equals the model's
  const owners = await modelOwners(page);
  const rows = await page.locator('[data-desc]').evaluateAll((els) =>
    els.map((el) => ({
      i: Number(el.getAttribute('data-desc')),
      owner: el.getAttribute('data-owner'),
      color: getComputedStyle(el.querySelector('.pill')!).backgroundColor,
    })),
  );
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.owner, `descriptor ${r.i}`).toBe(owners[r.i]);
    if (OWNER_RGB[r.owner!]) expect(r.color, `colour of descriptor ${r.i}`).toBe(OWNER_RGB[r.owner!]);
  }
  // the event log: current event highlighted, in words; the future greyed out
  const cur = page.locator('.log-panel [aria-current="step"]');
  await expect(cur).toHaveCount(1);
  await expect(cur).toHaveAttribute('data-step', String(m.step));
  if (m.text) {
    await expect(cur.locator('.ev-text')).toHaveText(m.text);
    await expect(page.getByTestId('now-text')).toHaveText(m.text);
  }
  const future = await page
    .locator('.log-panel .ev')
    .evaluateAll((els) =>
      els.map((el) => ({ step: Number(el.getAttribute('data-step')), future: el.classList.contains('ev-future') })),
    );
  for (const f of future) expect(f.future, `log row ${f.step}`).toBe(f.step >= m.position);
}

test.describe('visualizer', () => {
  test('load, play, pause, step forward and back, scrub: the view equals the model', async ({ page }) => {
    await page.goto('/virtqueue?s=out-of-order&seed=1');
    await ready(page);
    await expect(page.getByRole('heading', { name: 'Ringside', level: 1 })).toBeVisible();
    expect(await position(page)).toBe(0);
    await expectViewMatchesModel(page);

    // play (at a brisk speed), then pause
    await page.evaluate(() => (window as any).__ringside.store.getState().setSpeed(60));
    await page.getByRole('button', { name: /^Play/ }).click();
    await expect.poll(() => position(page)).toBeGreaterThan(10);
    await page.getByRole('button', { name: /^Pause/ }).click();
    const paused = await position(page);
    await page.waitForTimeout(300);
    expect(await position(page)).toBe(paused);
    await expectViewMatchesModel(page);

    // step forward and back with the buttons
    await page.getByRole('button', { name: 'Step forward (→)' }).click();
    expect(await position(page)).toBe(paused + 1);
    await expectViewMatchesModel(page);
    await page.getByRole('button', { name: 'Step back (←)' }).click();
    await page.getByRole('button', { name: 'Step back (←)' }).click();
    expect(await position(page)).toBe(paused - 1);
    await expectViewMatchesModel(page);

    // scrub: click at 60% of the timeline
    const box = (await page.locator('.timeline').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
    const n = await page.evaluate(() => (window as any).__ringside.sim().log.length);
    await expect.poll(() => position(page)).toBeGreaterThan(n * 0.5);
    expect(await position(page)).toBeLessThan(n * 0.7);
    await expectViewMatchesModel(page);

    // many random steps, both directions
    for (const p of [1, 57, 301, 12, n, 200]) {
      await page.evaluate((x) => (window as any).__ringside.seek(x), p);
      await expectViewMatchesModel(page);
    }

    // clicking an event in the log jumps to the state right after it
    const row = page.locator('.log-panel .ev[data-step="195"]');
    await row.click();
    expect(await position(page)).toBe(196);
    await expectViewMatchesModel(page);
  });

  test('the inspector shows the bytes of a descriptor, a ring slot and an index in hex', async ({ page }) => {
    await page.goto('/virtqueue?s=steady&seed=1&step=20');
    await ready(page);
    await page.locator('[data-desc="1"] .drow-main').click();
    await expect(page.getByTestId('insp-title')).toHaveText('Descriptor 1');
    // Each of the three areas says who writes it.
    await expect(page.getByTestId('inspector')).toContainText('written by the driver, read by the device');
    const hexShown = await page.getByTestId('insp-bytes').getAttribute('data-hex');
    const hexModel = await page.evaluate(() => {
      const vq = (window as any).__ringside.sim().vq;
      return Array.from(vq.mem.readBytes(vq.layout.desc + 16, 16) as Uint8Array)
        .map((b) => b.toString(16).padStart(2, '0'))
        .join(' ');
    });
    expect(hexShown).toBe(hexModel);
    await page.locator('[data-ring="avail"] [data-slot="2"]').click();
    await expect(page.getByTestId('insp-title')).toHaveText('avail.ring[2]');
    await page.locator('[data-pointer="used.idx"]').click();
    await expect(page.getByTestId('insp-title')).toHaveText('used.idx');
    const usedIdx = await page.evaluate(() => {
      const vq = (window as any).__ringside.sim().vq;
      return vq.mem.readU16(vq.layout.used + 2);
    });
    expect(await page.getByTestId('insp-bytes').getAttribute('data-hex')).toBe(
      `${(usedIdx & 255).toString(16).padStart(2, '0')} ${(usedIdx >> 8).toString(16).padStart(2, '0')}`,
    );
    await expect(page).toHaveURL(/sel=p\.used\.idx/);
  });

  test('permalink round-trip: a URL with scenario, seed, size, features and step shows exactly that state', async ({
    page,
  }) => {
    await page.goto('/virtqueue?s=bursty&seed=7&qs=32&f=indirect&step=120&sel=d3');
    await ready(page);
    const cfg = await page.evaluate(() => {
      const sim = (window as any).__ringside.sim();
      return { ...sim.config, position: sim.position };
    });
    expect(cfg.scenario).toBe('bursty');
    expect(cfg.seed).toBe(7);
    expect(cfg.queueSize).toBe(32);
    expect(cfg.features).toEqual({ eventIdx: false, indirect: true });
    expect(cfg.position).toBe(120);
    await expect(page.getByRole('checkbox', { name: 'INDIRECT_DESC' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'EVENT_IDX' })).not.toBeChecked();
    await expect(page.getByLabel('Queue size')).toHaveValue('32');
    await expect(page.getByTestId('insp-title')).toHaveText('Descriptor 3');
    await expectViewMatchesModel(page);
    // the page's own link names the same state
    const url = new URL(page.url());
    expect(url.searchParams.get('step')).toBe('120');
    expect(url.searchParams.get('f')).toBe('indirect');

    // a fresh page from that link sees the same log and the same memory
    const img1 = await page.evaluate(() => (window as any).__ringside.sim().vq.mem.image().join(','));
    const page2 = await page.context().newPage();
    await page2.goto(page.url());
    await ready(page2);
    expect(await page2.evaluate(() => (window as any).__ringside.sim().vq.mem.image().join(','))).toBe(img1);
    await page2.close();

    // back/forward: a jump is a history entry
    await page.keyboard.press('End');
    const end = await position(page);
    expect(end).toBeGreaterThan(120);
    await expect(page).toHaveURL(new RegExp(`step=${end}`));
    await page.goBack();
    await expect.poll(() => position(page)).toBe(120);
    await expectViewMatchesModel(page);
    await page.goForward();
    await expect.poll(() => position(page)).toBe(end);
  });

  test('a hostile scenario shows the device’s refusal where it happened', async ({ page }) => {
    await page.goto('/virtqueue?s=hostile-descriptor-loop&seed=1');
    await ready(page);
    const err = await page.evaluate(() => {
      const log = (window as any).__ringside.sim().log;
      const e = log.find((x: any) => x.kind === 'error');
      return { step: e.step, message: e.error.message, explanation: e.error.explanation };
    });
    // the timeline marks it, and the page says the run ends in an error
    await expect(page.locator('.tl-error')).toHaveCount(1);
    await expect(page.getByText(`This run ends in an error at step ${err.step + 1}`)).toBeVisible();
    await page.keyboard.press('e');
    expect(await position(page)).toBe(err.step + 1);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(err.message);
    await expect(alert).toContainText(err.explanation);
    await expect(alert).toContainText('QEMU');
    const row = page.locator(`.log-panel .ev[data-step="${err.step}"]`);
    await expect(row).toHaveClass(/ev-error/);
    await expect(row).toHaveAttribute('aria-current', 'step');
    await expect(page.locator('.side-device .side-state')).toHaveText(/Broken/);
    await expectViewMatchesModel(page);
    await page.screenshot({ path: `${SHOTS}/hostile-error.png` });
  });

  test('interventions fork the run without losing the original', async ({ page }) => {
    await page.goto('/virtqueue?s=steady&seed=1&step=40');
    await ready(page);
    const original = await page.evaluate(() => (window as any).__ringside.sim().log.length);
    await page.getByLabel('Corruption to inject').selectOption('zero-length');
    await page.getByRole('button', { name: 'Corrupt' }).click();
    await expect(page.locator('.branch-list li')).toHaveCount(2);
    expect(await position(page)).toBe(41);
    const forked = await page.evaluate(() => {
      const sim = (window as any).__ringside.sim();
      return {
        interventions: sim.config.interventions,
        error: sim.log.find((e: any) => e.kind === 'error')?.error.kind,
      };
    });
    expect(forked.interventions).toEqual([{ at: 40, action: 'corrupt', corruption: 'zero-length' }]);
    expect(forked.error).toBe('ZeroSizedBuffer');
    await expect(page).toHaveURL(/iv=40\.bad\.zero-length/);
    await expectViewMatchesModel(page);
    // switch back to the original: untouched
    await page.getByRole('button', { name: /Original run/ }).click();
    expect(await page.evaluate(() => (window as any).__ringside.sim().log.length)).toBe(original);
    expect(await page.evaluate(() => (window as any).__ringside.sim().config.interventions.length)).toBe(0);
    await expectViewMatchesModel(page);
    // and add a request on top
    await page.getByRole('button', { name: '+ Add a request' }).click();
    await expect(page.locator('.branch-list li')).toHaveCount(3);
    await expect(page.getByTestId('now-text')).toContainText('You added request');
  });

  test('keyboard only: play, pause, step, jump, help', async ({ page }) => {
    await page.goto('/virtqueue?s=steady&seed=2');
    await ready(page);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await position(page)).toBe(3);
    await page.keyboard.press('ArrowLeft');
    expect(await position(page)).toBe(2);
    await page.keyboard.press('Shift+ArrowRight');
    expect(await position(page)).toBe(12);
    await expectViewMatchesModel(page);
    await page.keyboard.press(']');
    await page.keyboard.press(']');
    await page.keyboard.press(']');
    await page.keyboard.press('Space');
    await expect(page.getByRole('button', { name: /^Pause/ })).toBeVisible();
    await expect.poll(() => position(page)).toBeGreaterThan(14);
    await page.keyboard.press('Space');
    await expect(page.getByRole('button', { name: /^Play/ })).toBeVisible();
    await page.keyboard.press('End');
    expect(await position(page)).toBe(await page.evaluate(() => (window as any).__ringside.sim().log.length));
    await page.keyboard.press('Home');
    expect(await position(page)).toBe(0);
    // the help dialog lists every shortcut
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    for (const label of [
      'Play / pause',
      'Step back one event',
      'Step forward one event',
      'Go to the start',
      'Go to the end of the run',
      'Jump to the error',
    ])
      await expect(dialog).toContainText(label);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    // Tab reaches the transport; Enter on the focused step button steps
    const fwd = page.getByRole('button', { name: 'Step forward (→)' });
    await fwd.focus();
    await page.keyboard.press('Enter');
    expect(await position(page)).toBe(1);
    // descriptor rows: arrow keys move the selection
    await page.locator('[data-desc="0"] .drow-main').focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('insp-title')).toHaveText('Descriptor 1');
    // the timeline slider works from the keyboard
    await page.getByRole('slider', { name: /Timeline/ }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await position(page)).toBe(2);
  });

  test('no axe-core violations (main view, error view, big ring, help dialog)', async ({ page }) => {
    for (const url of [
      '/?s=out-of-order&seed=1&step=120&sel=d4',
      '/?s=hostile-used-len-too-large&seed=1&step=1000',
      '/?s=bursty&seed=1&qs=1024&f=event_idx,indirect&step=200',
    ]) {
      await page.goto(url);
      await ready(page);
      const r = await new AxeBuilder({ page }).analyze();
      expect(
        r.violations.map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(' | ')}`,
        ),
        url,
      ).toEqual([]);
    }
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog')).toBeVisible();
    const r = await new AxeBuilder({ page }).analyze();
    expect(r.violations.map((v) => v.id)).toEqual([]);
  });

  test('QS 32768: canvas rings, a virtualised table, and seeks anywhere that show the model state', async ({
    page,
  }) => {
    await page.goto('/virtqueue?s=bursty&seed=1&qs=32768');
    await ready(page);
    await expect(page.locator('[data-ring="avail"] canvas')).toBeVisible();
    expect(await page.locator('[data-desc]').count()).toBeLessThan(80);
    const n = await page.evaluate(() => (window as any).__ringside.sim().log.length);
    // How fast is for npm run bench:ui; here, that each seek lands and draws the model's state.
    for (const p of [Math.floor(n / 2), 17, n - 3, Math.floor(n / 3), 250]) {
      await page.evaluate((x) => (window as any).__ringside.seek(x), p);
      expect(await position(page)).toBe(p);
      await expectViewMatchesModel(page);
    }
    // the canvas ring is one keyboard control: a slider over its slots
    const ring = page.locator('[data-ring="used"] canvas');
    await ring.focus();
    await page.keyboard.press('Home');
    await expect(ring).toHaveAttribute('aria-valuenow', '0');
    await expect(page.getByTestId('insp-title')).toContainText('used.ring[0]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('PageDown');
    await expect(ring).toHaveAttribute('aria-valuenow', String(1 + 32768 / 64));
    await expect(page.getByTestId('insp-title')).toContainText(`used.ring[${1 + 32768 / 64}]`);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('PageUp');
    await page.keyboard.press('ArrowUp');
    await expect(ring).toHaveAttribute('aria-valuenow', String(32767 - 1));
    const usedIdx = Number(await page.locator('[data-ring="used"]').getAttribute('data-idx'));
    await page.keyboard.press('n');
    await expect(ring).toHaveAttribute('aria-valuenow', String((usedIdx - 1) & 32767));
    // the keys stayed with the ring: the run did not step or play
    expect(await page.evaluate(() => (window as any).__ringside.position())).toBe(250);
    // scroll the table to the far end: rows render from the model there too
    await page.locator('.dt-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(page.locator('[data-desc="32767"]')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/qs-32768.png` });
  });

  test('reduced motion is respected', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/virtqueue?s=steady&seed=1&step=5');
    await ready(page);
    await expect(page.locator('.app')).toHaveClass(/reduced-motion/);
    await page.keyboard.press('ArrowRight');
    // no tween: the needle is at its final angle on the next frame
    await page.evaluate(() => (window as any).__ringside.rendered());
    const t = await page.locator('[data-pointer="avail.idx"]').getAttribute('transform');
    const idx = await page.evaluate(() => {
      const vq = (window as any).__ringside.sim().vq;
      return vq.mem.readU16(vq.layout.avail + 2) & (vq.layout.queueSize - 1);
    });
    expect(t).toContain(`rotate(${(idx / 8) * 360} `);
  });

  test('screenshots of the main views, each matching the model and the link', async ({ page }, info) => {
    const views: [string, string][] = [
      ['overview-steady', '/virtqueue?s=steady&seed=1&step=31&sel=d1'],
      ['out-of-order', '/virtqueue?s=out-of-order&seed=1&step=240&sel=u5'],
      ['indirect', '/virtqueue?s=indirect&seed=1&step=90'],
      ['event-idx-bursty', '/virtqueue?s=bursty&seed=1&step=180&sel=p.avail_event'],
      ['wrap-around', '/virtqueue?s=wrap-around&seed=1&step=47'],
      ['nebula-rx', '/virtqueue?s=nebula-rx&seed=1&step=200'],
    ];
    // README-style shots: the intro hidden, the viewport as a user first sees it (plus one full page)
    await page.goto('/virtqueue');
    await page.evaluate(() => localStorage.setItem('ringside.intro', 'hidden'));
    for (const [name, url] of views) {
      await page.goto(url);
      await ready(page);
      // The shot shows the step the link asked for, drawn as the model has it.
      expect(await position(page)).toBe(Number(new URL(url, 'http://x').searchParams.get('step')));
      await expectViewMatchesModel(page);
      if (name === 'indirect') {
        const t = page.locator('.ind-toggle').first();
        if (await t.count()) await t.click();
      }
      const path = `${SHOTS}/${name}.png`;
      await page.screenshot({ path, fullPage: name === 'overview-steady' });
      await info.attach(name, { path, contentType: 'image/png' });
    }
  });
});

test('one step convention: the counter, the Now card and the log agree on the step number', async ({ page }) => {
  await page.goto('/virtqueue?s=steady&seed=1&step=67');
  await ready(page);
  expect(await position(page)).toBe(67);
  await expect(page.getByTestId('position')).toHaveText('67');
  await expect(page.getByTestId('now').locator('.now-title')).toContainText('Step 67');
  await expect(page.locator('.log-panel .ev[aria-current="step"] .ev-step')).toHaveText('67');
});

test('the kick and call eventfds can be inspected: what they counted and what a notification costs', async ({
  page,
}) => {
  await page.goto('/virtqueue?s=steady&seed=1&step=40');
  await ready(page);
  await page.locator('[data-efd="kick"] .efd-name').click();
  await expect(page.getByTestId('insp-title')).toHaveText('kick eventfd');
  const kick = await page.evaluate(() => (window as any).__ringside.sim().vq.kick.s);
  await expect(page.getByTestId('inspector')).toContainText(`${kick.writes} written, ${kick.wakeups} wake-ups`);
  await expect(page.getByTestId('inspector')).toContainText('an exit to the hypervisor');
  await expect(page).toHaveURL(/sel=e\.kick/);
  await page.locator('[data-efd="call"] .efd-name').click();
  await expect(page.getByTestId('insp-title')).toHaveText('call eventfd');
  await expect(page).toHaveURL(/sel=e\.call/);
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('insp-title')).toHaveText('call eventfd');
});

test('the ring slots show the numbers in guest memory, and live slots are the window between the indices', async ({
  page,
}) => {
  await page.goto('/virtqueue?s=out-of-order&seed=3&qs=16');
  await ready(page);
  const n = await page.evaluate(() => (window as any).__ringside.sim().log.length);
  for (const p of [0, 5, Math.floor(n / 3), Math.floor(n / 2), n - 1]) {
    await page.evaluate((x) => (window as any).__ringside.seek(x), p);
    await page.evaluate(() => (window as any).__ringside.rendered());
    // Read straight from the ring bytes, as the spec lays them out (not with the app's helpers).
    const m = await page.evaluate(() => {
      const vq = (window as any).__ringside.sim().vq;
      const L = vq.layout;
      const qs = L.queueSize;
      const avail: number[] = [];
      const used: number[] = [];
      for (let s = 0; s < qs; s++) {
        avail.push(vq.mem.readU16(L.avail + 4 + 2 * s));
        used.push(vq.mem.readU32(L.used + 4 + 8 * s));
      }
      const availIdx = vq.mem.readU16(L.avail + 2);
      const usedIdx = vq.mem.readU16(L.used + 2);
      const liveSet = (from: number, to: number) => {
        const out = new Array(qs).fill(false);
        for (let i = from; i !== to; i = (i + 1) & 0xffff) out[i & (qs - 1)] = true;
        return out;
      };
      return {
        avail,
        used,
        availLive: liveSet(vq.device.s.lastAvail, availIdx),
        usedLive: liveSet(vq.driver.s.lastUsed, usedIdx),
      };
    });
    for (const ring of ['avail', 'used'] as const) {
      const shown = await page
        .locator(`[data-ring="${ring}"] .slot-value`)
        .evaluateAll((els) => els.map((e) => Number(e.textContent)));
      expect(shown, `${ring} ring values at step ${p}`).toEqual(m[ring]);
      const live = await page
        .locator(`[data-ring="${ring}"] path.slot`)
        .evaluateAll((els) => els.map((e) => e.classList.contains('slot-live')));
      // A used slot written but not yet published is drawn as such, not as live: compare live ones only.
      expect(live, `${ring} live slots at step ${p}`).toEqual(ring === 'avail' ? m.availLive : m.usedLive);
    }
  }
});
