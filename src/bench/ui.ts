/**
 * npm run bench:ui — the visualizer in headless Chromium (Debian's), production build:
 *  - frame times while playing at full speed (one step per frame), QS 256 and QS 32768;
 *  - time to seek to random steps and have them on screen (QS 256 and QS 32768);
 *  - the replay view with a 1,000,000-event trace: load time, main-thread long tasks while
 *    the worker loads it, and seeks to random steps until drawn.
 * Targets: p95 frame ≤ 16.7 ms at QS 256; any QS 32768 step rendered ≤ 50 ms; seek ≤ 50 ms
 * (the visualizer and the 1M-event replay alike).
 * Prints a table and BENCH JSON lines. The machine is shared: medians and percentiles.
 */
import { spawnSync } from 'node:child_process';
import { type Browser, chromium, type Page } from '@playwright/test';
import { millionEventTrace } from './million-events';
import { benchContext } from './context';
import { type TraceEvent, workPerFrame } from './main-thread';
import { benchLine, digits, fmt, p95, spread } from './stats';

// biome-ignore lint/suspicious/noExplicitAny: the page's test hooks differ per view; each call below names what it reads
type Hook = any;

async function frameTimes(page: Page, seconds: number): Promise<number[]> {
  return page.evaluate(async (ms) => {
    const hook = (window as unknown as { __ringside: Hook }).__ringside;
    await hook.seek(0);
    // let the page finish its start-up work (first plots, fonts) so the figure is playback only
    await new Promise((r) => setTimeout(r, 1000));
    const stamps: number[] = [];
    hook.play({ fullSpeed: true });
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const tick = (t: number) => {
        stamps.push(t);
        if (t - t0 < ms && hook.position() < hook.sim().log.length) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    hook.pause();
    const d: number[] = [];
    for (let i = 1; i < stamps.length; i++) d.push(stamps[i] - stamps[i - 1]);
    return d;
  }, seconds * 1000);
}

/**
 * Main-thread work per frame while playing at full speed, from a Chromium trace of a second
 * playback window (tracing costs a little, so the rAF figure above is taken without it).
 */
async function frameWork(browser: Browser, page: Page, seconds: number): Promise<number[]> {
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-devtools.timeline.frame',
      'toplevel',
    ],
  });
  try {
    await frameTimes(page, seconds);
  } catch (e) {
    await browser.stopTracing();
    throw e;
  }
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as
    | { traceEvents?: TraceEvent[] }
    | TraceEvent[];
  return workPerFrame(Array.isArray(trace) ? trace : (trace.traceEvents ?? []));
}

async function seekTimes(page: Page, n: number, seed: number): Promise<number[]> {
  return page.evaluate(
    async ({ n, seed }) => {
      const hook = (window as unknown as { __ringside: Hook }).__ringside;
      const len = hook.sim().log.length;
      let x = seed >>> 0;
      const rand = () => {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        return x / 4294967296;
      };
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const target = Math.floor(rand() * len);
        const t0 = performance.now();
        await hook.seek(target);
        out.push(performance.now() - t0);
      }
      return out;
    },
    { n, seed },
  );
}

/** Loads the million-event trace into /replay by the file chooser; then seeks to random steps until drawn. */
async function millionReplay(page: Page, base: string, file: string, rows: Row[]): Promise<void> {
  await page.goto(`${base}/replay`);
  await page.waitForFunction(() => !!(window as unknown as { __ringsideReplay?: Hook }).__ringsideReplay);
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const t0 = Date.now();
  await page.getByTestId('file-0').setInputFiles(file);
  await page.evaluate(() => (window as unknown as { __ringsideReplay: Hook }).__ringsideReplay.ready());
  rows.push({ name: '1M-event replay: load by file chooser, until drawn', unit: 'ms', value: Date.now() - t0 });
  const long: number[] = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  rows.push({
    name: '1M-event replay: main-thread long tasks in load',
    unit: 'tasks',
    value: long.length,
    note: `longest ${Math.max(0, ...long).toFixed(0)} ms (the parse runs in a worker)`,
  });
  const seeks: number[] = await page.evaluate(async () => {
    const hook = (window as unknown as { __ringsideReplay: Hook }).__ringsideReplay;
    const count = hook.count();
    const out: number[] = [];
    let x = 12345;
    for (let i = 0; i < 30; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const t = performance.now();
      await hook.seek(x % (count + 1));
      out.push(performance.now() - t);
    }
    return out;
  });
  const sp95 = p95(seeks);
  rows.push({
    name: '1M-event replay: seek to a random step, drawn',
    unit: 'ms',
    value: spread(seeks),
    note: `p95 ${sp95.toFixed(1)} ms (target ≤ 50)`,
  });
}

type Row = { name: string; unit: string; value: ReturnType<typeof spread> | number; note?: string };

async function main(): Promise<void> {
  const million = await millionEventTrace(1_000_000);
  const build = spawnSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('vite build failed');
  // @ts-expect-error plain ESM script without types
  const { startServer } = await import('../../scripts/static-server.mjs');
  const server = await startServer(Number(process.env.BENCH_PORT ?? 4185), '127.0.0.1', null, {
    fallback: process.env.BENCH_PORT === undefined,
    envName: 'BENCH_PORT',
  });
  const port = server.address().port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const rows: Row[] = [];
  try {
    for (const qs of [256, 32768]) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const t0 = Date.now();
      await page.goto(`http://127.0.0.1:${port}/?s=out-of-order&seed=1&qs=${qs}&n=2000`);
      await page.waitForFunction(
        () => (window as unknown as { __ringside?: Hook }).__ringside?.sim()?.log.length > 0,
        null,
        { timeout: 120_000 },
      );
      const steps = await page.evaluate(() => (window as unknown as { __ringside: Hook }).__ringside.sim().log.length);
      rows.push({ name: `QS ${qs}: page ready with a ${steps}-step run`, unit: 'ms', value: Date.now() - t0 });
      const frames = await frameTimes(page, 6);
      const f = spread(frames);
      const fp95 = p95(frames);
      rows.push({
        name: `QS ${qs}: frame time, playing at full speed`,
        unit: 'ms',
        value: f,
        note: `p95 ${fp95.toFixed(1)} ms, slowest ${f.max.toFixed(1)} ms${qs === 256 ? ' (target p95 ≤ 16.7)' : ' (target: every step ≤ 50)'}`,
      });
      rows.push({ name: `QS ${qs}: frame time p95`, unit: 'ms', value: fp95 });
      const work = await frameWork(browser, page, 4);
      rows.push({
        name: `QS ${qs}: main-thread work per frame, playing`,
        unit: 'ms',
        value: spread(work),
        note: `p95 ${p95(work)?.toFixed(1)} ms of a 16.7 ms frame (CDP trace, ${work.length} frames)`,
      });
      const seeks = await seekTimes(page, 30, 7);
      const s = spread(seeks);
      const sp95 = p95(seeks);
      rows.push({
        name: `QS ${qs}: seek to a random step, rendered`,
        unit: 'ms',
        value: s,
        note: `p95 ${sp95.toFixed(1)} ms (target ≤ 50)`,
      });
      await page.close();
    }
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await millionReplay(page, `http://127.0.0.1:${port}`, million, rows);
    await page.close();
  } finally {
    await browser.close();
    server.close();
  }
  for (const r of rows) {
    const v = typeof r.value === 'number' ? `${r.value.toFixed(digits(r.value))} ${r.unit}` : fmt(r.value, r.unit);
    process.stdout.write(`${r.name.padEnd(48)} ${v}${r.note ? `  — ${r.note}` : ''}\n`);
  }
  process.stdout.write('\n');
  const ctx = benchContext('ui');
  for (const r of rows) process.stdout.write(`${benchLine(r, ctx)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${String((e as Error).stack ?? e)}\n`);
  process.exit(1);
});
