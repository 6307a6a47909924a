/**
 * Page loading, step 6 and the practice: the sweep that finds where running early stops paying,
 * and a fresh restore to predict on.
 */
import { SWEEP_PARAMS, WIN_MARGIN } from '../../../../model/pgalloc';
import { isAccess, type PgRun, SweepRun } from '../../pgalloc/pg-run';
import { PgStage } from '../../pgalloc/PgStage';
import { SweepStage } from '../../pgalloc/SweepStage';
import { pgFullView, sweepFullView } from '../../pgalloc/full-view';
import { mib, ms } from '../../pgalloc/numbers';
import type { Choice, Knob, LessonStep, StepState } from '../../types';
import { N } from '../../words';
import { stage, stageWith } from '../../stage';
import { type S, touchCheck, touchMark, working } from './shared';

// ---- 6. the sweep ----------------------------------------------------------------------

type W = StepState<SweepRun>;

const SWEEPS = {
  seek: { param: 'seek', from: 0, to: 3000, points: 7 },
  inflight: { param: 'inflight', from: 1, to: 128, points: 7 },
} as const;

const sweepKnob: Knob = {
  id: 'sweep',
  label: 'Setting swept',
  help: 'Which setting of the restore the sweep varies.',
  options: [
    { value: 'seek', label: 'Seek penalty' },
    { value: 'inflight', label: 'Reads in flight' },
  ],
  initial: 'seek',
};

function stopChoices(run: SweepRun): Choice[] {
  const info = SWEEP_PARAMS[run.sweep.param];
  const out: Choice[] = run.values
    .slice(0, -1)
    .map((v, i) => ({ id: String(i), label: `Between ${info.format(v)} and ${info.format(run.values[i + 1])}` }));
  out.push({ id: 'never', label: 'It does not stop winning in this range' });
  out.push({ id: 'none', label: 'It never wins in this range' });
  return out;
}

export const sweep: LessonStep<SweepRun> = {
  id: 'sweep',
  title: 'Where background loading stops winning',
  seed: 4,
  knob: sweepKnob,
  build: (seed, knob) =>
    new SweepRun(
      { scenario: 'spinning-disk', seed, mode: 'background', overrides: { pattern: 'locality' } },
      { ...SWEEPS[knob === 'inflight' ? 'inflight' : 'seek'] },
    ),
  start: () => 1,
  Stage: stage(SweepStage),
  Narration: ({ run }: W) => {
    const info = SWEEP_PARAMS[run.sweep.param];
    const p = run.current();
    return (
      <>
        <p>
          Background loading <b>wins</b> when the application finishes its work sooner than after a plain restore, by
          more than <N v={WIN_MARGIN * 100} unit="%" />. Whether it does depends on the disk and the loader. Here the
          pages file is on a spinning disk, where a read that does not continue the previous one pays a <b>seek</b>, and
          the threads' urgent reads jump around the file.
        </p>
        <p>
          This sweep runs the same restore (seed <N v={run.spec.seed} />) in both modes at <N v={run.length} /> values
          of {info.label.toLowerCase()}: <N v={2 * run.length} /> whole runs, computed here in{' '}
          <N v={Math.round(run.computeMs)} unit="ms" /> when the step opened. Step through the points.
        </p>
        {p && (
          <p>
            At {info.format(p.value)} the application finishes at <N v={ms(p.background.finishNs ?? 0)} unit="ms" />{' '}
            with <code>--background</code> and at <N v={ms(p.sync.finishNs ?? 0)} unit="ms" /> after a plain restore:{' '}
            {p.backgroundWins ? 'background wins.' : 'background does not win.'}
          </p>
        )}
      </>
    );
  },
  check: {
    prompt: ({ run }: W) => {
      const info = SWEEP_PARAMS[run.sweep.param];
      return (
        <p>
          As {info.label.toLowerCase()} grows from {info.format(run.values[0])} to{' '}
          {info.format(run.values[run.values.length - 1])}, where does background loading stop winning?
        </p>
      );
    },
    choices: ({ run }: W) => stopChoices(run),
    answer: ({ run }: W) => String(run.stopsWinning()),
    why: ({ run }: W) => {
      const info = SWEEP_PARAMS[run.sweep.param];
      const last = run.points[run.length - 1];
      const first = run.points[0];
      const f = (ns: number | null) => (ns === null ? 'never' : `${ms(ns)} ms`);
      return (
        <>
          At {info.format(first.value)} background finishes at {f(first.background.finishNs)} against{' '}
          {f(first.sync.finishNs)}; at {info.format(last.value)}, {f(last.background.finishNs)} against{' '}
          {f(last.sync.finishNs)}.{' '}
          {run.sweep.param === 'seek'
            ? 'Every jump of an urgent read costs a seek, while the plain restore streams the file once.'
            : 'Few reads in flight leave the disk idle; many let the waiting threads be served while the rest streams in.'}
        </>
      );
    },
    reveal: ({ run }: W) => run.length,
  },
  fullView: sweepFullView(),
};

// ---- 7. practice -----------------------------------------------------------------------

/** A moment to ask about, drawn from the seed: just before an access, stalled or not, after the start. */
function practiceOpen(run: PgRun): number {
  const from = run.after('app-start') ?? 0;
  const blocked: number[] = [];
  const hits: number[] = [];
  for (let i = from; i < run.length; i++) {
    const e = run.events[i];
    if (e.kind === 'access-blocked') blocked.push(i);
    else if (isAccess(e)) hits.push(i);
  }
  const seed = run.spec.seed;
  const pool = seed % 3 === 0 || blocked.length === 0 ? (hits.length ? hits : blocked) : blocked;
  return pool.length ? pool[(seed >>> 1) % pool.length] : from;
}

export const practice: LessonStep<PgRun> = {
  id: 'practice',
  title: 'Practice: will this access wait?',
  seed: 11,
  practice: true,
  build: (seed) => working(seed, 'background', 8),
  start: practiceOpen,
  range: (run) => [practiceOpen(run), Math.min(run.length, practiceOpen(run) + 20)],
  Stage: stageWith(PgStage)(({ run, position }) => ({
    parts: ['strip', 'slots', 'deque', 'threads'],
    mark: touchMark(run, position),
    watch: 'the outlined range, and its colours: green loaded, orange being read, grey not started, purple queued.',
  })),
  Narration: ({ run }: S) => {
    const s = run.state;
    return (
      <p>
        A restore with <code>--background</code> at <N v={ms(run.model.now)} unit="ms" />:{' '}
        <N v={mib(s.stats.bytesLoaded)} unit="MiB" /> of <N v={mib(run.savedBytes)} unit="MiB" /> loaded,{' '}
        <N v={s.loader.inflight.length} /> reads in flight, <N v={s.loader.priority.length} /> ranges in the priority
        deque.
      </p>
    );
  },
  check: touchCheck(practiceOpen),
  fullView: pgFullView(),
};
