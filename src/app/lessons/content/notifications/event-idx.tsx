/**
 * Notifications, steps 4–6 and the practice: EVENT_IDX's comparison, across the wrap, and the
 * counts with and without it on one seed.
 */
import type { LessonStep } from '../../types';
import { VqRun } from '../../vq/vq-run';
import { VqStage } from '../../vq/VqStage';
import { vqFullView } from '../../vq/full-view';
import { N } from '../../words';
import { stage } from '../../stage';
import {
  bursty,
  decisionWhere,
  isInterrupt,
  isKickDecision,
  kickAnswer,
  kickReveal,
  nextDecision,
  type S,
  yesNo,
} from './shared';
import { featureKnob } from '../../knobs';

/** The need-event test, spelled out with the decision's own numbers. */
function Working({ event, old, now, name }: { event: number; old: number; now: number; name: string }) {
  const lhs = (now - event - 1) & 0xffff;
  const rhs = (now - old) & 0xffff;
  return (
    <p className="lesson-math">
      <code>
        (new − {name} − 1) mod 65536 = ({now} − {event} − 1) mod 65536 = <N v={lhs} />
      </code>
      <br />
      <code>
        new − old = {now} − {old} mod 65536 = <N v={rhs} />
      </code>
      <br />
      <N v={lhs} /> {lhs < rhs ? '<' : '≥'} <N v={rhs} />: {name} = {event} {lhs < rhs ? 'is' : 'is not'} among the
      entries just published, [{old}, {now}).
    </p>
  );
}

/** A kick decision under EVENT_IDX, with its arithmetic, for the steps that work it through. */
function EventIdxNarration({ run, intro }: S & { intro: React.ReactNode }) {
  const n = nextDecision(run, run.sim.position);
  const p = run.pointers();
  if (!n || n.d.availEvent === null) return <p>{intro}</p>;
  return (
    <>
      {intro}
      <p>
        With <code>EVENT_IDX</code> the device writes one number instead of a flag: <code>avail_event</code> ={' '}
        <N v={p.availEvent ?? 0} />, meaning “kick me when you publish the entry with this index”. Before this add
        <code> avail.idx</code> was <N v={n.d.oldIdx} />; after it, <N v={n.d.newIdx} />. The driver kicks only if{' '}
        <code>avail_event</code> is one of the indices it just published, <code>[old, new)</code>, tested with one
        comparison that stays right across the wrap:
      </p>
    </>
  );
}

function NeedEventCheck(): LessonStep<VqRun>['check'] {
  return {
    prompt: ({ run }: S) => {
      const d = nextDecision(run, run.sim.position)!.d;
      return (
        <p>
          old = {d.oldIdx}, new = {d.newIdx}, avail_event = {d.availEvent}. Does the driver kick?
        </p>
      );
    },
    choices: () => yesNo,
    answer: kickAnswer,
    why: ({ run }: S) => {
      const d = nextDecision(run, run.sim.position)!.d;
      return <Working event={d.availEvent ?? 0} old={d.oldIdx} now={d.newIdx} name="avail_event" />;
    },
    reveal: kickReveal,
  };
}

export const eventIdx: LessonStep<VqRun> = {
  id: 'event-idx',
  title: 'EVENT_IDX: “kick me at this index”',
  seed: 1,
  build: bursty(true),
  // A decision that publishes more than one entry at once, so the window is worth reading.
  start: (run) =>
    decisionWhere(run, (d) => d.availEvent !== null && ((d.newIdx - d.oldIdx) & 0xffff) >= 2) ??
    run.before(isKickDecision) ??
    0,
  Stage: stage(VqStage, { parts: ['sides', 'avail', 'used'], highlight: { t: 'ptr', name: 'avail_event' } }),
  Narration: (s: S) => (
    <EventIdxNarration
      {...s}
      intro={
        <p>
          Flags say only on or off. A device that has read up to some index can say exactly where it will stop looking.
        </p>
      }
    />
  ),
  check: NeedEventCheck(),
  fullView: vqFullView(),
};

export const acrossWrap: LessonStep<VqRun> = {
  id: 'wrap',
  title: 'The same test across 65535',
  seed: 1,
  build: (seed) => new VqRun({ scenario: 'wrap-around', seed }),
  // A decision whose window or event index straddles the wrap.
  start: (run) =>
    decisionWhere(
      run,
      (d) => d.availEvent !== null && (d.newIdx < d.oldIdx || (d.availEvent > 65000 && d.newIdx < 1000)),
    ) ??
    run.before(isKickDecision) ??
    0,
  Stage: stage(VqStage, { parts: ['sides', 'avail', 'used'], highlight: { t: 'ptr', name: 'avail_event' } }),
  Narration: (s: S) => <EventIdxNarration {...s} intro={<WrapIntro {...s} />} />,
  check: NeedEventCheck(),
  fullView: vqFullView(),
};

function WrapIntro({ run }: S) {
  const d = nextDecision(run, run.sim.position)?.d;
  if (!d) return null;
  return (
    <p>
      These indices started at <N v={run.baseIndex} />. Compared as plain numbers, this add takes <code>avail.idx</code>{' '}
      from <N v={d.oldIdx} /> to <N v={d.newIdx} />, and the device's mark sits at <N v={d.availEvent ?? 0} />. Taken
      mod 65536, the differences below are small and the test works as it does anywhere else.
    </p>
  );
}

/** Kicks, interrupts and requests of a whole run. */
function counts(run: VqRun) {
  return {
    requests: run.count('reclaim'),
    kicks: run.count('kick'),
    kicksSaved: run.count('kick-suppressed'),
    interrupts: run.count(isInterrupt),
  };
}

export const compare: LessonStep<VqRun> = {
  id: 'counts',
  title: 'What it saves, on the same seed',
  seed: 1,
  knob: featureKnob(
    'eventidx',
    'EVENT_IDX',
    'Negotiate VIRTIO_RING_F_EVENT_IDX: notifications decided by avail_event / used_event instead of the flags',
  ),
  build: (seed, knob) => bursty(knob === 'on')(seed),
  start: (run) => run.length,
  Stage: stage(VqStage, { parts: ['sides', 'fds'] }),
  Narration: ({ run, knob }: S) => {
    const c = counts(run);
    return (
      <>
        <p>
          The whole bursty run with <code>EVENT_IDX</code> {knob}: <N v={c.requests} /> requests completed with{' '}
          <N v={c.kicks} /> kicks (<N v={c.kicksSaved} /> saved) and <N v={c.interrupts} /> interrupts.
        </p>
        <p>Switch the knob to run the same seed with the other setting, and compare.</p>
      </>
    );
  },
  check: {
    prompt: ({ knob }: S) => (
      <p>
        Same seed, same requests, <code>EVENT_IDX</code> {knob === 'on' ? 'off' : 'on'} instead. Will the driver send
        more kicks, fewer, or the same?
      </p>
    ),
    choices: () => [
      { id: 'more', label: 'more' },
      { id: 'fewer', label: 'fewer' },
      { id: 'same', label: 'the same' },
    ],
    answer: ({ run, knob }: S) => {
      const other = counts(bursty(knob !== 'on')(run.sim.config.seed)).kicks;
      const here = counts(run).kicks;
      return other > here ? 'more' : other < here ? 'fewer' : 'same';
    },
    why: ({ run, knob }: S) => {
      const other = counts(bursty(knob !== 'on')(run.sim.config.seed));
      const here = counts(run);
      return (
        <>
          With EVENT_IDX {knob === 'on' ? 'off' : 'on'}: {other.kicks} kicks and {other.interrupts} interrupts for{' '}
          {other.requests} requests, against {here.kicks} and {here.interrupts} here.
        </>
      );
    },
  },
  fullView: vqFullView(),
};

export const practice: LessonStep<VqRun> = {
  id: 'practice',
  title: 'Practice: kick or not?',
  seed: 5,
  practice: true,
  build: bursty(true),
  start: (run) => {
    const n = run.count(isKickDecision);
    return run.before(isKickDecision, (run.sim.config.seed * 13) % Math.max(1, n)) ?? 0;
  },
  Stage: stage(VqStage, { parts: ['sides', 'avail', 'used'], highlight: { t: 'ptr', name: 'avail_event' } }),
  Narration: ({ run }: S) => {
    const n = nextDecision(run, run.sim.position);
    return (
      <p>
        A bursty run with <code>EVENT_IDX</code>. The driver has just published up to <code>avail.idx</code> ={' '}
        <N v={n?.d.newIdx ?? run.pointers().availIdx} />; the device last asked for a kick at <code>avail_event</code> ={' '}
        <N v={n?.d.availEvent ?? run.pointers().availEvent ?? 0} />.
      </p>
    );
  },
  check: NeedEventCheck(),
  fullView: vqFullView(),
};
