/**
 * Predict, then check. The question is asked about the state on screen; the reader picks an
 * answer (click, or the number keys); the model's answer and its reason are then shown, right
 * or wrong, and the run can move on to show the outcome.
 */
import { useEffect, useId, useState } from 'react';
import type { Check, LessonRun, StepState } from './types';

interface Props<R extends LessonRun> {
  check: Check<R>;
  state: StepState<R>;
  /** The position the question is about (the step's opening state). */
  anchor: number;
  /** Called once per answer. */
  onAnswer(right: boolean): void;
  /** A key that resets the card (a new seed or a new step). */
  resetKey: string;
}

/**
 * Ask the check at `anchor`: everything it says is computed there, once, so moving the run
 * afterwards (to see the outcome) cannot change what was asked or answered. The check's
 * functions return plain nodes whose numbers are read while the run is at the anchor.
 */
function ask<R extends LessonRun>(check: Check<R>, state: StepState<R>, anchor: number, key: string) {
  const moved = anchor !== state.position;
  if (moved) state.run.seek(anchor);
  try {
    const s = { ...state, position: anchor };
    return {
      key,
      at: anchor,
      prompt: check.prompt(s),
      choices: check.choices(s),
      answer: check.answer(s),
      why: check.why(s),
      reveal: check.reveal?.(s) ?? null,
    };
  } finally {
    if (moved) state.run.seek(state.position);
  }
}

export function CheckCard<R extends LessonRun>({ check, state, anchor, onAnswer, resetKey }: Props<R>) {
  const [picked, setPicked] = useState<string | null>(null);
  const [q, setQ] = useState(() => ask(check, state, anchor, resetKey));
  if (q.key !== resetKey) {
    setQ(ask(check, state, anchor, resetKey));
    setPicked(null);
  }
  const { choices, answer } = q;
  const headingId = useId();

  const pick = (id: string) => {
    if (picked !== null) return;
    setPicked(id);
    onAnswer(id === answer);
    if (q.reveal !== null) state.seek(q.reveal);
  };

  useEffect(() => {
    if (picked !== null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= choices.length) {
        e.preventDefault();
        pick(choices[n - 1].id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const right = picked !== null && picked === answer;
  return (
    <section className="check-card" aria-labelledby={headingId} data-testid="check">
      <h3 id={headingId} className="check-title">
        Predict
      </h3>
      <div className="check-prompt" data-testid="check-prompt">
        {q.prompt}
      </div>
      {picked === null && state.position !== q.at && (
        <p className="check-away muted">
          The question is about the state the step opened at.{' '}
          <button type="button" className="link-btn" onClick={() => state.seek(q.at)}>
            Go back there
          </button>
        </p>
      )}
      <div className="check-choices" role="group" aria-label="Your answer">
        {choices.map((c, i) => {
          const state = picked === null ? '' : c.id === answer ? ' is-answer' : c.id === picked ? ' is-wrong' : '';
          return (
            <button
              key={c.id}
              type="button"
              className={`check-choice${state}`}
              onClick={() => pick(c.id)}
              disabled={picked !== null}
              aria-pressed={picked === c.id}
              data-choice={c.id}
              title={picked === null ? `Answer: ${c.label} (key ${i + 1})` : undefined}
            >
              <kbd aria-hidden="true">{i + 1}</kbd> {c.label}
            </button>
          );
        })}
      </div>
      {picked !== null && (
        <div className={`check-result ${right ? 'is-right' : 'is-wrong'}`} role="status" data-testid="check-result">
          <strong>
            {right ? 'Right.' : `Not quite — the answer is ${choices.find((c) => c.id === answer)?.label}.`}
          </strong>{' '}
          {q.why}
        </div>
      )}
    </section>
  );
}
