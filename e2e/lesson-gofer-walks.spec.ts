/**
 * Lesson "Gofer path walks" in Chromium. Narration numbers are read back from the client's
 * cache and the host's files; the round-trip counts are checked against the figures read from
 * gVisor's code and the seed (cold stat under VFS2 9P: 4; warm, Shared: 7; warm, Exclusive: 0;
 * the seed's replaced file under VFS1: 11, VFS2: 6, lisafs: 2), not against the model's own
 * count; the QID and stale-size answers follow the rules the lesson teaches.
 */
import { expect, test } from '@playwright/test';
import { openStep, walkLesson } from './lesson-walk';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as any;
    w.__walk = () => {
      const run = w.__lesson.run;
      const st = run.sim.state.run;
      const events = run.timeline.events;
      const rpcs = (i: number) => events.filter((e: any) => e.item === i && e.kind === 'rpc').length;
      // The state before item i, from a second model stepped here.
      const before = (i: number) => {
        const sim = new run.sim.constructor(run.sim.config);
        const k = events.findIndex((e: any) => e.item === i);
        for (let n = 0; n < k; n++) sim.step();
        return sim.state.run;
      };
      return { run, st, events, rpcs, before, dentries: Object.keys(st.cache.dentries).length };
    };
  });
});

test('gofer-walks: every step, numbers from the cache and host, counts from the reference, axe, 390 px', async ({
  page,
}) => {
  test.setTimeout(360_000);
  const BAZ = '/foo/bar/baz';
  await page.addInitScript(`window.__BAZ = ${JSON.stringify(BAZ)}`);
  await walkLesson(page, 'gofer-walks', {
    cold: {
      live: () => {
        const { run, dentries } = (window as any).__walk();
        return [run.script[0].path.split('/').filter(Boolean).length, dentries].map(String);
      },
      answer: () => '4',
    },
    'warm-shared': {
      live: () => [String((window as any).__walk().dentries)],
      answer: () => '7',
    },
    trusted: {
      live: () => [String((window as any).__walk().rpcs(0))],
      answer: () => '0',
    },
    replaced: {
      live: () => {
        const w = window as any;
        const { st, rpcs } = w.__walk();
        return [rpcs(0), st.cache.dentries[w.__BAZ].attrs.ino, st.remote.nodes[w.__BAZ].ino].map(String);
      },
      answer: () => '11',
    },
    qid: {
      live: () => {
        const w = window as any;
        const b = w.__walk().before(2);
        const d = b.cache.dentries[w.__BAZ];
        return [b.remote.nodes[w.__BAZ].ino, d.fid, d.attrs.ino].map(String);
      },
      answer: () => {
        const w = window as any;
        const b = w.__walk().before(2);
        return b.remote.nodes[w.__BAZ].ino === b.cache.dentries[w.__BAZ].attrs.ino ? 'refreshed' : 'dropped';
      },
    },
    'host-write': {
      live: () => {
        const w = window as any;
        const { st } = w.__walk();
        return [st.remote.nodes[w.__BAZ].size, st.cache.dentries[w.__BAZ].attrs.size].map(String);
      },
      // Exclusive (the step's default) trusts the cache: the old size.
      answer: () => {
        const w = window as any;
        const { st, run } = w.__walk();
        return String(
          run.spec.mode === 'shared' ? st.remote.nodes[w.__BAZ].size : st.cache.dentries[w.__BAZ].attrs.size,
        );
      },
    },
    'host-fd': {
      live: () => {
        const { rpcs, run } = (window as any).__walk();
        return [rpcs(0), run.script[1].bytes].map(String);
      },
      answer: () => '0',
    },
    practice: {
      live: () => {
        const { run, events, dentries } = (window as any).__walk();
        const last = events[run.position - 1];
        const i = last.item + 1;
        const changes = run.script.slice(0, i).filter((s: any) => s.type === 'remote').length;
        return [i + 1, changes, dentries].map(String);
      },
      answer: () => {
        const { run, events, rpcs } = (window as any).__walk();
        return rpcs(events[run.position - 1].item + 1) > 0 ? 'yes' : 'no';
      },
    },
  });
});

test('gofer-walks: the seed case costs 11, 6 and 2 round trips under the three clients', async ({ page }) => {
  for (const [design, n] of [
    ['vfs1', '11'],
    ['vfs2-9p', '6'],
    ['lisafs', '2'],
  ]) {
    await openStep(page, 'gofer-walks', 'replaced', `?k=${design}`);
    await page.getByTestId('check').locator(`[data-choice="${n}"]`).click();
    await expect(page.getByTestId('check-result')).toHaveClass(/is-right/);
    // The reveal plays the walk: the diagram shows that many RPCs.
    await expect(page.getByTestId(`gf-seq-${design}`).locator('[data-rpc]')).toHaveCount(Number(n));
  }
});

test('gofer-walks: under Shared the host write is seen; clicking an RPC says why it was sent', async ({ page }) => {
  await openStep(page, 'gofer-walks', 'host-write', '?k=shared');
  await page.getByTestId('check').locator('[data-choice="5000"]').click();
  await expect(page.getByTestId('check-result')).toHaveClass(/is-right/);
  await page.getByTestId('gf-seq-vfs2-9p').locator('[data-rpc]').first().click();
  await expect(page.getByTestId('rpc-why')).toBeVisible();
});
