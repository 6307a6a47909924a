/**
 * Page loading, steps 4–5: which range the loader reads next (the priority deque), and reads that
 * merge ranges lying back to back in the pages file.
 */
import { PAGE_SIZE, PAGE_UNLOADED } from '../../../../model/pgalloc';
import { fmtBytes } from '../../../pgalloc/format';
import { PgRun, summaryWith } from '../../pgalloc/pg-run';
import { PgStage } from '../../pgalloc/PgStage';
import { pgFullView } from '../../pgalloc/full-view';
import { kib, mib } from '../../pgalloc/numbers';
import type { Knob, LessonStep } from '../../types';
import { N } from '../../words';
import { stageWith } from '../../stage';
import { addr, type S, stallOpen, working } from './shared';

// ---- 4. which range loads next ---------------------------------------------------------

const awaitedIssue = (e: { submitted?: { awaited: boolean }[] }) => !!e.submitted?.some((o) => o.awaited);

const prioOpen = (run: PgRun) => run.before(awaitedIssue) ?? stallOpen(run);

/** The first unloaded page background loading would take next, or null. */
function nextBackground(run: PgRun): number | null {
  const s = run.state;
  for (let p = s.loader.minUnstarted; p < s.page.length; p++) if (s.page[p] === PAGE_UNLOADED) return p;
  return null;
}

export const priority: LessonStep<PgRun> = {
  id: 'priority',
  title: 'Which range loads next',
  seed: 3,
  build: (seed) => working(seed, 'background', 2),
  start: prioOpen,
  range: (run) => [Math.max(0, prioOpen(run) - 6), Math.min(run.length, prioOpen(run) + 30)],
  Stage: ({ run, position }: S) => {
    const front = run.state.loader.priority[0];
    return (
      <PgStage
        run={run}
        position={position}
        parts={['strip', 'slots', 'deque', 'threads']}
        mark={front ? { memPage: front.memPage, pages: front.pages } : null}
        marked={(o) => o.awaited}
        watch="the front of the priority deque (outlined on the strip) and the next free slot."
      />
    );
  },
  Narration: ({ run }: S) => {
    const s = run.state;
    const bg = nextBackground(run);
    return (
      <>
        <p>
          Here the loader has only <N v={run.config.loader.maxInflight} /> slots, so slots are scarce. Background
          loading walks memory in address order and has reached{' '}
          <N v={mib((bg ?? s.page.length) * PAGE_SIZE)} unit="MiB" />; the deque holds{' '}
          <N v={s.loader.priority.length} /> ranges for waiting threads.
        </p>
        <p>
          Each time a slot frees, the loader serves the deque first; a range bigger than one read is cut, and the rest
          goes to the back so the other waiters get a turn. In this run <N v={run.final.awaitedReads} /> of{' '}
          <N v={run.final.reads} /> reads were issued for waiting threads.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => {
      const next = run.events[run.position];
      const why =
        next?.kind === 'read-complete' ? `Read #${next.op} is about to finish and free a slot.` : 'A slot is free.';
      return <p>{why} Which range will the loader read next?</p>;
    },
    choices: ({ run }: S) => {
      const front = run.state.loader.priority[0];
      const bg = nextBackground(run);
      return [
        {
          id: 'deque',
          label: front ? `${addr(front.memPage)}: the front of the priority deque` : 'The front of the priority deque',
        },
        {
          id: 'background',
          label: bg !== null ? `${addr(bg)}: where background loading has reached` : 'The next background range',
        },
        { id: 'none', label: 'Neither: it waits for another slot' },
      ];
    },
    answer: ({ run }: S) => {
      const ops = run.events[run.position]?.submitted ?? [];
      return ops.length === 0 ? 'none' : ops[0].awaited ? 'deque' : 'background';
    },
    why: ({ run }: S) => {
      const ops = run.events[run.position]?.submitted ?? [];
      if (ops.length === 0) return <>No read was issued at this step.</>;
      const o = ops[0];
      return (
        <>
          Awaited ranges always go first: read #{o.id} takes {fmtBytes(o.bytes)} from pages-file offset{' '}
          {fmtBytes(o.fileOffset)}{' '}
          {o.awaited ? 'for the waiting thread' : 'in the background, as no thread was waiting'}.
        </>
      );
    },
    reveal: ({ run }: S) => run.position + 1,
  },
  fullView: pgFullView(),
};

// ---- 5. merging ------------------------------------------------------------------------

const iovecKnob: Knob = {
  id: 'iovecs',
  label: 'Ranges per read',
  help: 'Most memory ranges (iovecs) one read may fill (gVisor: 64).',
  options: [
    { value: '1', label: '1' },
    { value: '64', label: '64 (gVisor)' },
  ],
  initial: '64',
};

const fragmented = (seed: number, iovecs: number) =>
  new PgRun({ scenario: 'fragmented-no-iovecs', seed, mode: 'sync', overrides: { iovecs } });

const otherIovecs = (knob: string | null) => (knob === '1' ? 64 : 1);

/** The first read in flight that fills several memory ranges: from its first to its last page. */
function mergedMark(run: PgRun) {
  const o = run.state.loader.inflight.find((x) => x.iovecs.length > 1);
  if (!o) return null;
  const last = o.iovecs[o.iovecs.length - 1];
  return { memPage: o.iovecs[0].memPage, pages: last.memPage + last.pages - o.iovecs[0].memPage };
}

export const merging: LessonStep<PgRun> = {
  id: 'merging',
  title: 'One read, several memory ranges',
  seed: 5,
  knob: iovecKnob,
  build: (seed, knob) => fragmented(seed, Number(knob ?? 64)),
  start: () => 1,
  range: (run) => [0, Math.min(run.length, 60)],
  Stage: stageWith(PgStage)(({ run }) => ({
    parts: ['strip', 'slots'],
    mark: mergedMark(run),
    marked: (o) => o.iovecs.length > 1,
    watch:
      'reads that fill more than one memory range (outlined in the slots), and the memory one of them fills, holes included (outlined on the strip).',
  })),
  Narration: ({ run }: S) => {
    const merged = run.state.loader.inflight.filter((o) => o.iovecs.length > 1).length;
    return (
      <>
        <p>
          Only memory in use when the sandbox was saved (<b>committed</b>) is in the pages file, written one piece after
          another. Here memory is <N v={run.model.layout.segments.length} /> pieces with <b>holes</b> between them (
          <N v={mib(run.savedBytes)} unit="MiB" /> saved of <N v={mib(run.model.layout.pages * PAGE_SIZE)} unit="MiB" />
          ). Two pieces on either side of a hole sit back to back in the file.
        </p>
        <p>
          So one read of the file can fill several memory ranges, one <b>iovec</b> (an address and a length) each, up to{' '}
          <N v={run.config.loader.maxIovecs} /> per read. This restore takes <N v={run.final.reads} /> reads of{' '}
          <N v={kib(run.final.meanReadBytes)} unit="KiB" /> on average; right now <N v={merged} /> reads in flight fill
          more than one range.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run, knob }: S) => (
      <p>
        With up to {run.config.loader.maxIovecs} ranges per read the loader needs {run.final.reads} reads. With up to{' '}
        {otherIovecs(knob)}, would it need more, fewer, or the same?
      </p>
    ),
    choices: () => [
      { id: 'more', label: 'More reads' },
      { id: 'fewer', label: 'Fewer reads' },
      { id: 'same', label: 'The same' },
    ],
    answer: ({ run, knob }: S) => {
      const other = summaryWith({ ...run.spec, overrides: { ...run.spec.overrides, iovecs: otherIovecs(knob) } });
      return other.reads > run.final.reads ? 'more' : other.reads < run.final.reads ? 'fewer' : 'same';
    },
    why: ({ run, knob }: S) => {
      const other = summaryWith({ ...run.spec, overrides: { ...run.spec.overrides, iovecs: otherIovecs(knob) } });
      return (
        <>
          With up to {otherIovecs(knob)} ranges per read the same restore takes {other.reads} reads of{' '}
          {fmtBytes(other.meanReadBytes)} on average, against {run.final.reads} of {fmtBytes(run.final.meanReadBytes)}{' '}
          here: a read that may fill only one range stops at the first hole.
        </>
      );
    },
  },
  fullView: pgFullView(),
};
