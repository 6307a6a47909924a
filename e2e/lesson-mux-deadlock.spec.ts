/**
 * Lesson "The multiplexed channel that deadlocks" in Chromium: every step's numbers recomputed
 * here from the step's own virtproxy run (window.__lesson.run), the checks answered from the
 * model's events and outcome, wrong then right, axe on every step, 390 px without overflow.
 */
import { expect, test } from '@playwright/test';
import { openStep, walkLesson } from './lesson-walk';

test('mux-deadlock: every step, numbers from the model, checks wrong then right, axe, 390 px', async ({ page }) => {
  test.setTimeout(240_000);
  await walkLesson(page, 'mux-deadlock', {
    'four-peers': {
      live: () => {
        const run = (window as any).__lesson.run;
        const c = run.model.config;
        // 64-byte packets: a 16-byte header and 48 bytes of payload (packet.ts).
        return ['64', '48', String(c.sockBufBytes), String(c.laneBytes / 64), String(run.spec.maryBytes)];
      },
      answer: () => {
        const run = (window as any).__lesson.run;
        return run.events.some((e: any) => e.kind === 'demux-packet' && e.blocked) ? 'blocks' : 'skips';
      },
    },
    cycle: {
      live: () => {
        const run = (window as any).__lesson.run;
        const s = run.model.view();
        const g = run.graph();
        const out = [String(g.edges.length)];
        if (s.deadlock || g.cycle) out.push(String((s.deadlock?.cycle ?? g.cycle).length));
        return out;
      },
      answer: () => (window as any).__lesson.run.events.at(-1).kind,
    },
    fixes: {
      live: () => {
        const run = (window as any).__lesson.run;
        const last = run.events.at(-1);
        const stats = run.events.filter((e: any) => e.kind === 'mux-packet');
        return [
          String(run.spec.seed),
          last.kind,
          String(last.time),
          String(stats.filter((e: any) => e.bytes > 0).length),
          String(stats.filter((e: any) => e.bytes === 0).length),
        ];
      },
      answer: () => (window as any).__lesson.run.events.at(-1).kind,
    },
    practice: {
      live: () => {
        const run = (window as any).__lesson.run;
        const c = run.model.config;
        return [
          String(run.spec.maryBytes),
          String(c.sockBufBytes),
          String(c.laneBytes / 64),
          '48',
          String(c.sockBufBytes),
        ];
      },
      answer: () => (window as any).__lesson.run.events.at(-1).kind,
    },
  });
});

test('mux-deadlock: the full-view link opens the same run at the same step in /virtproxy', async ({ page }) => {
  await openStep(page, 'mux-deadlock', 'cycle');
  const pos = Number(await page.getByTestId('live').getAttribute('data-position'));
  await page.getByTestId('full-view').click();
  await expect(page).toHaveURL(/\/virtproxy\?/);
  await page.waitForFunction(() => !!(window as any).__ringsideVirtproxy);
  await expect.poll(() => page.evaluate(() => (window as any).__ringsideVirtproxy.position())).toBe(pos);
});
