/**
 * Lesson "Model against reality" in Chromium. The recording's figures are read here from the
 * served file (`/data/comparison-steady.json`, fetched, not the copy the lesson bundles) and
 * counted from its per-batch differences; the model's figures from guest memory and the log.
 */
import { expect, test } from '@playwright/test';
import { openStep, walkLesson } from './lesson-walk';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as any;
    w.__recording = async () => {
      const r = await fetch('/data/comparison-steady.json');
      if (!r.ok) throw new Error(`recording: HTTP ${r.status}`);
      return r.json();
    };
    // How many quiet points each field differed at, counted from the raw per-batch diffs.
    w.__byField = (side: any) => {
      const m = new Map<string, number>();
      for (const d of side.memoryDiffs) for (const f of d.fields) m.set(f.field, (m.get(f.field) ?? 0) + 1);
      return [...m].sort((a, b) => b[1] - a[1]);
    };
  });
});

test('model-vs-reality: every step, figures from the recording and the model, checks, axe, 390 px', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await walkLesson(page, 'model-vs-reality', {
    what: {
      live: async () => {
        const rec = await (window as any).__recording();
        return [rec.native.seed, rec.native.completed.real, rec.blk.completed.real].map(String);
      },
      answer: async () => {
        const rec = await (window as any).__recording();
        if (!rec.native.identical) return 'no';
        return rec.native.memoryDiffs.length ? 'except' : 'every';
      },
    },
    allowed: {
      live: () => {
        const vq = (window as any).__lesson.run.sim.vq;
        return [vq.mem.readU16(vq.layout.avail), vq.mem.readU16(vq.layout.used)].map(String);
      },
      answer: async () => {
        const w = window as any;
        const top = w.__byField((await w.__recording()).native)[0];
        return top ? top[0] : 'avail.idx';
      },
    },
    notifications: {
      live: async () => {
        const w = window as any;
        const rec = await w.__recording();
        const run = w.__lesson.run;
        const flushes = run.sim.log.filter((e: any) => e.kind === 'flush').length;
        const m = rec.native.notifications.model;
        return [rec.native.completed.model, m.interruptsSignalled, m.interruptsSuppressed, flushes].map(String);
      },
      answer: async () => {
        const n = (await (window as any).__recording()).native.notifications;
        const d = n.real.interruptsSignalled - n.model.interruptsSignalled;
        return d > 0 ? 'more' : d < 0 ? 'fewer' : 'same';
      },
    },
    live: {
      live: async () => {
        const b = (await (window as any).__recording()).blk;
        return [
          b.negotiated.offered.length,
          b.negotiated.acked.length,
          b.negotiated.capacitySectors,
          b.ring.real.availIdx,
          b.ring.real.usedIdx,
        ].map(String);
      },
      answer: async () =>
        (await (window as any).__recording()).blk.negotiated.acked.includes('INDIRECT_DESC') ? 'yes' : 'no',
    },
    practice: {
      live: () => [String((window as any).__lesson.run.sim.vq.layout.queueSize)],
      // The field is the narration's code text; the spec's timing-dependent fields are the four
      // suppression words (flags in each ring's header, the two event indices).
      answer: () => {
        const field = document.querySelector('[data-testid="narration"] code')?.textContent ?? '';
        return ['avail.flags', 'used.flags', 'avail.used_event', 'used.avail_event'].includes(field)
          ? 'allowed'
          : 'bug';
      },
    },
  });
});

test('model-vs-reality: the recording is dated and both devices matched the model', async ({ page }) => {
  await openStep(page, 'model-vs-reality', 'what');
  const rec = await page.evaluate(() => (window as any).__recording());
  expect(rec.native.identical).toBe(true);
  expect(rec.blk.identical).toBe(true);
  expect(rec.native.completed.real).toBe(rec.native.completed.model);
  const day = new Date(rec.recordedAt).toISOString().slice(0, 10);
  await expect(page.getByTestId('narration')).toContainText(day);
  await expect(page.getByTestId('narration')).toContainText('qemu-storage-daemon');
});

test('model-vs-reality: practice asks about both kinds of field across seeds', async ({ page }) => {
  const seen = new Set<string>();
  for (let seed = 1; seed <= 12 && seen.size < 2; seed++) {
    await openStep(page, 'model-vs-reality', 'practice', `?seed=${seed}`);
    const field = await page.getByTestId('narration').locator('code').first().textContent();
    seen.add(['avail.flags', 'used.flags', 'avail.used_event', 'used.avail_event'].includes(field!) ? 't' : 'f');
  }
  expect([...seen].sort()).toEqual(['f', 't']);
});
