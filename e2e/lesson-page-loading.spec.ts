/**
 * Lesson "Loading pages on restore" in Chromium: every step's numbers are recomputed here from the
 * step's own pgalloc run (window.__lesson.run), the checks answered from the model's events and
 * state, wrong then right, axe on every step, 390 px without overflow.
 */
import { expect, test } from '@playwright/test';
import { openStep, walkLesson } from './lesson-walk';

test('page-loading: every step, numbers from the model, checks wrong then right, axe, 390 px', async ({ page }) => {
  test.setTimeout(300_000);
  // Helpers in the page: the same rounding the narration states (ms and MiB to two decimals).
  await page.addInitScript(() => {
    const MiB = 1024 * 1024;
    (window as any).__pl = {
      ms: (ns: number) => String(+(ns / 1e6).toFixed(2)),
      mib: (b: number) => String(+(b / MiB).toFixed(2)),
      kib: (b: number) => String(+(b / 1024).toFixed(1)),
      /** What the access right after the step's position meets, from the events and the deque counter. */
      outcome: () => {
        const { run, position } = (window as any).__lesson;
        const e = run.events[position];
        if (e.kind === 'access-hit') return 'loaded';
        const q0 = run.peek(position, (m: any) => m.view().stats.priorityQueued);
        const q1 = run.peek(position + 1, (m: any) => m.view().stats.priorityQueued);
        return q1 > q0 ? 'queued' : 'inflight';
      },
    };
  });
  await walkLesson(page, 'page-loading', {
    'plain-restore': {
      live: () => {
        const h = (window as any).__pl;
        const run = (window as any).__lesson.run;
        const s = run.model.view();
        const saved = run.model.layout.committed.length * 4096;
        const f = run.final;
        return [
          h.mib(saved),
          String(run.config.loader.maxInflight),
          h.kib(run.config.loader.maxReadBytes),
          h.ms(f.restoreTimeNs),
          h.ms(f.timeToFirstInstructionNs),
          h.ms(run.model.now),
          h.mib(s.stats.bytesLoaded),
          String(s.loader.inflight.length),
        ];
      },
      answer: () => String((window as any).__lesson.run.events[0].submitted.length),
    },
    background: {
      live: () => {
        const h = (window as any).__pl;
        const { run, position } = (window as any).__lesson;
        const start = run.events.findIndex((e: any) => e.kind === 'app-start') + 1;
        const loaded = run.peek(start, (m: any) => m.view().stats.bytesLoaded);
        const upTo = run.events.slice(0, position);
        return [
          h.ms(run.final.timeToFirstInstructionNs),
          h.mib(loaded),
          h.mib(run.model.layout.committed.length * 4096),
          String(upTo.filter((e: any) => e.kind === 'access-hit').length),
          String(upTo.filter((e: any) => e.kind === 'access-blocked').length),
        ];
      },
      answer: () => (window as any).__pl.outcome(),
    },
    stall: {
      live: () => {
        const run = (window as any).__lesson.run;
        const s = run.model.view();
        return [
          run.config.loader.maxInflight,
          run.final.blockedAccesses,
          run.final.priorityQueued,
          s.loader.priority.length,
          s.threads.filter((t: any) => t.status === 'blocked').length,
        ].map(String);
      },
      answer: () => (window as any).__pl.outcome(),
    },
    priority: {
      live: () => {
        const h = (window as any).__pl;
        const run = (window as any).__lesson.run;
        const s = run.model.view();
        let bg = s.page.length;
        for (let p = s.loader.minUnstarted; p < s.page.length; p++)
          if (s.page[p] === 1) {
            bg = p;
            break;
          }
        return [
          String(run.config.loader.maxInflight),
          h.mib(bg * 4096),
          String(s.loader.priority.length),
          String(run.final.awaitedReads),
          String(run.final.reads),
        ];
      },
      answer: () => {
        const { run, position } = (window as any).__lesson;
        const ops = run.events[position].submitted ?? [];
        return ops.length === 0 ? 'none' : ops[0].awaited ? 'deque' : 'background';
      },
    },
    merging: {
      live: () => {
        const h = (window as any).__pl;
        const run = (window as any).__lesson.run;
        const s = run.model.view();
        return [
          String(run.model.layout.segments.length),
          h.mib(run.model.layout.committed.length * 4096),
          h.mib(run.model.layout.pages * 4096),
          String(run.config.loader.maxIovecs),
          String(run.final.reads),
          h.kib(run.final.meanReadBytes),
          String(s.loader.inflight.filter((o: any) => o.iovecs.length > 1).length),
        ];
      },
      answer: () => {
        const run = (window as any).__lesson.run;
        // The same restore with the other limit, built with the run's own class.
        const other = run.config.loader.maxIovecs === 1 ? 64 : 1;
        const alt = new run.constructor({ ...run.spec, overrides: { ...run.spec.overrides, iovecs: other } });
        return alt.final.reads > run.final.reads ? 'more' : alt.final.reads < run.final.reads ? 'fewer' : 'same';
      },
    },
    sweep: {
      live: () => {
        const h = (window as any).__pl;
        const { run, position } = (window as any).__lesson;
        const p = run.points[position - 1];
        return [
          '1',
          String(run.spec.seed),
          String(run.points.length),
          String(2 * run.points.length),
          String(Math.round(run.computeMs)),
          h.ms(p.background.finishNs),
          h.ms(p.sync.finishNs),
        ];
      },
      answer: () => {
        const pts = (window as any).__lesson.run.points;
        for (let i = 0; i + 1 < pts.length; i++)
          if (pts[i].backgroundWins && !pts[i + 1].backgroundWins) return String(i);
        return pts.every((p: any) => !p.backgroundWins) ? 'none' : 'never';
      },
    },
    practice: {
      live: () => {
        const h = (window as any).__pl;
        const run = (window as any).__lesson.run;
        const s = run.model.view();
        return [
          h.ms(run.model.now),
          h.mib(s.stats.bytesLoaded),
          h.mib(run.model.layout.committed.length * 4096),
          String(s.loader.inflight.length),
          String(s.loader.priority.length),
        ];
      },
      answer: () => (window as any).__pl.outcome(),
    },
  });
});

test('page-loading: the full-view link opens the same restore at the same step in /pgalloc', async ({ page }) => {
  await openStep(page, 'page-loading', 'stall');
  const pos = Number(await page.getByTestId('live').getAttribute('data-position'));
  await page.getByTestId('full-view').click();
  await expect(page).toHaveURL(/\/pgalloc\?/);
  await page.waitForFunction(() => !!(window as any).__ringsidePgalloc);
  await expect.poll(() => page.evaluate(() => (window as any).__ringsidePgalloc.position())).toBe(pos);
  expect(await page.evaluate(() => (window as any).__ringsidePgalloc.spec().mode)).toBe('background');
});
