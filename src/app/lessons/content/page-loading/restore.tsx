/**
 * Page loading, steps 1–3: a plain restore, a background restore, and a thread that touches a
 * range before it is loaded.
 */
import { fmtBytes } from '../../../pgalloc/format';
import type { PgRun } from '../../pgalloc/pg-run';
import { PgStage } from '../../pgalloc/PgStage';
import { pgFullView } from '../../pgalloc/full-view';
import { kib, mib, ms } from '../../pgalloc/numbers';
import type { Knob, LessonStep } from '../../types';
import { N } from '../../words';
import { stage, stageWith } from '../../stage';
import { bgOpen, type S, stallOpen, touchCheck, touchMark, working } from './shared';

const inflightKnob = (initial: string): Knob => ({
  id: 'inflight',
  label: 'Reads in flight',
  help: 'How many reads the loader may have outstanding at once (gVisor: 128).',
  options: [
    { value: '1', label: '1' },
    { value: '8', label: '8' },
    { value: '128', label: '128 (gVisor)' },
  ],
  initial,
});

// ---- 1. plain restore --------------------------------------------------------------------

export const plain: LessonStep<PgRun> = {
  id: 'plain-restore',
  title: 'A plain restore waits for every page',
  seed: 1,
  knob: inflightKnob('128'),
  build: (seed, knob) => working(seed, 'sync', Number(knob ?? 128)),
  start: () => 0,
  range: (run) => [0, Math.min(run.length, (run.after('app-start') ?? run.length) + 4)],
  Stage: stage(PgStage, {
    parts: ['now', 'strip', 'slots', 'threads'],
    watch:
      'the memory strip turning green, the operation slots, and the threads, which stay “not-started” until the last read.',
  }),
  Narration: ({ run }: S) => {
    const s = run.state;
    const f = run.final;
    return (
      <>
        <p>
          When gVisor saves a sandbox, the application's memory goes to a <b>pages file</b> on disk. Restoring reads it
          back into memory. Here <N v={mib(run.savedBytes)} unit="MiB" /> are saved.
        </p>
        <p>
          A <b>loader</b> reads the file. It may have up to <N v={run.config.loader.maxInflight} /> reads{' '}
          <b>in flight</b> — asked of the disk and not yet answered — each at most{' '}
          <N v={kib(run.config.loader.maxReadBytes)} unit="KiB" />. Many reads in flight hide the disk's latency: they
          wait for it at the same time.
        </p>
        <p>
          In a plain restore the application runs nothing until the last page is back: all memory is loaded at{' '}
          <N v={ms(f.restoreTimeNs ?? 0)} unit="ms" />, and the first instruction runs at{' '}
          <N v={ms(f.timeToFirstInstructionNs ?? 0)} unit="ms" />. At this moment (<N v={ms(run.model.now)} unit="ms" />
          ) <N v={mib(s.stats.bytesLoaded)} unit="MiB" /> are loaded and <N v={s.loader.inflight.length} /> reads are in
          flight.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        The restore begins. The loader may have {run.config.loader.maxInflight} reads in flight, each at most{' '}
        {fmtBytes(run.config.loader.maxReadBytes)}. How many reads does it issue at once?
      </p>
    ),
    choices: ({ run }: S) => {
      const first = run.events[0].submitted?.length ?? 0;
      const ns = [1, run.config.loader.maxInflight, first, run.final.reads, Math.ceil(run.savedBytes / (256 * 1024))];
      return [...new Set(ns)].sort((a, b) => a - b).map((n) => ({ id: String(n), label: String(n) }));
    },
    answer: ({ run }: S) => String(run.events[0].submitted?.length ?? 0),
    why: ({ run }: S) => {
      const n = run.events[0].submitted?.length ?? 0;
      const all = n === run.final.reads;
      return (
        <>
          It fills every free slot at once: {n} reads.{' '}
          {all
            ? `That is every read the whole restore needs (${run.final.reads}), so the queue never fills.`
            : `The restore needs ${run.final.reads} reads in all; each completion frees a slot for the next one.`}
        </>
      );
    },
    reveal: () => 1,
  },
  fullView: pgFullView(),
};

export const background: LessonStep<PgRun> = {
  id: 'background',
  title: 'Running before loading ends',
  seed: 1,
  build: (seed) => working(seed, 'background'),
  start: bgOpen,
  range: (run) => {
    const a = run.before('app-start') ?? 0;
    return [a, Math.min(run.length, bgOpen(run) + 40)];
  },
  Stage: stageWith(PgStage)(({ run, position }) => ({
    parts: ['now', 'strip', 'threads'],
    mark: touchMark(run, position),
    watch: 'the outlined range: the next one a thread touches. Green is loaded, orange being read, grey not started.',
  })),
  Narration: ({ run, position }: S) => {
    const at = run.peek(run.after('app-start') ?? 0, (m) => m.view().stats.bytesLoaded);
    const hits = run.count('access-hit', position);
    const waits = run.count('access-blocked', position);
    return (
      <>
        <p>
          With <code>runsc restore --background</code> the application does not wait for the loader. It starts once the
          rest of the kernel is restored, at <N v={ms(run.final.timeToFirstInstructionNs ?? 0)} unit="ms" />, when only{' '}
          <N v={mib(at)} unit="MiB" /> of <N v={mib(run.savedBytes)} unit="MiB" /> are back.
        </p>
        <p>
          An access to memory that is already loaded costs nothing extra. Only touching a range that is not back yet
          makes the thread <b>stall</b> (wait for the read). So far <N v={hits} /> accesses ran without waiting and{' '}
          <N v={waits} /> stalled.
        </p>
      </>
    );
  },
  check: touchCheck(bgOpen),
  fullView: pgFullView(),
};

export const stall: LessonStep<PgRun> = {
  id: 'stall',
  title: 'Touching a range that is not loaded',
  seed: 2,
  knob: inflightKnob('8'),
  build: (seed, knob) => working(seed, 'background', Number(knob ?? 8)),
  start: stallOpen,
  range: (run) => [stallOpen(run), Math.min(run.length, stallOpen(run) + 40)],
  Stage: stageWith(PgStage)(({ run, position }) => ({
    parts: ['strip', 'slots', 'deque', 'threads'],
    mark: touchMark(run, position),
    marked: (o) => o.awaited,
    watch: 'the outlined range, the priority deque, and reads issued for a waiting thread (outlined in the slots).',
  })),
  Narration: ({ run }: S) => {
    const s = run.state;
    const f = run.final;
    return (
      <>
        <p>
          A thread that touches memory not yet loaded must wait for it. If a read already covers the missing pages, it
          waits for that read. If some pages were never started, the loader puts them in its <b>priority deque</b>: a
          queue of ranges that threads wait for, served before any background read.
        </p>
        <p>
          With <N v={run.config.loader.maxInflight} /> reads in flight, this run stalls <N v={f.blockedAccesses} />{' '}
          times, and <N v={f.priorityQueued} /> ranges go through the deque. Right now the deque holds{' '}
          <N v={s.loader.priority.length} /> ranges and <N v={s.threads.filter((t) => t.status === 'blocked').length} />{' '}
          threads wait. Change the reads in flight: with more, a touched range is more often already being read.
        </p>
      </>
    );
  },
  check: touchCheck(stallOpen),
  fullView: pgFullView(),
};
