/**
 * One lesson step on screen: the narration and the check beside a live run, built from the
 * step's seed and knob, opened where the step says, and movable inside the step's range. The
 * narration, the check and the picture all read the same run at the same position.
 */
import { useCallback, useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { EmbeddedRun } from '../kit/EmbeddedRun';
import { embedRun } from '../kit/embedded-run';
import { transportOf } from '../kit/player';
import { keyCommand, runTransport, TRANSPORT_SHORTCUTS } from '../shared/shortcuts';
import { CheckCard } from './CheckCard';
import type { LessonRun, LessonStep, StepState } from './types';

/**
 * What end-to-end tests read: the step's own run and where it stands, so they can check the
 * narration's numbers against the model independently of the narration's code.
 */
export interface LessonHook {
  step: string;
  seed: number;
  knob: string | null;
  position: number;
  run: LessonRun;
}

declare global {
  interface Window {
    __lesson?: LessonHook;
  }
}

interface Props {
  step: LessonStep;
  seed: number;
  knob: string | null;
  /** Position from the URL (null: where the step opens). */
  at: number | null;
  onKnob(value: string): void;
  onNewSeed(): void;
  /** The run moved (for the URL). */
  onPosition(position: number): void;
  onAnswer(right: boolean): void;
}

export function StepView({ step, seed, knob, at, onKnob, onNewSeed, onPosition, onAnswer }: Props) {
  const run = useMemo<LessonRun>(() => step.build(seed, knob), [step, seed, knob]);
  // The embedded run is made once per run: later URL changes of `at` come from this player itself.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `at` only places a new run, it must not rebuild one
  const embedded = useMemo(() => {
    const [from, to] = step.range?.(run, knob) ?? [0, run.length];
    return embedRun(run, from, to, at ?? step.start(run, knob));
  }, [run, step, knob]);
  const anchor = useMemo(
    () => embedded.absolute(embedded.relative(step.start(run, knob))),
    [embedded, step, run, knob],
  );
  const rel = useStore(embedded.player, (s) => s.position);
  const position = embedded.absolute(rel);
  const seek = useCallback(
    (p: number) => {
      const pl = embedded.player.getState();
      pl.pause();
      pl.seek(embedded.relative(p), 'seek');
    },
    [embedded],
  );
  useEffect(() => onPosition(position), [position, onPosition]);
  useEffect(() => {
    // The run is left at `position` by the render that drew it; tests read it from here.
    window.__lesson = { step: step.id, seed, knob, position, run };
  }, [step, seed, knob, position, run]);
  // The transport keys move this step's run (the lesson handles its own keys for steps).
  useEffect(() => {
    const t = transportOf(embedded.player);
    const onKey = (e: KeyboardEvent) => {
      const k = keyCommand(e, TRANSPORT_SHORTCUTS);
      if (k && runTransport(k.cmd, t)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [embedded]);

  const state: StepState<LessonRun> = { run, position, knob, seek };
  const { Stage, Narration } = step;
  const full = step.fullView?.(state);
  const describe = useCallback((p: number) => run.describe(p), [run]);

  return (
    <div className="lesson-step">
      <div className="lesson-text">
        <div className="lesson-narration" data-testid="narration" aria-live="polite">
          <Narration {...state} />
        </div>
        {step.knob && (
          <label className="field lesson-knob" title={step.knob.help}>
            <span className="field-label">{step.knob.label}</span>
            <select value={knob ?? step.knob.initial} onChange={(e) => onKnob(e.target.value)} data-testid="knob">
              {step.knob.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {step.check && (
          <CheckCard
            check={step.check}
            state={state}
            anchor={anchor}
            onAnswer={onAnswer}
            resetKey={`${step.id}:${seed}:${knob}:${embedded.from}`}
          />
        )}
        {step.practice && (
          <button
            type="button"
            className="ghost-btn"
            onClick={onNewSeed}
            data-testid="new-seed"
            title="Ask again on a run with a fresh random seed"
          >
            Another one (seed {seed})
          </button>
        )}
        {full && (
          <p className="lesson-full">
            <a href={full.href} data-testid="full-view">
              {full.label}
            </a>
          </p>
        )}
      </div>
      <div className="lesson-live" data-testid="live" data-position={position}>
        <EmbeddedRun embedded={embedded} name={`Playback of “${step.title}”`} describe={describe}>
          {(p) => (
            <>
              <Stage {...state} position={p} />
              <p className="lesson-event" data-testid="event-text">
                {run.describe(p)}
              </p>
            </>
          )}
        </EmbeddedRun>
      </div>
    </div>
  );
}
