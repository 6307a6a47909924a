/**
 * A lesson: its steps in order, one on screen at a time, each with its own URL. The step list
 * shows where the reader is and what they have done; N / P (or the buttons) move between steps.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LessonInfo } from './catalog';
import { lessonHref, type LessonLocation } from './lesson-url';
import { loadProgress, markAnswer, markSeen, type Progress } from './progress';
import { StepView } from './StepView';
import type { LessonStep } from './types';

interface Props {
  info: LessonInfo;
  next: LessonInfo | undefined;
  steps: LessonStep[];
  loc: LessonLocation;
  navigate(href: string, replace?: boolean): void;
}

export function LessonView({ info, next, steps, loc, navigate }: Props) {
  const index = Math.max(
    0,
    steps.findIndex((s) => s.id === loc.step),
  );
  const step = steps[index];
  const unknownStep = loc.step !== null && steps.every((s) => s.id !== loc.step);
  const knobOk = step.knob?.options.some((o) => o.value === loc.knob) ?? false;
  const knob = step.knob ? (knobOk ? loc.knob : step.knob.initial) : null;
  const seed = loc.seed ?? step.seed;
  const [progress, setProgress] = useState<Progress>(() => loadProgress());
  const refused = [...loc.refused];
  if (unknownStep) refused.push(`step “${loc.step}” (this lesson has no such step; showing the first)`);
  if (step.knob && loc.knob !== null && !knobOk) refused.push(`k=${loc.knob} (not one of this step's choices)`);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setProgress(markSeen(info.id, step.id));
  }, [info.id, step.id]);

  // A new step takes focus to its heading, so keyboard and screen-reader users start there.
  const firstRender = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the step changes
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step.id]);

  const go = useCallback(
    (i: number) => {
      if (i < 0 || i >= steps.length) return;
      navigate(lessonHref(info.id, steps[i].id));
    },
    [navigate, info.id, steps],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
      if (e.key === 'n' || e.key === 'N' || e.key === 'PageDown') {
        e.preventDefault();
        go(index + 1);
      } else if (e.key === 'p' || e.key === 'P' || e.key === 'PageUp') {
        e.preventDefault();
        go(index - 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, index]);

  const onPosition = useCallback(
    (at: number) => {
      const href = lessonHref(info.id, step.id, {
        at,
        seed: loc.seed,
        knob: step.knob && knob !== step.knob.initial ? knob : null,
      });
      if (location.pathname + location.search !== href) navigate(href, true);
    },
    [navigate, info.id, step, loc.seed, knob],
  );
  const onKnob = useCallback(
    (value: string) => navigate(lessonHref(info.id, step.id, { seed: loc.seed, knob: value })),
    [navigate, info.id, step.id, loc.seed],
  );
  const onNewSeed = useCallback(() => {
    // The page may use the clock's randomness; the run it builds is still fixed by the seed in the URL.
    const fresh = Math.floor(Math.random() * 1_000_000);
    navigate(lessonHref(info.id, step.id, { seed: fresh, knob: loc.knob }));
  }, [navigate, info.id, step.id, loc.knob]);
  const onAnswer = useCallback(
    (right: boolean) => setProgress(markAnswer(info.id, step.id, right)),
    [info.id, step.id],
  );

  // What the link asked for and could not have is said once and stays until dismissed, although
  // the address is rewritten to what is shown at once (which has nothing left to refuse).
  const [notice, setNotice] = useState<string[]>([]);
  const refusedKey = refused.join('\n');
  useEffect(() => {
    if (refusedKey) setNotice(refusedKey.split('\n'));
  }, [refusedKey]);

  const mine = progress[info.id];
  const checks = steps.filter((s) => s.check).length;

  return (
    <main className="lesson" id="content">
      <nav className="lesson-crumbs" aria-label="Where you are">
        <a href="/">Lessons</a> <span aria-hidden="true">›</span> <span>Lesson {info.number}</span>
      </nav>
      <header className="lesson-head">
        <h1>{info.title}</h1>
        <p className="muted">{info.summary}</p>
        <p className="lesson-meta muted" data-testid="lesson-progress">
          {mine?.seen.length ?? 0} of {steps.length} steps seen · {mine?.right.length ?? 0} of {checks} checks right
        </p>
      </header>
      {notice.length > 0 && (
        <p className="notice" role="status" data-testid="refused">
          Ignored from the link: {notice.join('; ')}.{' '}
          <button type="button" className="link-btn" onClick={() => setNotice([])}>
            Dismiss
          </button>
        </p>
      )}
      <ol className="lesson-steps" aria-label="Steps of this lesson">
        {steps.map((s, i) => {
          const done = mine?.seen.includes(s.id);
          const right = mine?.right.includes(s.id);
          return (
            <li key={s.id} className={i === index ? 'current' : undefined}>
              <a
                href={lessonHref(info.id, s.id)}
                aria-current={i === index ? 'step' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go(i);
                }}
                title={`Step ${i + 1}: ${s.title}${right ? ' (check answered right)' : done ? ' (seen)' : ''}`}
              >
                <span className="lesson-step-no">{i + 1}</span>
                <span className="lesson-step-title">{s.title}</span>
                {right ? (
                  <span className="lesson-tick" aria-label="answered right">
                    ✓
                  </span>
                ) : done ? (
                  <span className="lesson-dot" aria-label="seen">
                    •
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ol>
      <section className="lesson-body" aria-labelledby="step-title">
        <h2 id="step-title" ref={headingRef} tabIndex={-1} data-testid="step-title">
          <span className="muted">
            Step {index + 1} of {steps.length}:
          </span>{' '}
          {step.title}
        </h2>
        <StepView
          key={`${step.id}:${seed}:${knob}`}
          step={step}
          seed={seed}
          knob={knob}
          at={loc.at}
          onKnob={onKnob}
          onNewSeed={onNewSeed}
          onPosition={onPosition}
          onAnswer={onAnswer}
        />
        <nav className="lesson-pager" aria-label="Steps">
          <button type="button" className="ghost-btn" onClick={() => go(index - 1)} disabled={index === 0}>
            ← Previous step (P)
          </button>
          {index < steps.length - 1 ? (
            <button type="button" className="primary-btn" onClick={() => go(index + 1)} data-testid="next-step">
              Next step (N) →
            </button>
          ) : next ? (
            <a className="primary-btn" href={lessonHref(next.id)} data-testid="next-lesson">
              Next lesson: {next.title} →
            </a>
          ) : (
            <a className="primary-btn" href="/">
              Back to the lessons
            </a>
          )}
        </nav>
      </section>
    </main>
  );
}
