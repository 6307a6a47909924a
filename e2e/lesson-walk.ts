/**
 * Walking a lesson in Chromium, the way a reader does: step by step with the Next button, each
 * check answered wrong and then (on a fresh load) right, the narration's live numbers compared
 * with the embedded model's state, axe on every step, and every step at phone width.
 *
 * What each lesson spec supplies is computed in the page from the step's own run
 * (`window.__lesson.run`), by code in the spec — not by the lesson's code, so a narration that
 * prints the wrong field, or a check whose answer disagrees with the model, fails here.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** A function run in the page; it reads `window.__lesson` (the step's run, position, seed, knob). */
export type InPage<T> = () => T | Promise<T>;

export interface StepSpec {
  /** The narration's live numbers, in reading order, computed from the run on screen. */
  live: InPage<string[]>;
  /** The right answer's choice id, computed from the run (steps without a check omit it). */
  answer?: InPage<string>;
}

export async function openStep(page: Page, lesson: string, step: string, query = ''): Promise<void> {
  await page.goto(`/learn/${lesson}/${step}${query}`);
  await waitForStep(page, step);
}

export async function waitForStep(page: Page, step: string): Promise<void> {
  await page.waitForFunction((id) => (window as any).__lesson?.step === id, step);
  await expect(page.getByTestId('narration')).toBeVisible();
}

export async function liveNumbers(page: Page): Promise<string[]> {
  return page
    .getByTestId('narration')
    .locator('[data-live]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-live') ?? ''));
}

export async function expectNoSeriousAxe(page: Page, where: string): Promise<void> {
  // Colours are measured as they stand: let running transitions (a word lighting up) finish.
  await page.evaluate(() =>
    Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))).then(() => undefined),
  );
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
  expect(bad, where).toEqual([]);
}

export async function expectNoOverflow(page: Page, where: string): Promise<void> {
  const o = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(o.scroll, `${where}: page wider than the viewport`).toBeLessThanOrEqual(o.client);
}

async function choiceIds(page: Page): Promise<string[]> {
  return page
    .getByTestId('check')
    .locator('[data-choice]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-choice') ?? ''));
}

/** Answer wrong, see it called wrong with the model's answer; reload; answer right, see it called right. */
async function answerWrongThenRight(page: Page, lesson: string, step: string, right: string): Promise<void> {
  const ids = await choiceIds(page);
  expect(ids, `${step}: the model's answer is offered`).toContain(right);
  const wrong = ids.find((id) => id !== right)!;
  await page.getByTestId('check').locator(`[data-choice="${wrong}"]`).click();
  const result = page.getByTestId('check-result');
  await expect(result).toHaveClass(/is-wrong/);
  await expect(result).toContainText('Not quite');
  await expect(page.getByTestId('check').locator(`[data-choice="${right}"]`)).toHaveClass(/is-answer/);

  await openStep(page, lesson, step);
  // The number keys answer too: use the key for the right choice.
  const key = (await choiceIds(page)).indexOf(right) + 1;
  await page.getByTestId('step-title').focus();
  await page.keyboard.press(String(key));
  await expect(page.getByTestId('check-result')).toHaveClass(/is-right/);
  await expect(page.getByTestId('check-result')).toContainText('Right.');
}

/**
 * Walk the lesson from its first step to its last with the Next button, checking each step as
 * `spec` says; the step ids on the page must be exactly `spec`'s keys, in order.
 */
export async function walkLesson(page: Page, lesson: string, spec: Record<string, StepSpec>): Promise<void> {
  const ids = Object.keys(spec);
  await openStep(page, lesson, ids[0]);
  const pills = await page.locator('.lesson-steps a, .lesson-steps button').count();
  expect(pills, 'one step pill per step').toBe(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const s = spec[id];
    if (i > 0) {
      await openStep(page, lesson, ids[i - 1]);
      await page.getByTestId('next-step').click();
      await waitForStep(page, id);
      await expect(page).toHaveURL(new RegExp(`/learn/${lesson}/${id}`));
    }
    await expect(page.getByTestId('step-title')).toContainText(`Step ${i + 1} of ${ids.length}`);
    const expected = await page.evaluate(s.live);
    expect(await liveNumbers(page), `${id}: narration numbers = model state`).toEqual(expected);
    await expectNoSeriousAxe(page, `${lesson}/${id}`);
    if (s.answer) {
      const right = await page.evaluate(s.answer);
      await answerWrongThenRight(page, lesson, id, right);
      await expectNoSeriousAxe(page, `${lesson}/${id} answered`);
    } else {
      await expect(page.getByTestId('check')).toHaveCount(0);
    }
  }
  await expect(
    page.getByTestId('next-lesson').or(page.getByRole('link', { name: /Back to the lessons/ })),
  ).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  for (const id of ids) {
    await openStep(page, lesson, id);
    await expectNoOverflow(page, `${lesson}/${id} at 390 px`);
  }
}
