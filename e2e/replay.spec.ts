/**
 * The trace replay view in a real Chromium: counts of the real QEMU sample equal the
 * importer's; a simulated Ringside trace's rings and descriptor table equal the trace's
 * memory at a step; two traces side by side mark their first divergence; fuzzed files
 * give errors, not hangs; axe finds nothing; a million-event trace loads with a progress
 * bar and shows the right state at any step (its speed is measured by npm run bench:ui).
 */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Simulation } from '../src/model/vqsim/engine';
import { traceLines } from '../src/model/trace/format';
import { simulationHeader } from '../src/model/trace/from-simulation';
import { memoryChunks } from '../src/trace/byte-sources';
import { importQemuTrace } from '../src/trace/qemu/import';
import { qemuToTimeline } from '../src/trace/qemu/to-timeline';
import { summarizeTimeline } from '../src/trace/summary';
import { RingsideTraceIndex } from '../src/trace/replay/ringside-index';
import { firstDivergence } from '../src/trace/replay/diverge';
import { readDescriptor } from '../src/model/virtio/chain';
import { GuestMemory } from '../src/model/memory/guest-memory';
import { computeOwners, OWNERS } from '../src/app/rings/owners';
import { millionEventTrace } from '../src/bench/million-events';

const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });
const TMP = mkdtempSync(join(tmpdir(), 'ringside-replay-'));
const SAMPLE = 'public/samples/qemu-7.2-linux-6.1-virtio-blk-1q.log';

function simText(scenario: string, seed: number, requests?: number): string {
  const sim = new Simulation({ scenario, seed, requests }).run();
  return `${[...traceLines(simulationHeader(sim), sim.log)].join('\n')}\n`;
}

function writeTmp(name: string, data: string | Uint8Array): string {
  const p = join(TMP, name);
  writeFileSync(p, data);
  return p;
}

async function ready(page: Page) {
  await page.waitForFunction(() => !!(window as any).__ringsideReplay);
  await page.evaluate(() => (window as any).__ringsideReplay.ready());
}

async function seek(page: Page, n: number) {
  await page.evaluate((k) => (window as any).__ringsideReplay.seek(k), n);
}

test('QEMU sample via ?trace=: counts equal the importer’s, limitations shown', async ({ page }) => {
  const want = summarizeTimeline(
    qemuToTimeline(await importQemuTrace(memoryChunks(new Uint8Array(readFileSync(SAMPLE))))),
  );
  const q = want.devices[0].queues[0];
  expect([q.requests, q.kicks, q.interrupts]).toEqual([84, 86, 83]);
  await page.goto('/replay?trace=/samples/qemu-7.2-linux-6.1-virtio-blk-1q.log');
  await ready(page);
  await expect(page.getByTestId('count-requests')).toHaveText(String(q.requests));
  await expect(page.getByTestId('count-kicks')).toHaveText(String(q.kicks));
  await expect(page.getByTestId('count-interrupts')).toHaveText(String(q.interrupts));
  await expect(page.getByTestId('limitations')).toContainText('What this trace cannot tell');
  for (const l of want.limitations.slice(0, 2))
    await expect(page.getByTestId('limitations')).toContainText(l.slice(0, 40));
  await seek(page, 40);
  await expect(page.getByTestId('event-detail')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('trace')).toBe('/samples/qemu-7.2-linux-6.1-virtio-blk-1q.log');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('p') === '40');
  await page.screenshot({ path: `${SHOTS}/replay-qemu.png`, fullPage: true });
  // The link reproduces the view.
  await page.goto(page.url());
  await ready(page);
  expect(await page.evaluate(() => (window as any).__ringsideReplay.position())).toBe(40);
});

test('a Ringside trace by file chooser: rings and descriptor table equal the trace’s memory', async ({ page }) => {
  const text = simText('out-of-order', 4, 30);
  const file = writeTmp('out-of-order-4.jsonl', text);
  const index = await RingsideTraceIndex.build(memoryChunks(text));
  const sim = new Simulation({ scenario: 'out-of-order', seed: 4, requests: 30 }).run();
  const layout = index.header.queues[0].layout;
  await page.goto('/replay');
  await page.getByTestId('file-0').setInputFiles(file);
  await ready(page);
  expect(await page.evaluate(() => (window as any).__ringsideReplay.count())).toBe(index.count);
  for (const p of [1, 37, Math.floor(index.count / 2), index.count]) {
    await seek(page, p);
    const bytes = index.memoryAt(p);
    const mem = new GuestMemory(bytes.buffer, [{ gpa: 0, size: bytes.length, offset: 0 }]);
    const u16 = (a: number) => mem.readU16(a);
    await expect(page.getByTestId('ring-indices')).toContainText(
      `avail.idx ${u16(layout.avail + 2)} · used.idx ${u16(layout.used + 2)}`,
    );
    sim.seek(p);
    const owners = computeOwners(sim.vq);
    const rows = await page.locator('[data-desc]').evaluateAll((els) =>
      els.map((e) => ({
        i: Number(e.getAttribute('data-desc')),
        owner: e.getAttribute('data-owner'),
        label: e.querySelector('.drow-main .sr-only')?.textContent ?? '',
      })),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const d = readDescriptor(mem, layout.desc, r.i);
      expect(r.label, `descriptor ${r.i} at step ${p}`).toContain(`addr 0x${d.addr.toString(16)}, len ${d.len}`);
      expect(r.label).toContain(`next ${d.next}`);
      expect(r.owner, `owner of ${r.i} at step ${p}`).toBe(OWNERS[owners.owner[r.i]]);
    }
    await expect(page.getByTestId('event-detail')).toContainText(sim.log[p - 1].text.slice(0, 30));
  }
  // Keyboard: ← steps back, Home goes to the start, End to the end.
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => page.evaluate(() => (window as any).__ringsideReplay.position())).toBe(index.count - 1);
  await page.keyboard.press('Home');
  await expect.poll(() => page.evaluate(() => (window as any).__ringsideReplay.position())).toBe(0);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await seek(page, 60);
  await page.screenshot({ path: `${SHOTS}/replay-ringside.png`, fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('two traces side by side: the first divergence is marked and reachable', async ({ page }) => {
  const a = simText('out-of-order', 1, 30);
  const b = simText('out-of-order', 2, 30);
  const want = firstDivergence(
    await RingsideTraceIndex.build(memoryChunks(a)),
    await RingsideTraceIndex.build(memoryChunks(b)),
  );
  expect(want).not.toBeNull();
  await page.goto('/replay');
  await page.getByTestId('file-0').setInputFiles(writeTmp('a.jsonl', a));
  await ready(page);
  await page.getByTestId('file-1').setInputFiles(writeTmp('b.jsonl', b));
  await ready(page);
  await expect(page.getByTestId('divergence-step')).toHaveText(String(want!.index + 1));
  await page.getByRole('button', { name: 'Jump to divergence' }).click();
  await expect.poll(() => page.evaluate(() => (window as any).__ringsideReplay.position())).toBe(want!.index + 1);
  await expect(page.locator(`[data-slot="0"] .rp-row.is-diverge[data-step="${want!.index}"]`)).toBeVisible();
  await expect(page.locator(`[data-slot="1"] .rp-row.is-diverge[data-step="${want!.index}"]`)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/replay-compare.png`, fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('fuzzed files give clear errors, never hang, and trace text is never HTML', async ({ page }) => {
  test.setTimeout(120_000);
  const good = simText('steady', 2, 6).split('\n');
  const cases: { name: string; data: string | Uint8Array; expect: RegExp }[] = [
    {
      name: 'truncated.jsonl',
      data: [...good.slice(0, 5), good[5].slice(0, 40), ...good.slice(6)].join('\n'),
      expect: /line 6: expected/,
    },
    {
      name: 'garbage.bin',
      data: Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919 + 13) % 256),
      // Said as what it is, with a printable excerpt, not as a parse error of binary.
      expect:
        /garbage\.bin is neither a Ringside trace \(JSON lines\) nor a QEMU trace log: it is not text\. It begins “[ -~·]+” \(hex [0-9a-f ]+…\)\./,
    },
    { name: 'empty.log', data: '', expect: /empty\.log is empty: there is nothing to replay/ },
    { name: 'blank.log', data: '\n\n\n', expect: /blank\.log is empty \(only blank lines\)/ },
    {
      name: 'huge.jsonl',
      data: [...good.slice(0, 3), good[3].replace(/"time":\d+/, '"time":1e999'), ...good.slice(4)].join('\n'),
      expect: /line 4: expected "time"/,
    },
    {
      name: 'missing.jsonl',
      data: [...good.slice(0, 3), '{"step":2,"time":5,"actor":"driver"}', ...good.slice(3)].join('\n'),
      expect: /line 4: expected/,
    },
    {
      name: 'one-line.jsonl',
      data: new Uint8Array(100 * 1024 * 1024).fill(0x61).fill(0x7b, 0, 1),
      expect: /line 1|longer than/,
    },
  ];
  await page.goto('/replay');
  for (const c of cases) {
    const t0 = Date.now();
    await page.getByTestId('file-0').setInputFiles(writeTmp(c.name, c.data));
    await expect(page.getByTestId('load-error'), c.name).toContainText(c.expect, { timeout: 30_000 });
    // The page answered while (and after) the worker parsed.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    test.info().annotations.push({ type: 'fuzz', description: `${c.name}: error in ${Date.now() - t0} ms` });
  }
  // Skip bad lines and retry loads the truncated file.
  await page.getByTestId('file-0').setInputFiles(join(TMP, 'truncated.jsonl'));
  await page.getByRole('button', { name: 'Skip bad lines and retry' }).click();
  await ready(page);
  await expect(page.getByTestId('summary')).toContainText('1 bad line skipped');
  // Markup in a trace shows as text.
  const evil = good.slice();
  evil[2] = evil[2].replace(/"text":"[^"]*"/, '"text":"<img src=x onerror=\\"window.__pwned=1\\"><b>bold</b>"');
  await page.getByTestId('file-0').setInputFiles(writeTmp('evil.jsonl', evil.join('\n')));
  await ready(page);
  await seek(page, 2);
  await expect(page.getByTestId('event-detail')).toContainText('<img src=x onerror=');
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(await page.locator('.rp-main img, .rp-main b:text("bold")').count()).toBe(0);
  await page.screenshot({ path: `${SHOTS}/replay-skip.png`, fullPage: true });
});

test('a million events: progress bar while loading, then every seek shows that step’s rings and event', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const file = await millionEventTrace();
  // The same index the page's worker builds, here in Node, for the expected ring indices.
  const expected = RingsideTraceIndex.build(createReadStream(file, { highWaterMark: 1 << 20 }));
  await page.goto('/replay');
  await page.getByTestId('file-0').setInputFiles(file);
  await expect(page.getByTestId('load-progress')).toBeVisible();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="load-progress"]');
    return !!el && Number(el.getAttribute('aria-valuenow')) > 0;
  });
  await page.screenshot({ path: `${SHOTS}/replay-1m-loading.png` });
  await ready(page);
  const n = await page.evaluate(() => (window as any).__ringsideReplay.count());
  expect(n).toBe(1_000_000);
  const index = await expected;
  expect(index.count).toBe(n);
  const layout = index.header.queues[0].layout;
  // Random steps anywhere in the trace (how fast they draw is npm run bench:ui's business).
  let x = 12345;
  for (let i = 0; i < 8; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const p = 1 + (x % n);
    await seek(page, p);
    await expect(page.getByTestId('position')).toHaveText(p.toLocaleString('en'));
    const bytes = index.memoryAt(p);
    const mem = new GuestMemory(bytes.buffer, [{ gpa: 0, size: bytes.length, offset: 0 }]);
    await expect(page.getByTestId('ring-indices')).toContainText(
      `avail.idx ${mem.readU16(layout.avail + 2)} · used.idx ${mem.readU16(layout.used + 2)}`,
    );
    await expect(page.getByTestId('event-detail')).toContainText(index.kindOf(p - 1));
    await expect(page.getByTestId('event-detail')).toContainText(`${index.time[p - 1]}`);
  }
  await page.screenshot({ path: `${SHOTS}/replay-1m.png`, fullPage: true });
});

test('a ?trace= link to a file that is not there says not found, not a parse error', async ({ page }) => {
  await page.goto('/replay?trace=/samples/no-such-trace.log');
  await expect(page.getByTestId('load-error')).toContainText(
    'The trace /samples/no-such-trace.log was not found on the server (HTTP 404).',
  );
  await expect(page.getByTestId('load-error')).not.toContainText('doctype');
});

test('the two slots’ URL buttons have different names', async ({ page }) => {
  await page.goto('/replay');
  await expect(page.getByRole('button', { name: 'Open URL', exact: true })).toHaveCount(1);
  await page.getByTestId('file-0').setInputFiles('public/samples/qemu-7.2-linux-6.1-virtio-blk-1q.log');
  await expect(page.getByRole('button', { name: 'Compare with URL', exact: true })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Open URL', exact: true })).toHaveCount(1);
});
