/**
 * The packed ring view in a real Chromium: every slot's flag bits and buffer id, the four
 * positions and the two event areas are compared with the model's memory and state, read
 * through the page (window.__ringsidePacked) and decoded here independently of the app's code.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { ringBytes } from './ring-bytes';

async function open(page: Page, search: string) {
  await page.goto(`/packed${search}`);
  await page.waitForFunction(() => !!(window as any).__ringsidePacked && document.querySelector('.pk-slot'));
  await page.evaluate(() => (window as any).__ringsidePacked.rendered());
}

/** The ring as the model's bytes have it, and each slot's stretch, computed here. */
async function fromModel(page: Page) {
  return page.evaluate(() => {
    const sim = (window as any).__ringsidePacked.sim();
    const { mem, layout } = sim.q;
    const qs: number = layout.queueSize;
    const d = sim.q.driver.s;
    const v = sim.q.device.s;
    const ext = (pos: number, wrap: number) => (wrap ? pos : pos + qs);
    const dist = (a: number, aw: number, b: number, bw: number) => {
      const x = ext(b, bw) - ext(a, aw);
      return x < 0 ? x + 2 * qs : x;
    };
    const used = dist(d.lastUsed, d.usedWrap, v.usedIdx, v.usedWrap);
    const dev = dist(v.usedIdx, v.usedWrap, v.lastAvail, v.lastAvailWrap);
    const av = dist(v.lastAvail, v.lastAvailWrap, d.nextAvail, d.availWrap);
    const slots = [];
    for (let i = 0; i < qs; i++) {
      const at = layout.desc + 16 * i;
      const k = (i - d.lastUsed + qs) % qs;
      slots.push({
        flags: String(mem.readU16(at + 14)),
        id: String(mem.readU16(at + 12)),
        region: k < used ? 'used' : k < used + dev ? 'device' : k < used + dev + av ? 'avail' : 'free',
      });
    }
    const names = ['ENABLE', 'DISABLE', 'DESC', 'reserved'];
    return {
      slots,
      pointers: {
        next_avail: [d.nextAvail, d.availWrap],
        last_used: [d.lastUsed, d.usedWrap],
        last_avail: [v.lastAvail, v.lastAvailWrap],
        used_idx: [v.usedIdx, v.usedWrap],
      },
      driverFlags: names[mem.readU16(layout.driverEvent + 2) & 3],
      deviceFlags: names[mem.readU16(layout.deviceEvent + 2) & 3],
      numFree: String(d.numFree),
    };
  });
}

async function fromPage(page: Page) {
  const slots = await page.locator('.pk-slot').evaluateAll((els) =>
    els.map((e) => ({
      flags: (e as HTMLElement).dataset.flags,
      id: (e as HTMLElement).dataset.id,
      region: (e as HTMLElement).dataset.region,
    })),
  );
  const pointers = await page.evaluate(() => {
    const out: Record<string, [number, number]> = {};
    for (const el of document.querySelectorAll<HTMLElement>('[data-pointer]')) {
      const slot = Number(el.closest('li')!.querySelector<HTMLElement>('.pk-slot')!.dataset.slot);
      out[el.dataset.pointer!] = [slot, Number(el.dataset.wrap)];
    }
    return out;
  });
  return {
    slots,
    pointers,
    driverFlags: await page.getByTestId('pk-event-driver-flags').textContent(),
    deviceFlags: await page.getByTestId('pk-event-device-flags').textContent(),
    numFree: await page.getByTestId('pk-num-free').textContent(),
  };
}

async function seek(page: Page, n: number) {
  return page.evaluate((k) => (window as any).__ringsidePacked.seek(k), n);
}

test('every step shown equals the model: bits, ids, stretches, positions, event areas (queue size 5, both features)', async ({
  page,
}) => {
  await open(page, '?seed=4&qs=5&f=event_idx,indirect&n=16&ooo=60');
  const length: number = await page.evaluate(() => (window as any).__ringsidePacked.length());
  expect(length).toBeGreaterThan(40);
  let wrapped = false;
  for (let p = 0; p <= length; p += p < 60 ? 1 : 7) {
    await seek(page, p);
    const m = await fromModel(page);
    expect(await fromPage(page), `step ${p}`).toEqual(m);
    if (m.pointers.next_avail[1] === 0) wrapped = true;
  }
  // The run went round the ring at least once: the driver's wrap counter flipped to 0.
  expect(wrapped).toBe(true);
});

test('the narration and the counter agree on the step, going forwards and back with the keys', async ({ page }) => {
  await open(page, '?seed=1&step=0');
  await expect(page.getByTestId('pk-now-text')).toContainText('Before anything runs');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('position')).toHaveText('3');
  const third = await page.evaluate(() => (window as any).__ringsidePacked.events()[2].text as string);
  await expect(page.getByTestId('pk-now-text')).toContainText(third.slice(1, 40));
  await expect(page.getByTestId('pk-now')).toContainText('step 3 of');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('position')).toHaveText('2');
  await expect(page).toHaveURL(/step=2\b/);
});

test('a slot opens in the inspector with its 16 bytes and what its bits mean', async ({ page }) => {
  await open(page, '?seed=1&step=6');
  await page.locator('.pk-slot[data-slot="0"]').click();
  const hex = await page.evaluate(() => {
    const sim = (window as any).__ringsidePacked.sim();
    const b: Uint8Array = sim.q.mem.readBytes(sim.q.layout.desc, 16);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
  });
  await expect(page.getByTestId('pk-insp-hex')).toContainText(hex);
  const flags = Number(await page.locator('.pk-slot[data-slot="0"]').getAttribute('data-flags'));
  const a = (flags >> 7) & 1;
  const u = (flags >> 15) & 1;
  await expect(page.getByTestId('pk-insp-flags')).toContainText(`AVAIL=${a} USED=${u}`);
  await expect(page.getByTestId('pk-insp-bits')).toContainText(a === u ? 'both' : 'differ');
});

test('a permalink reproduces the run and the step; a bad link says what it refused', async ({ page }) => {
  await open(page, '?seed=9&qs=3&f=event_idx&n=10&ooo=0&step=25');
  const before = await fromModel(page);
  const other = await page.context().newPage();
  await open(other, new URL(page.url()).search);
  expect(await fromModel(other)).toEqual(before);
  await expect(other.getByLabel('Queue size')).toHaveValue('3');
  await open(page, '?qs=0&f=bogus&step=x');
  await expect(page.getByTestId('refused')).toContainText('qs=0 (a whole number from 1 to 256)');
  await expect(page.getByTestId('refused')).toContainText('f=bogus');
});

test('no serious axe violations, with the inspector open', async ({ page }) => {
  await open(page, '?seed=2&step=40');
  await page.locator('.pk-slot[data-slot="1"]').click();
  const r = await new AxeBuilder({ page }).analyze();
  expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});

test.describe('the pitfalls, as scenarios', () => {
  test('a chain as long as the ring: next_avail lands where it was, with the counter flipped', async ({ page }) => {
    await open(page, '?s=whole-ring&step=0');
    const at = await page.evaluate(() => {
      const ev = (window as any).__ringsidePacked.events();
      return ev.findIndex(
        (e: any) =>
          e.kind === 'add' &&
          e.data.nextAvailFrom === e.data.nextAvailTo &&
          e.data.availWrapFrom !== e.data.availWrapTo,
      );
    });
    expect(at).toBeGreaterThan(0);
    await seek(page, at);
    const before = (await fromModel(page)).pointers.next_avail;
    await seek(page, at + 1);
    const m = await fromModel(page);
    expect(m.pointers.next_avail).toEqual([before[0], 1 - before[1]]);
    expect(await fromPage(page)).toEqual(m);
    await expect(page.getByTestId('pk-scenario')).toContainText('A chain as long as the ring');
  });

  test('the pre-2023 Linux bug: the same chain, no kick, and the run ends in a stall', async ({ page }) => {
    await open(page, '?s=whole-ring-bug&step=0');
    const kinds: string[] = await page.evaluate(() =>
      (window as any).__ringsidePacked.events().map((e: any) => e.kind),
    );
    expect(kinds.at(-1)).toBe('stall');
    expect(kinds.at(-2)).toBe('kick-suppressed');
    await page.keyboard.press('End');
    await expect(page.getByTestId('pk-now')).toHaveClass(/now-error/);
    await expect(page.getByTestId('pk-now-text')).toContainText('a notification was lost');
    // The fixed driver on the same seed finishes every request.
    await open(page, '?s=whole-ring&seed=1');
    const done = await page.evaluate(
      () => (window as any).__ringsidePacked.events().filter((e: any) => e.kind === 'reclaim').length,
    );
    expect(done).toBe(12);
  });

  test('a ring of 3 slots and used ids out of order are drawn as the model has them', async ({ page }) => {
    await open(page, '?s=odd-size');
    await expect(page.locator('.pk-slot')).toHaveCount(3);
    for (const p of [10, 30, 60]) {
      await seek(page, p);
      expect(await fromPage(page), `odd-size step ${p}`).toEqual(await fromModel(page));
    }
    await open(page, '?s=out-of-order');
    const order = await page.evaluate(() => {
      const ev = (window as any).__ringsidePacked.events();
      const made = ev.filter((e: any) => e.kind === 'add').map((e: any) => e.data.request);
      const back = ev.filter((e: any) => e.kind === 'reclaim').map((e: any) => e.data.request);
      return { made, back };
    });
    expect(order.back).not.toEqual(order.made.slice(0, order.back.length));
    expect([...order.back].sort((a, b) => a - b)).toEqual([...order.made].sort((a, b) => a - b));
  });
});

test('beside the split ring: bytes per request as both models write them; no split ring of 5 slots', async ({
  page,
}) => {
  await open(page, '?seed=4&qs=8&n=30&f=none');
  const r = ringBytes({ seed: 4, queueSize: 8, requests: 30, eventIdx: false });
  await expect(page.getByTestId('pk-beside-split-bytes')).toHaveText((r.split / r.completed).toFixed(1));
  await expect(page.getByTestId('pk-beside-packed-bytes')).toHaveText((r.packed / r.completed).toFixed(1));
  await open(page, '?seed=4&qs=5');
  await expect(page.getByTestId('pk-beside')).toContainText('cannot have 5 slots');
});
