/**
 * A real device session streamed to the page: `npm run live`'s server (started here) runs
 * the model's driver against qemu-storage-daemon over vhost-user and streams the trace as
 * it happens; the replay view in Chromium reads it and can then replay every step.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';

const PORT = 4188 + (Number(process.env.TEST_PARALLEL_INDEX) || 0);
let server: ChildProcess;

test.beforeAll(async () => {
  server = spawn('node_modules/.bin/tsx', ['src/cli/live.mts', '--port', String(PORT), '--device', 'blk', '--requests', '48', '--batch', '8', '--pace', '120'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
  const seen: number[] = [];
  await page.goto(`http://127.0.0.1:${PORT}/replay?trace=/live/trace.jsonl`);
  // events arrive while the session runs (paced batches), then the trace is complete
  await page.waitForFunction(() => (window as any).__ringsideReplay !== undefined);
  await page.evaluate(() => (window as any).__ringsideReplay.ready());
  const count = await page.evaluate(() => (window as any).__ringsideReplay.count());
  seen.push(count);
  // 48 requests: each has an add and a reclaim, plus kick decisions and wake-ups
  expect(count).toBeGreaterThanOrEqual(96);
  await page.evaluate(() => (window as any).__ringsideReplay.seek(10));
  expect(await page.evaluate(() => (window as any).__ringsideReplay.position())).toBe(10);
  await expect(page.getByText('vhost-user', { exact: false }).first()).toBeVisible();
});
