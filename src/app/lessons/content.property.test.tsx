/**
 * Every lesson step, on its own seed and on fresh ones, for every knob value: the run opens inside
 * its range, the narration and the picture render at the opening, at both ends and at a few places
 * between, and the check is a fair question — its answer is one of the choices offered, the choices
 * are distinct, and the reveal stays inside the step. A lesson whose question cannot be answered
 * right on some seed fails here, with the seed in the message.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LESSONS, loadSteps } from './catalog';
import type { LessonRun, LessonStep, StepState } from './types';

/** Seeds tried besides the step's own: more for practice steps, which draw fresh seeds for readers. */
const FRESH = 6;
const PRACTICE_FRESH = 25;

function seedsFor(step: LessonStep, lessonIndex: number): number[] {
  const n = step.practice ? PRACTICE_FRESH : FRESH;
  // A fixed spread of seeds (reproducible: a failure names its seed).
  return [step.seed, ...Array.from({ length: n }, (_, i) => (lessonIndex + 1) * 7919 + i * 104729)];
}

function render(node: React.ReactNode): string {
  return renderToStaticMarkup(node);
}

function checkStep(step: LessonStep, seed: number, knob: string | null): void {
  const run: LessonRun = step.build(seed, knob);
  const [from, to] = step.range?.(run, knob) ?? [0, run.length];
  expect(from, 'range start').toBeGreaterThanOrEqual(0);
  expect(to, 'range end').toBeLessThanOrEqual(run.length);
  expect(from, 'range is not empty').toBeLessThanOrEqual(to);
  const start = step.start(run, knob);
  expect(start, 'opens inside its range').toBeGreaterThanOrEqual(from);
  expect(start, 'opens inside its range').toBeLessThanOrEqual(to);

  const at = (position: number): StepState<LessonRun> => {
    run.seek(position);
    return { run, position, knob, seek: () => {} };
  };
  const probes = [...new Set([start, from, to, Math.floor((from + to) / 2)])];
  for (const p of probes) {
    const s = at(p);
    const html = render(
      <>
        <step.Narration {...s} />
        <step.Stage {...s} />
      </>,
    );
    expect(html.length, `renders at ${p}`).toBeGreaterThan(0);
    expect(html, `no NaN or undefined in the words at ${p}`).not.toMatch(/NaN|undefined/);
    expect(run.describe(p).length).toBeGreaterThan(0);
  }

  if (step.check) {
    const s = at(start);
    const choices = step.check.choices(s);
    const answer = step.check.answer(s);
    const ids = choices.map((c) => c.id);
    expect(new Set(ids).size, `choices are distinct: ${ids.join(',')}`).toBe(ids.length);
    expect(choices.length, 'at least two choices').toBeGreaterThanOrEqual(2);
    expect(ids, `the answer ${answer} is offered`).toContain(answer);
    const words = render(
      <>
        {step.check.prompt(s)}
        {step.check.why(s)}
      </>,
    );
    expect(words, 'no NaN or undefined in the question').not.toMatch(/NaN|undefined/);
    const reveal = step.check.reveal?.(s) ?? null;
    if (reveal !== null) {
      expect(reveal, 'reveal inside the step').toBeGreaterThanOrEqual(from);
      expect(reveal, 'reveal inside the step').toBeLessThanOrEqual(to);
    }
  }
}

describe('lesson content', () => {
  it('the course lists at least the first lesson', () => {
    expect(LESSONS.length).toBeGreaterThan(0);
  });

  LESSONS.forEach((lesson, li) => {
    describe(lesson.id, () => {
      it('has distinct step ids and at least one practice step at the end', async () => {
        const { steps } = await loadSteps(lesson.id);
        expect(steps.length).toBeGreaterThan(1);
        expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
        expect(steps[steps.length - 1].practice, 'ends with practice on fresh seeds').toBe(true);
      });

      it('every step is fair on its own seed and on fresh ones, for every knob value', async () => {
        const { steps } = await loadSteps(lesson.id);
        for (const step of steps) {
          const knobs = step.knob ? step.knob.options.map((o) => o.value) : [null];
          for (const knob of knobs) {
            for (const seed of seedsFor(step, li)) {
              try {
                checkStep(step, seed, knob);
              } catch (e) {
                const m = e instanceof Error ? e.message : String(e);
                throw new Error(`${lesson.id}/${step.id} seed=${seed} knob=${knob}: ${m}`);
              }
            }
          }
        }
      });
    });
  });
});
