/**
 * Lesson: why a queue in shared memory. One request crossing from guest to host and back, the
 * writes each side makes and the notifications that wake the other; what a wake-up costs next
 * to ring work, measured in this browser; and how often a busy run would wake the other side if
 * nothing suppressed it — the motive for the rest of the course.
 */
import type { SimEvent } from '../../../model/vqsim/events';
import { LESSONS } from '../catalog';
import { lessonHref } from '../lesson-url';
import { CostMeter } from '../measure/CostMeter';
import type { LessonStep, StepState } from '../types';
import { VqRun } from '../vq/vq-run';
import { VqStage } from '../vq/VqStage';
import { vqFullView } from '../vq/full-view';
import { N } from '../words';
import { stage } from '../stage';

type S = StepState<VqRun>;

const steady = (seed: number) => new VqRun({ scenario: 'steady', seed });
const bursty = (seed: number) => new VqRun({ scenario: 'bursty', seed, features: { eventIdx: false } });

const isWake = (e: SimEvent) =>
  e.kind === 'kick' || (e.kind === 'flush' && (e.data as { interrupt?: boolean }).interrupt === true);

/** The first request's life: from before its arrival to just after its reclaim. */
function firstRequest(run: VqRun): [number, number] {
  return [0, run.after('reclaim') ?? run.length];
}

/** Bytes each side wrote into shared memory in events [from, to). */
function bytesWritten(run: VqRun, from: number, to: number, actor: string): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const e = run.log[i];
    if (e.actor !== actor) continue;
    for (const w of e.writes) n += typeof w[1] === 'string' ? w[1].length / 2 : w[1];
  }
  return n;
}

const crossing: LessonStep<VqRun> = {
  id: 'crossing',
  title: 'One request, there and back',
  seed: 1,
  build: steady,
  start: () => 0,
  range: firstRequest,
  Stage: stage(VqStage, { parts: ['sides', 'fds', 'avail', 'used'] }),
  Narration: ({ run, position }: S) => {
    const [, end] = firstRequest(run);
    return (
      <>
        <p>
          A guest's driver and the host's device never call each other. They share a few pages of the guest's memory and
          take turns writing there: the driver puts a request in, the device takes it, does the work, and puts the
          answer back. Play the run, or step through it with the arrow keys.
        </p>
        <p>
          Up to here the driver has written <N v={bytesWritten(run, 0, position, 'driver')} /> bytes of shared memory
          and the device <N v={bytesWritten(run, 0, position, 'device')} />, in <N v={position} /> of the <N v={end} />{' '}
          events this request takes.
        </p>
        <p>
          Writing memory is not enough: a side that is asleep has to be woken. Watch the two eventfds, <i>kick</i>{' '}
          (driver → device) and <i>call</i> (device → driver).
        </p>
      </>
    );
  },
  check: {
    prompt: () => <p>How many times will one side have to wake the other before this request is done?</p>,
    choices: () => [0, 1, 2, 3, 4].map((n) => ({ id: String(n), label: String(n) })),
    answer: ({ run }: S) => String(run.count(isWake, firstRequest(run)[1])),
    why: ({ run }: S) => {
      const end = firstRequest(run)[1];
      return (
        <>
          {run.count('kick', end)} kick (the device slept until the request was in the ring) and{' '}
          {run.count(isWake, end) - run.count('kick', end)} interrupt (the driver slept until the answer was).
        </>
      );
    },
    reveal: ({ run }: S) => firstRequest(run)[1],
  },
  fullView: vqFullView(),
};

const cost: LessonStep<VqRun> = {
  id: 'cost',
  title: 'Memory is cheap, waking is not',
  seed: 1,
  build: steady,
  start: (run) => run.after('kick') ?? 0,
  range: (run) => [run.before('kick') ?? 0, run.after('device-wake') ?? run.length],
  Stage: stage(VqStage, { parts: ['sides', 'fds'] }),
  Narration: () => (
    <>
      <p>
        A ring access is a load or a store to memory both sides already have mapped. A notification is a system call
        that wakes a thread the scheduler has put to sleep; in a virtual machine the guest's doorbell write also traps
        into the hypervisor, and an interrupt has to be injected back.
      </p>
      <CostMeter />
    </>
  ),
  fullView: vqFullView(),
};

function totals(run: VqRun) {
  return { requests: run.count('reclaim'), kicks: run.count('kick'), wakes: run.count(isWake) };
}

const busy: LessonStep<VqRun> = {
  id: 'busy',
  title: 'A busy queue, and the course ahead',
  seed: 1,
  build: bursty,
  start: (run) => run.length,
  Stage: stage(VqStage, { parts: ['sides', 'fds'] }),
  Narration: ({ run }: S) => {
    const t = totals(run);
    const next = LESSONS.filter((l) => l.part === 'virtqueue' && l.id !== 'why-a-queue');
    return (
      <>
        <p>
          This driver sends requests in bursts, <N v={t.requests} /> in all. One wake-up each way per request would be{' '}
          <N v={2 * t.requests} /> wake-ups.
        </p>
        <p>The rest of the course is how the ring carries requests, and how both sides avoid waking each other:</p>
        <ul className="lesson-list">
          {next.map((l) => (
            <li key={l.id}>
              <a href={lessonHref(l.id)}>{l.title}</a>: {l.summary}
            </li>
          ))}
        </ul>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        {totals(run).requests} requests went through. How many wake-ups (kicks and interrupts) did this run actually
        send?
      </p>
    ),
    choices: ({ run }: S) => {
      const t = totals(run);
      const opts = [2 * t.requests, t.requests, t.wakes, Math.round(t.wakes / 2), 3 * t.requests];
      return [...new Set(opts)].sort((a, b) => a - b).map((n) => ({ id: String(n), label: String(n) }));
    },
    answer: ({ run }: S) => String(totals(run).wakes),
    why: ({ run }: S) => {
      const t = totals(run);
      return (
        <>
          {t.wakes} wake-ups for {t.requests} requests: {t.kicks} kicks and {t.wakes - t.kicks} interrupts. A side that
          is already awake does not need waking, and the next lessons show how each side tells the other.
        </>
      );
    },
  },
  fullView: vqFullView(),
};

const practice: LessonStep<VqRun> = {
  id: 'practice',
  title: 'Practice: how much work is waiting?',
  seed: 3,
  practice: true,
  build: bursty,
  // A different moment on every seed: just before some pop, with work waiting.
  start: (run) => {
    const pops = run.count('pop');
    return run.before('pop', (run.sim.config.seed * 5) % Math.max(1, pops)) ?? 0;
  },
  Stage: stage(VqStage, { parts: ['sides', 'avail'] }),
  Narration: ({ run }: S) => {
    const p = run.pointers();
    return (
      <p>
        The driver has offered <code>avail.idx</code> = <N v={p.availIdx} /> chains so far; the device has taken{' '}
        <code>last_avail</code> = <N v={p.lastAvail} />.
      </p>
    );
  },
  check: {
    prompt: () => <p>How many requests are waiting in the ring for the device?</p>,
    choices: ({ run }: S) => {
      const w = (run.pointers().availIdx - run.pointers().lastAvail) & 0xffff;
      return [...new Set([0, 1, 2, 3, 4, w, w + 1])]
        .sort((a, b) => a - b)
        .map((n) => ({ id: String(n), label: String(n) }));
    },
    answer: ({ run }: S) => String((run.pointers().availIdx - run.pointers().lastAvail) & 0xffff),
    why: ({ run }: S) => {
      const p = run.pointers();
      return (
        <>
          avail.idx − last_avail = {p.availIdx} − {p.lastAvail} = {(p.availIdx - p.lastAvail) & 0xffff} (mod 65536).
        </>
      );
    },
  },
  fullView: vqFullView(),
};

export const steps = [crossing, cost, busy, practice];
