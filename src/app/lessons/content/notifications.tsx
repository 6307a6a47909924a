/**
 * Lesson: notifications and their suppression. A kick after publishing, an interrupt after
 * handing back; the flags that turn them off (NO_NOTIFY, NO_INTERRUPT); EVENT_IDX's one
 * comparison, worked through with the run's own numbers, across the wrap too; and the counts
 * with and without it on the same seed. Every number is read from the run on screen.
 */
import type { SimEvent } from '../../../model/vqsim/events';
import type { LessonStep, StepState } from '../types';
import { VqRun } from '../vq/vq-run';
import { VqStage } from '../vq/VqStage';
import { vqFullView } from '../vq/full-view';
import { N } from '../words';
import { stage } from '../stage';

type S = StepState<VqRun>;

interface KickData {
  kick: boolean;
  oldIdx: number;
  newIdx: number;
  availEvent: number | null;
  noNotify: boolean | null;
}
interface FlushData {
  interrupt: boolean;
  oldIdx: number;
  newIdx: number;
  usedEvent: number | null;
  noInterrupt: boolean | null;
}

const isKickDecision = (e: SimEvent) => e.kind === 'kick' || e.kind === 'kick-suppressed';
const kickData = (e: SimEvent) => e.data as unknown as KickData;
const flushData = (e: SimEvent) => e.data as unknown as FlushData;

/** The kick decision the driver makes next from `position` (its index in the log), or null. */
function nextDecision(run: VqRun, from: number): { i: number; d: KickData } | null {
  for (let i = Math.max(0, from); i < run.length; i++) {
    if (isKickDecision(run.log[i])) return { i, d: kickData(run.log[i]) };
  }
  return null;
}
function nextFlush(run: VqRun, from: number): { i: number; d: FlushData } | null {
  for (let i = Math.max(0, from); i < run.length; i++) {
    if (run.log[i].kind === 'flush') return { i, d: flushData(run.log[i]) };
  }
  return null;
}
/** Just before the first kick decision for which `when` holds. */
function decisionWhere(run: VqRun, when: (d: KickData) => boolean): number | null {
  for (let i = 0; i < run.length; i++) if (isKickDecision(run.log[i]) && when(kickData(run.log[i]))) return i;
  return null;
}

const yesNo = [
  { id: 'yes', label: 'yes, it kicks' },
  { id: 'no', label: 'no, it stays quiet' },
];
const kickAnswer = ({ run }: S) => (nextDecision(run, run.sim.position)?.d.kick ? 'yes' : 'no');
const kickReveal = ({ run }: S) => {
  const n = nextDecision(run, run.sim.position);
  return n ? n.i + 1 : null;
};

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

const bursty = (eventIdx: boolean) => (seed: number) => new VqRun({ scenario: 'bursty', seed, features: { eventIdx } });

const kick: LessonStep<VqRun> = {
  id: 'kick',
  title: 'A kick after publishing',
  seed: 1,
  build: (seed) => new VqRun({ scenario: 'steady', seed }),
  start: (run) => run.before(isKickDecision) ?? 0,
  range: (run) => [0, run.after('pop') ?? run.length],
  Stage: stage(VqStage, { parts: ['sides', 'fds', 'avail'], highlight: { t: 'ptr', name: 'used.flags' } }),
  Narration: ({ run }: S) => {
    const p = run.pointers();
    return (
      <>
        <p>
          The driver has just put a chain in the available ring (<code>avail.idx</code> = <N v={p.availIdx} />
          ). The device cannot see that unless it looks, and an idle device is asleep, waiting on its kick eventfd.
        </p>
        <p>
          A <b>kick</b> is the driver writing that eventfd (in a VM: a write to a doorbell register, which exits to the
          hypervisor). It costs far more than the ring write (the first lesson measures both on this machine), so the
          driver first reads the device's wish in <code>used.flags</code> = <N v={p.usedFlags} />: bit 0 there,{' '}
          <code>NO_NOTIFY</code>, would mean “don't bother, I am polling”.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        <code>used.flags</code> = {run.pointers().usedFlags}. Will the driver kick the device?
      </p>
    ),
    choices: () => yesNo,
    answer: kickAnswer,
    why: ({ run }: S) => {
      const d = nextDecision(run, run.sim.position)!.d;
      return d.kick ? (
        <>NO_NOTIFY is clear: the device sleeps and asked to be woken, so the driver writes the kick eventfd.</>
      ) : (
        <>NO_NOTIFY is set: the device is already working through the ring and will find the chain itself.</>
      );
    },
    reveal: kickReveal,
  },
  fullView: vqFullView(),
};

const noNotify: LessonStep<VqRun> = {
  id: 'no-notify',
  title: 'A busy device says “don’t kick”',
  seed: 1,
  build: bursty(false),
  start: (run) => decisionWhere(run, (d) => d.noNotify === true) ?? run.before(isKickDecision) ?? 0,
  Stage: stage(VqStage, { parts: ['sides', 'fds', 'avail'], highlight: { t: 'ptr', name: 'used.flags' } }),
  Narration: ({ run, position }: S) => {
    const p = run.pointers();
    return (
      <>
        <p>
          Requests come in bursts here. While the device works through the ring it sets <code>NO_NOTIFY</code> in{' '}
          <code>used.flags</code> (now <N v={p.usedFlags} />
          ): it will see new chains anyway when it reads <code>avail.idx</code> again before sleeping.
        </p>
        <p>
          So far in this run: <N v={run.count('kick', position)} /> kicks sent,{' '}
          <N v={run.count('kick-suppressed', position)} /> saved.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        The driver has just published; <code>used.flags</code> = {run.pointers().usedFlags}. Will it kick?
      </p>
    ),
    choices: () => yesNo,
    answer: kickAnswer,
    why: ({ run }: S) => {
      const d = nextDecision(run, run.sim.position)!.d;
      return d.noNotify ? (
        <>NO_NOTIFY (bit 0 of used.flags) is set, so the driver skips the kick: the device is awake.</>
      ) : (
        <>NO_NOTIFY is clear, so the driver kicks.</>
      );
    },
    reveal: kickReveal,
  },
  fullView: vqFullView(),
};

const interrupt: LessonStep<VqRun> = {
  id: 'interrupt',
  title: 'The other way: interrupts and NO_INTERRUPT',
  seed: 1,
  build: bursty(false),
  start: (run) => {
    for (let i = 0; i < run.length; i++) {
      const e = run.log[i];
      if (e.kind === 'flush' && flushData(e).noInterrupt === true) return i;
    }
    return run.before('flush') ?? 0;
  },
  Stage: stage(VqStage, { parts: ['sides', 'fds', 'used'], highlight: { t: 'ptr', name: 'avail.flags' } }),
  Narration: ({ run, position }: S) => {
    const p = run.pointers();
    return (
      <>
        <p>
          The same question arises when the device hands chains back: an <b>interrupt</b> (a write to the call eventfd;
          in a VM, an interrupt injected into the guest) wakes the driver to reclaim them. The driver's wish is bit 0 of{' '}
          <code>avail.flags</code>, <code>NO_INTERRUPT</code>: it sets it while it is already reclaiming.
        </p>
        <p>
          <code>avail.flags</code> = <N v={p.availFlags} /> now. So far: <N v={run.count(isInterrupt, position)} />{' '}
          interrupts sent, <N v={run.count(isQuietFlush, position)} /> publishes without one.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        The device is about to publish a used entry; <code>avail.flags</code> = {run.pointers().availFlags}. Will it
        interrupt the driver?
      </p>
    ),
    choices: () => [
      { id: 'yes', label: 'yes, it interrupts' },
      { id: 'no', label: 'no, it stays quiet' },
    ],
    answer: ({ run }: S) => (nextFlush(run, run.sim.position)?.d.interrupt ? 'yes' : 'no'),
    why: ({ run }: S) => {
      const d = nextFlush(run, run.sim.position)!.d;
      return d.noInterrupt ? (
        <>NO_INTERRUPT is set: the driver is reclaiming already and will find the entry.</>
      ) : (
        <>NO_INTERRUPT is clear: the driver waits for an interrupt, so the device sends one.</>
      );
    },
    reveal: ({ run }: S) => {
      const n = nextFlush(run, run.sim.position);
      return n ? n.i + 1 : null;
    },
  },
  fullView: vqFullView(),
};

function isInterrupt(e: SimEvent): boolean {
  return e.kind === 'flush' && flushData(e).interrupt;
}
function isQuietFlush(e: SimEvent): boolean {
  return e.kind === 'flush' && !flushData(e).interrupt;
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

const eventIdx: LessonStep<VqRun> = {
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

const acrossWrap: LessonStep<VqRun> = {
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

const compare: LessonStep<VqRun> = {
  id: 'counts',
  title: 'What it saves, on the same seed',
  seed: 1,
  knob: {
    id: 'eventidx',
    label: 'EVENT_IDX',
    help: 'Negotiate VIRTIO_RING_F_EVENT_IDX: notifications decided by avail_event / used_event instead of the flags',
    options: [
      { value: 'on', label: 'on' },
      { value: 'off', label: 'off' },
    ],
    initial: 'off',
  },
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

const practice: LessonStep<VqRun> = {
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

export const steps = [kick, noNotify, interrupt, eventIdx, acrossWrap, compare, practice];
