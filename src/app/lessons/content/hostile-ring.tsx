/**
 * Lesson: a hostile ring. The guest writes the ring, so every index, length and link in it is
 * a claim the other side must check before it acts on it. One corruption at a time (a knob):
 * where it is written, which side notices and with which check, what the real implementations
 * print for it, and what survives. Every figure is read from the run on screen.
 */
import { realTerms, type RingErrorInfo } from '../../../model/virtio/errors';
import { CORRUPTIONS, type Corruption } from '../../../model/vqsim/scenarios';
import type { Knob, LessonStep, StepState } from '../types';
import { VqRun } from '../vq/vq-run';
import { VqStage } from '../vq/VqStage';
import { vqFullView } from '../vq/full-view';
import { N } from '../words';
import { stage } from '../stage';

type S = StepState<VqRun>;

const hostile = (c: string, seed = 1) => new VqRun({ scenario: `hostile-${c}`, seed });

const corruptionKnob: Knob = {
  id: 'bad',
  label: 'Corruption',
  help: 'What the misbehaving side writes into the ring',
  options: CORRUPTIONS.map((c) => ({ value: c, label: c.replace(/-/g, ' ') })),
  initial: 'descriptor-loop',
};

const corruptAt = (r: VqRun) => r.after('corrupt') ?? 0;
const errorAt = (r: VqRun) => r.after('error') ?? r.length;
const errorOf = (r: VqRun): RingErrorInfo | null => r.eventAt(errorAt(r))?.error ?? null;

const who = (side: string) => (side === 'driver' ? 'the driver' : 'the device');

const IMPLS: [keyof ReturnType<typeof realTerms>, string][] = [
  ['qemu', 'QEMU'],
  ['libvhostUser', 'libvhost-user'],
  ['linux', 'Linux'],
  ['rustVmm', 'rust-vmm'],
];

function TermsList({ kind }: { kind: RingErrorInfo['kind'] }) {
  const t = realTerms(kind);
  const rows = IMPLS.filter(([k]) => t[k]);
  if (rows.length === 0)
    return <p className="muted">None of the four implementations prints a message of its own here.</p>;
  return (
    <ul className="lesson-list">
      {rows.map(([k, name]) => (
        <li key={k}>
          {name}: <code>{t[k]}</code>
        </li>
      ))}
    </ul>
  );
}

const corrupt: LessonStep<VqRun> = {
  id: 'corrupt',
  title: 'A lie in the ring',
  seed: 1,
  knob: corruptionKnob,
  build: (seed, knob) => hostile(knob ?? corruptionKnob.initial, seed),
  start: corruptAt,
  range: (r) => [Math.max(0, corruptAt(r) - 1), errorAt(r)],
  Stage: stage(VqStage, { parts: ['sides', 'avail', 'used', 'table'] }),
  Narration: ({ run: r }: S) => {
    const c = r.eventAt(corruptAt(r));
    return (
      <>
        <p>
          Driver and device trust nothing the other writes: a guest may be buggy or malicious, and a device may be too.
          In this run, after <N v={r.count('reclaim', corruptAt(r))} /> requests completed normally, one side wrote
          this:
        </p>
        <blockquote className="lesson-quote">{c?.text}</blockquote>
        <p>Nothing has gone wrong yet: the bad value is just bytes in memory until someone reads it and acts on it.</p>
      </>
    );
  },
  check: {
    prompt: () => <p>Who will notice it?</p>,
    choices: () => [
      { id: 'device', label: 'the device' },
      { id: 'driver', label: 'the driver' },
      { id: 'nobody', label: 'nobody: it goes through' },
    ],
    answer: ({ run: r }: S) => errorOf(r)?.side ?? 'nobody',
    why: ({ run: r }: S) => {
      const e = errorOf(r);
      if (!e) return <>The run ends without a refusal.</>;
      return (
        <>
          {who(e.side)} refused it{' '}
          {e.side === 'device'
            ? 'when it next walked the available ring: the device reads what the driver writes.'
            : 'when it next read the used ring: the driver reads what the device writes.'}{' '}
          The check that caught it: {e.kind}.
        </>
      );
    },
    reveal: ({ run: r }: S) => errorAt(r),
  },
  fullView: vqFullView(),
};

const refusal: LessonStep<VqRun> = {
  id: 'refusal',
  title: 'The refusal, in the words of real implementations',
  seed: 1,
  knob: corruptionKnob,
  build: (seed, knob) => hostile(knob ?? corruptionKnob.initial, seed),
  start: errorAt,
  range: (r) => [corruptAt(r), r.length],
  Stage: stage(VqStage, { parts: ['sides', 'avail', 'used', 'table'] }),
  Narration: ({ run: r }: S) => {
    const e = errorOf(r);
    if (!e) return <p>This run ends without a refusal.</p>;
    return (
      <>
        <p>
          {who(e.side)[0].toUpperCase() + who(e.side).slice(1)} stops with <code>{e.kind}</code>: “{e.message}”.{' '}
          {e.explanation}
        </p>
        <p>What the real implementations print when they meet the same thing:</p>
        <TermsList kind={e.kind} />
        <p>
          After a fatal refusal the queue is <b>broken</b>: Linux marks it with <code>BAD_RING</code>, QEMU sets{' '}
          <code>NEEDS_RESET</code>. Nothing more goes through it until the device is reset.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run: r }: S) => (
      <p>
        {r.count('reclaim', corruptAt(r))} requests had completed before the bad write. How many of them are still
        completed now that the queue is broken?
      </p>
    ),
    choices: ({ run: r }: S) => {
      const done = r.count('reclaim', corruptAt(r));
      return [...new Set([0, Math.max(0, done - 1), done])]
        .sort((a, b) => a - b)
        .map((n) => ({ id: String(n), label: String(n) }));
    },
    answer: ({ run: r }: S) => String(r.count('reclaim', errorAt(r))),
    why: ({ run: r }: S) => (
      <>
        All {r.count('reclaim', errorAt(r))}: a refusal stops the queue where it is. What was completed and reclaimed
        before stays done; only what was in flight is given up.
      </>
    ),
  },
  fullView: vqFullView(),
};

/** One row per corruption: who checks, and the check. Each from its own run (computed once). */
let catalogRows: { c: Corruption; side: string; kind: RingErrorInfo['kind'] | null; description: string }[] | null =
  null;
function catalog() {
  catalogRows ??= CORRUPTIONS.map((c) => {
    const r = hostile(c);
    const e = errorOf(r);
    return { c, side: e?.side ?? '—', kind: e?.kind ?? null, description: r.sim.scenario.description.split('. ')[0] };
  });
  return catalogRows;
}

const checks: LessonStep<VqRun> = {
  id: 'checks',
  title: 'Every check, and who makes it',
  seed: 1,
  build: () => hostile(corruptionKnob.initial),
  start: errorAt,
  Stage: stage(VqStage, { parts: ['sides'] }),
  Narration: () => {
    const rows = catalog();
    const device = rows.filter((x) => x.side === 'device').length;
    return (
      <>
        <p>
          Each of these <N v={rows.length} /> corruptions was run on its own; <N v={device} /> are caught by the device,{' '}
          <N v={rows.length - device} /> by the driver. Choose any of them on the earlier steps to watch it.
        </p>
        <div className="lesson-table-wrap">
          <table className="lesson-table">
            <thead>
              <tr>
                <th scope="col">What is written</th>
                <th scope="col">Caught by</th>
                <th scope="col">Check</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((x) => (
                <tr key={x.c}>
                  <td>{x.description}.</td>
                  <td>{x.side}</td>
                  <td>
                    <code>{x.kind}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    );
  },
  fullView: vqFullView(),
};

/** The practice corruption for a seed: a different one on most seeds. */
const practiceCorruption = (seed: number): Corruption => CORRUPTIONS[seed % CORRUPTIONS.length];

const practice: LessonStep<VqRun> = {
  id: 'practice',
  title: 'Practice: which check catches it?',
  seed: 2,
  practice: true,
  build: (seed) => hostile(practiceCorruption(seed), seed),
  start: corruptAt,
  range: (r) => [Math.max(0, corruptAt(r) - 1), r.length],
  Stage: stage(VqStage, { parts: ['sides', 'avail', 'used', 'table'] }),
  Narration: ({ run: r }: S) => (
    <>
      <p>Someone has just written this into the ring:</p>
      <blockquote className="lesson-quote">{r.eventAt(corruptAt(r))?.text}</blockquote>
    </>
  ),
  check: {
    prompt: () => <p>Which check will refuse it?</p>,
    choices: ({ run: r }: S) => {
      const right = errorOf(r)?.kind ?? 'QueueBroken';
      const all = [
        ...new Set(
          catalog()
            .map((x) => x.kind)
            .filter((k): k is RingErrorInfo['kind'] => k !== null),
        ),
      ];
      const others = all.filter((k) => k !== right);
      // Three wrong ones, picked by the seed, and the right one, in a stable order.
      const seed = r.sim.config.seed;
      const pick = [0, 1, 2].map((i) => others[(seed * 7 + i * 5) % others.length]);
      return [...new Set([right, ...pick])].sort().map((k) => ({ id: k, label: k }));
    },
    answer: ({ run: r }: S) => errorOf(r)?.kind ?? 'QueueBroken',
    why: ({ run: r }: S) => {
      const e = errorOf(r);
      return e ? (
        <>
          {e.kind}: “{e.message}”. {e.explanation}
        </>
      ) : (
        <>No check refused it.</>
      );
    },
    reveal: ({ run: r }: S) => errorAt(r),
  },
  fullView: vqFullView(),
};

export const steps = [corrupt, refusal, checks, practice];
