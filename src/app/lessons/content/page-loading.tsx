/**
 * Lesson: loading pages on restore. gVisor's pgalloc reads a sandbox's saved memory back from the
 * pages file: a plain restore waits for all of it; `runsc restore --background` lets the
 * application run meanwhile, stalling only on ranges it touches too early, which jump the queue
 * through the priority deque; reads merge ranges that sit back to back in the file; and a sweep
 * shows where running early stops paying. Every number is read from the run on screen.
 */
import { PAGE_SIZE, PAGE_UNLOADED, SWEEP_PARAMS, WIN_MARGIN } from '../../../model/pgalloc';
import { fmtBytes } from '../../pgalloc/format';
import type { PgSpec } from '../../pgalloc/spec';
import { type AccessOutcome, isAccess, PgRun, SweepRun, summaryWith } from '../pgalloc/pg-run';
import { PgStage } from '../pgalloc/PgStage';
import { SweepStage } from '../pgalloc/SweepStage';
import { pgFullView, sweepFullView } from '../pgalloc/full-view';
import { kib, mib, ms } from '../pgalloc/numbers';
import type { Choice, Knob, LessonStep, StepState } from '../types';
import { N } from '../words';
import { stage, stageWith } from '../stage';

type S = StepState<PgRun>;

/** The restore most steps use: 32 MiB, four threads working mostly in a fifth of it. */
const working = (seed: number, mode: PgSpec['mode'], inflight?: number): PgRun =>
  new PgRun({
    scenario: 'small-working-set',
    seed,
    mode,
    overrides: inflight === undefined ? {} : { inflight },
  });

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

const addr = (page: number) => fmtBytes(page * PAGE_SIZE);

// ---- the three things an access can meet -------------------------------------------------

const OUTCOME_CHOICES: Choice[] = [
  { id: 'loaded', label: 'It runs on: that memory is already loaded' },
  { id: 'inflight', label: 'It waits for a read that is already in flight' },
  { id: 'queued', label: 'It waits, and its range goes to the priority deque' },
];

function touchPrompt(run: PgRun, at: number) {
  const t = run.touchAt(at);
  return (
    <p>
      Thread {t.thread} is about to touch {fmtBytes(t.pages * PAGE_SIZE)} at address {addr(t.memPage)} (outlined on the
      strip). What happens?
    </p>
  );
}

function touchWhy(run: PgRun, at: number) {
  const o: AccessOutcome = run.accessOutcome(at);
  const t = run.touchAt(at);
  const reason: Record<AccessOutcome, string> = {
    loaded: 'every page of the range was green (loaded), so the access costs nothing extra.',
    inflight: `part of the range was not loaded, but every missing page was already orange (being read), so thread ${t.thread} only waits for those reads to complete.`,
    queued: `part of the range had not been started by any read (grey), so the loader put that part in the priority deque, ahead of every background read, and thread ${t.thread} waits for it.`,
    eio: 'the loader had already failed, so the access gets EIO.',
  };
  return (
    <>
      {run.events[at].text} In short: {reason[o]}
    </>
  );
}

/** A check on the access that follows the step's opening position. */
function touchCheck(open: (run: PgRun) => number) {
  return {
    prompt: ({ run }: S) => touchPrompt(run, open(run)),
    choices: () => OUTCOME_CHOICES,
    answer: ({ run }: S) => run.accessOutcome(open(run)),
    why: ({ run }: S) => touchWhy(run, open(run)),
    reveal: ({ run }: S) => open(run) + 1,
  };
}

/** The access-marked range of the next access at or after `position`, for the strip. */
function touchMark(run: PgRun, position: number) {
  const at = run.nextAccess(position);
  if (at === null || at > position + 40) return null;
  const t = run.touchAt(at);
  return { memPage: t.memPage, pages: t.pages };
}

// ---- 1. plain restore --------------------------------------------------------------------

const plain: LessonStep<PgRun> = {
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

// ---- 2. background -----------------------------------------------------------------------

const bgOpen = (run: PgRun) => run.nextAccess(run.after('app-start') ?? 0) ?? 0;

const background: LessonStep<PgRun> = {
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

// ---- 3. touching an unloaded range -------------------------------------------------------

const stallOpen = (run: PgRun) => run.before('access-blocked') ?? bgOpen(run);

const stall: LessonStep<PgRun> = {
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

// ---- 4. which range loads next ---------------------------------------------------------

const awaitedIssue = (e: { submitted?: { awaited: boolean }[] }) => !!e.submitted?.some((o) => o.awaited);
const prioOpen = (run: PgRun) => run.before(awaitedIssue) ?? stallOpen(run);

/** The first unloaded page background loading would take next, or null. */
function nextBackground(run: PgRun): number | null {
  const s = run.state;
  for (let p = s.loader.minUnstarted; p < s.page.length; p++) if (s.page[p] === PAGE_UNLOADED) return p;
  return null;
}

const priority: LessonStep<PgRun> = {
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

const merging: LessonStep<PgRun> = {
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

const sweep: LessonStep<SweepRun> = {
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

const practice: LessonStep<PgRun> = {
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

export const steps = [plain, background, stall, priority, merging, sweep, practice];
