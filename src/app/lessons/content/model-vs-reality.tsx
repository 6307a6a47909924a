/**
 * Lesson: model against reality. The model's driver on real shared memory, against the
 * model's device, the native C device thread and qemu-storage-daemon over vhost-user,
 * compared byte for byte at every quiet point. The static site cannot start a thread or a
 * daemon: it shows a recording made with `npm run record:comparison` (dated on the page) and
 * says how to run it live. The embedded run is the model on the same scenario and seed.
 */
import recorded from '../../../../public/data/comparison-steady.json';
import { timingField } from '../../../model/compare/compare';
import { describeAddress } from '../../../model/virtio/layout';
import type { LessonStep, StepState } from '../types';
import { VqRun } from '../vq/vq-run';
import { VqStage } from '../vq/VqStage';
import { vqFullView } from '../vq/full-view';
import { N } from '../words';
import { stage } from '../stage';

type S = StepState<VqRun>;
type Side = typeof recorded.native | typeof recorded.blk;

const build = (seed: number) =>
  new VqRun({
    scenario: recorded.native.scenario,
    seed,
    queueSize: recorded.native.queueSize,
    features: recorded.native.features,
  });

const when = new Date(recorded.recordedAt);
const recordedOn = `${when.toISOString().slice(0, 10)} ${when.toISOString().slice(11, 16)} UTC`;

const ringsAndSides = stage(VqStage, { parts: ['sides', 'avail', 'used'] });

/** The field that differed most often, and in how many batches. */
function topField(side: Side): [string, number] | null {
  const e = Object.entries(side.allowedByField).sort((a, b) => b[1] - a[1]);
  return e.length ? (e[0] as [string, number]) : null;
}

function verdict(side: Side): 'every' | 'except' | 'no' {
  if (!side.identical) return 'no';
  return side.memoryDiffs.length === 0 ? 'every' : 'except';
}

const what: LessonStep<VqRun> = {
  id: 'what',
  title: 'The same driver, three devices',
  seed: recorded.native.seed,
  build,
  start: (r) => r.length,
  Stage: ringsAndSides,
  Narration: () => (
    <>
      <p>
        A model is worth something only if reality agrees with it. Ringside runs the model's own driver on real shared
        memory — a memfd mapped into Node — and gives the other end to three devices in turn: the model's device, a
        native C device thread woken by a real eventfd, and QEMU's <code>qemu-storage-daemon</code> over vhost-user. At
        every quiet point (all requests of a batch done) it compares the two memory images byte for byte.
      </p>
      <p>
        This page shows a recording made on {recordedOn} with <code>{recorded.command}</code>: the{' '}
        <code>{recorded.native.scenario}</code> workload, seed <N v={recorded.native.seed} />.{' '}
        <N v={recorded.native.completed.real} /> requests went through the native device and{' '}
        <N v={recorded.blk.completed.real} /> through {recorded.blk.device}; the picture beside is the same workload in
        the model.
      </p>
    </>
  ),
  check: {
    prompt: () => <p>Should the model's memory and the native device's memory be identical at every quiet point?</p>,
    choices: () => [
      { id: 'every', label: 'yes, every byte' },
      { id: 'except', label: 'yes, except fields that depend on timing' },
      { id: 'no', label: 'no, they are different programs' },
    ],
    answer: () => verdict(recorded.native),
    why: () => {
      const n = recorded.native;
      return (
        <>
          Everything the spec fixes agreed ({n.identical ? 'no divergence' : 'a divergence'}); {n.memoryDiffs.length}{' '}
          quiet points differed only in fields the spec leaves to timing.
        </>
      );
    },
  },
  fullView: vqFullView(),
};

const allowed: LessonStep<VqRun> = {
  id: 'allowed',
  title: 'The bytes allowed to differ',
  seed: recorded.native.seed,
  build,
  start: (r) => r.after('device-idle') ?? r.length,
  Stage: ringsAndSides,
  Narration: ({ run }: S) => {
    const p = run.pointers();
    const rows = [
      ['the native device', recorded.native],
      [recorded.blk.device, recorded.blk],
    ] as const;
    return (
      <>
        <p>
          Some fields say what one side wants from the other — “don't interrupt me”, “kick me at this index”. Their
          values depend on the moment each side looked, which the spec leaves to timing. Here, in the model, the
          driver's <code>avail.flags</code> is <N v={p.availFlags} /> and the device's <code>used.flags</code>{' '}
          <N v={p.usedFlags} />.
        </p>
        <ul className="lesson-list">
          {rows.map(([name, side]) => (
            <li key={name}>
              Against {name}: {side.memoryDiffs.length} of the quiet points differed, in{' '}
              {Object.entries(side.allowedByField)
                .map(([f, n]) => `${f} (${n}×)`)
                .join(', ') || 'no field'}
              ; first divergence: {side.firstDivergence ? String(side.firstDivergence) : 'none'}.
            </li>
          ))}
        </ul>
      </>
    );
  },
  check: {
    prompt: () => <p>Which field differed most often between the model and the native device?</p>,
    choices: () => ['avail.flags', 'avail.idx', 'used.idx', 'used.ring[0].id'].map((f) => ({ id: f, label: f })),
    answer: () => topField(recorded.native)?.[0] ?? 'avail.idx',
    why: () => {
      const t = topField(recorded.native);
      return t ? (
        <>
          {t[0]}, at {t[1]} quiet points: the model's driver and the real one chose to suppress interrupts at different
          moments. Indices and used entries never differed.
        </>
      ) : (
        <>None differed.</>
      );
    },
  },
  fullView: vqFullView(),
};

const notifications: LessonStep<VqRun> = {
  id: 'notifications',
  title: 'Same requests, different wake-ups',
  seed: recorded.native.seed,
  build,
  start: (r) => r.length,
  Stage: ringsAndSides,
  Narration: ({ run }: S) => {
    const n = recorded.native.notifications;
    return (
      <>
        <p>
          The same <N v={recorded.native.completed.model} /> requests. The model's device signalled{' '}
          <N v={n.model.interruptsSignalled} /> interrupts and suppressed <N v={n.model.interruptsSuppressed} />; in
          this page's model run of the same seed, <N v={run.count('flush')} /> publishes went by.
        </p>
        <p>
          On real threads, timing decides: a driver still busy reclaiming has its interrupts turned off, so a real
          device sees that flag set more often than a model that steps one event at a time.
        </p>
      </>
    );
  },
  check: {
    prompt: () => <p>Did the native device signal more interrupts than the model's device, fewer, or the same?</p>,
    choices: () => [
      { id: 'more', label: 'more' },
      { id: 'fewer', label: 'fewer' },
      { id: 'same', label: 'the same' },
    ],
    answer: () => {
      const n = recorded.native.notifications;
      const d = n.real.interruptsSignalled - n.model.interruptsSignalled;
      return d > 0 ? 'more' : d < 0 ? 'fewer' : 'same';
    },
    why: () => {
      const n = recorded.native.notifications;
      return (
        <>
          {n.real.interruptsSignalled} signalled and {n.real.interruptsSuppressed} suppressed by the native device,
          against {n.model.interruptsSignalled} and {n.model.interruptsSuppressed} by the model's. Both completed every
          request: suppression changes how often a side is woken, never what it finds.
        </>
      );
    },
  },
  fullView: vqFullView(),
};

const live: LessonStep<VqRun> = {
  id: 'live',
  title: 'Run it yourself',
  seed: recorded.native.seed,
  build,
  start: (r) => r.length,
  Stage: ringsAndSides,
  Narration: () => {
    const neg = recorded.blk.negotiated;
    return (
      <>
        <p>
          On a Linux machine with a checkout of Ringside, <code>npm run live</code> opens the same comparison in the
          browser with the native device on real memory, and <code>npm run compare -- --device blk</code> runs it
          against <code>qemu-storage-daemon</code>, which the tests start on a Unix socket in a temporary directory.
        </p>
        <p>
          In the recording, the daemon offered <N v={neg.offered.length} /> feature bits and the driver accepted{' '}
          <N v={neg.acked.length} />, among them {neg.acked.filter((f) => !/^bit\d+$/.test(f)).join(', ')}. It served a
          disk of <N v={neg.capacitySectors} /> sectors; at the end both sides stood at <code>avail.idx</code> ={' '}
          <N v={recorded.blk.ring.real.availIdx} />, <code>used.idx</code> = <N v={recorded.blk.ring.real.usedIdx} />.
        </p>
      </>
    );
  },
  check: {
    prompt: () => <p>qemu-storage-daemon offered INDIRECT_DESC. Did this driver accept it?</p>,
    choices: () => [
      { id: 'yes', label: 'yes' },
      { id: 'no', label: 'no' },
    ],
    answer: () => (recorded.blk.negotiated.acked.includes('INDIRECT_DESC') ? 'yes' : 'no'),
    why: () => (
      <>
        {recorded.blk.negotiated.acked.includes('INDIRECT_DESC') ? 'Yes' : 'No'}: a driver accepts only the features it
        asks for; this workload ran with indirect descriptors {recorded.blk.features.indirect ? 'on' : 'off'}. A device
        may offer more than a driver takes, never the reverse.
      </>
    ),
  },
  fullView: vqFullView(),
};

/** Ring fields a practice question can ask about, in the model's queue. */
function practiceField(run: VqRun): string {
  const l = run.sim.vq.layout;
  const qs = run.queueSize;
  const addrs = [
    l.avail,
    l.avail + 2,
    l.avail + 4 + 2 * (run.sim.config.seed % qs),
    l.avail + 4 + 2 * qs,
    l.used,
    l.used + 2,
    l.used + 4 + 8 * (run.sim.config.seed % qs),
    l.used + 8 + 8 * (run.sim.config.seed % qs),
    l.used + 4 + 8 * qs,
    l.desc + 16 * (run.sim.config.seed % qs) + 8,
  ];
  return describeAddress(l, addrs[(run.sim.config.seed * 7) % addrs.length]) ?? 'used.idx';
}

const practice: LessonStep<VqRun> = {
  id: 'practice',
  title: 'Practice: fixed by the spec, or left to timing?',
  seed: 3,
  practice: true,
  build,
  start: (r) => r.length,
  Stage: ringsAndSides,
  Narration: ({ run }: S) => (
    <p>
      A comparison finds the model and a device disagreeing in <code>{practiceField(run)}</code> at a quiet point, a
      queue of <N v={run.queueSize} />.
    </p>
  ),
  check: {
    prompt: () => <p>Is that a bug in one of them, or allowed?</p>,
    choices: () => [
      { id: 'bug', label: 'a bug: the spec fixes that field' },
      { id: 'allowed', label: 'allowed: it depends on timing' },
    ],
    answer: ({ run }: S) => (timingField(practiceField(run)) ? 'allowed' : 'bug'),
    why: ({ run }: S) =>
      timingField(practiceField(run)) ? (
        <>It is a notification-suppression field: each side writes what it wants at the moment it looks.</>
      ) : (
        <>
          Indices, ring entries and descriptors say what happened; once a batch is done, both sides must have written
          exactly the same.
        </>
      ),
  },
  fullView: vqFullView(),
};

export const steps = [what, allowed, notifications, live, practice];
