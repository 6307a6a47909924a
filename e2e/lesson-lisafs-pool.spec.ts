/**
 * Lesson "The lisafs channel pool" in Chromium. Each narration number is read back from the
 * pool's state; each answer is worked out here from the client's rules (clamp(GOMAXPROCS, 2, 4),
 * pop the top of the stack, fall back to the socket, queue on sockMu, dead channels never come
 * back) or from a second model stepped here — then compared with the lesson's answer.
 */
import { expect, test } from '@playwright/test';
import { openStep, walkLesson } from './lesson-walk';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as any;
    w.__pool = () => {
      const run = w.__lesson.run;
      const s = run.sim.state;
      const pos = run.position;
      const apps = s.callers.filter((c: any) => c.role === 'app').length;
      // Where the next RPC goes, by the client's rule, from the state on screen.
      const rule = () => (s.stack?.length ? 'channel' : s.socket.holder === null ? 'socket' : 'wait');
      // The state after p events, from a second model of the same configuration.
      const fresh = (p: number) => {
        const sim = new run.sim.constructor(run.sim.config);
        for (let i = 0; i < p; i++) sim.step();
        return sim.state;
      };
      const us = (ns: number) => (ns / 1000).toFixed(1);
      return { run, s, pos, apps, rule, fresh, us, ev: run.timeline.events[pos - 1], next: run.timeline.events[pos] };
    };
  });
});

test('lisafs-pool: every step, numbers from the pool, answers from the client rules, axe, 390 px', async ({ page }) => {
  test.setTimeout(360_000);
  await walkLesson(page, 'lisafs-pool', {
    setup: {
      live: () => {
        const { s, run } = (window as any).__pool();
        return [s.supported.length, s.maxMessageSize, run.sim.config.gomaxprocs].map(String);
      },
      answer: () => {
        const g = (window as any).__pool().run.sim.config.gomaxprocs;
        return String(Math.min(4, Math.max(2, g)));
      },
    },
    'channel-rpc': {
      live: () => {
        const { s, ev, run } = (window as any).__pool();
        const c = run.sim.config;
        return [s.channels[ev.channel].packetWindow.bytes, ev.caller, ev.channel, c.channelRttNs, c.socketRttNs].map(
          String,
        );
      },
      answer: () => {
        const { ev, run, pos, fresh } = (window as any).__pool();
        const i = run.timeline.events.findIndex(
          (e: any, k: number) => k >= pos && e.caller === ev.caller && e.kind === 'server-replied',
        );
        return fresh(i + 1).channels[ev.channel].word;
      },
    },
    lifo: {
      live: () => {
        const { s } = (window as any).__pool();
        return [s.stack.length, ...s.stack.flatMap((id: number) => [id, s.channels[id].uses])].map(String);
      },
      answer: () => {
        const { s } = (window as any).__pool();
        return String(s.stack[s.stack.length - 1]);
      },
    },
    hot: {
      live: () => {
        const { apps, run, us, s } = (window as any).__pool();
        const pops = run.timeline.events.filter((e: any) => e.kind === 'channel-acquired').length;
        return [apps, us(run.sim.config.thinkMeanNs), s.channelTarget, pops].map(String);
      },
      answer: () => String((window as any).__pool().s.channels.filter((c: any) => c.uses > 0).length),
    },
    socket: {
      live: () => {
        const { apps, s } = (window as any).__pool();
        return [apps, s.channelTarget, s.activeCount, ...(s.socket.holder === null ? [] : [s.socket.holder])].map(
          String,
        );
      },
      answer: () => (window as any).__pool().rule(),
    },
    'dead-channel': {
      live: () => {
        const { ev, run } = (window as any).__pool();
        return [run.sim.config.channelDeathProb * 100, ev.channel, ev.caller].map(String);
      },
      answer: () => {
        const { run, s } = (window as any).__pool();
        const died = run.timeline.events.filter((e: any) => e.kind === 'channel-died').length;
        return String(s.channelTarget - died);
      },
    },
    watchdog: {
      live: () => {
        const { ev, s, us } = (window as any).__pool();
        return [us(ev.time), s.activeCount, s.stack.length].map(String);
      },
      answer: () => {
        const { s, run, pos } = (window as any).__pool();
        const held = s.channels.find((c: any) => c.holder !== null);
        const next = run.timeline.events.slice(pos).find((e: any) => e.caller === held.holder);
        return next.kind === 'channel-died' ? 'eio' : 'reply';
      },
    },
    practice: {
      live: () => {
        const { apps, s } = (window as any).__pool();
        return [
          apps,
          s.channelTarget,
          s.stack.length,
          ...(s.socket.holder === null ? [] : [s.socket.holder, s.socket.queue.length]),
        ].map(String);
      },
      answer: () => (window as any).__pool().rule(),
    },
  });
});

test('lisafs-pool: GOMAXPROCS 1 still makes two channels; the knob is in the link', async ({ page }) => {
  await openStep(page, 'lisafs-pool', 'setup', '?k=1');
  await expect(page.getByTestId('narration')).toContainText('GOMAXPROCS = 1');
  await page.getByTestId('check').locator('[data-choice="2"]').click();
  await expect(page.getByTestId('check-result')).toHaveClass(/is-right/);
  // The reveal moves the run to the client being ready: two channels on the stack.
  await expect(page.getByTestId('lz-stack').locator('[data-channel]')).toHaveCount(2);
});

test('lisafs-pool: the full-view link opens /lisafs on the same stack', async ({ page }) => {
  await openStep(page, 'lisafs-pool', 'lifo');
  const stack = await page.getByTestId('lz-stack').getAttribute('aria-label');
  await page.getByRole('link', { name: 'Open this run in the lisafs view' }).click();
  await expect(page).toHaveURL(/\/lisafs\?scenario=hot-channel/);
  await expect(page.getByTestId('lz-stack')).toHaveAttribute('aria-label', stack!);
});

test('glossary: words in a lesson explain themselves and link to their entry', async ({ page }) => {
  await openStep(page, 'lisafs-pool', 'channel-rpc');
  const terms = page.getByTestId('narration').locator('button.term');
  expect(await terms.count()).toBeGreaterThan(1);
  await expect(page.locator('.term-missing')).toHaveCount(0);
  const futex = page.getByTestId('narration').locator('[data-term="futex"]');
  await expect(futex).toHaveAttribute('title', /FUTEX_WAIT/);
  await futex.click();
  await expect(page.getByTestId('term-note')).toContainText('futex');
  await page.getByTestId('term-note').getByRole('link', { name: 'glossary' }).click();
  await expect(page).toHaveURL(/\/learn\/glossary#futex$/);
  await expect(page.getByRole('heading', { name: 'Glossary', level: 1 })).toBeVisible();
  for (const id of ['fid', 'qid', 'tclunk', 'flipcall', 'futex', 'sockmu', 'virtqueue', 'event-idx'])
    await expect(page.getByTestId(`gl-${id}`)).toBeVisible();
  // Every entry's lesson link leads to a lesson that exists.
  const hrefs = await page.locator('.glossary-entry a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const h of new Set(hrefs)) {
    await page.goto(h!);
    await expect(page.getByTestId('step-title')).toBeVisible();
  }
});
