/**
 * Lesson: reading a real trace. The bundled QEMU 7.2 trace of Linux 6.1's virtio-blk driver,
 * line by line: what a line says, one request's life in it, how it maps onto the model's kicks,
 * pops, flushes and interrupts, and what such a log cannot tell. Every figure comes from the
 * replay's own importer run over the log.
 */
import sample from '../../../../public/samples/qemu-7.2-linux-6.1-virtio-blk-1q.log?raw';
import type { LessonStep, StepState } from '../types';
import { TraceStage } from '../trace/TraceStage';
import { type ImportedLog, importLog, SAMPLE_PATH, TraceRun } from '../trace/trace-run';
import { N } from '../words';
import { stage } from '../stage';

type S = StepState<TraceRun>;

/** One import per page (the log does not change); each step gets its own position over it. */
let imported: ImportedLog | null = null;
const build = (seed: number) => {
  imported ??= importLog(sample);
  return new TraceRun(imported, seed);
};

const fullView = () => ({
  href: `/replay?trace=${encodeURIComponent(SAMPLE_PATH)}`,
  label: 'Open this trace in the replay view',
});

const lines: LessonStep<TraceRun> = {
  id: 'lines',
  title: 'What a line says',
  seed: 1,
  build,
  start: (r) => r.request(0).popLine,
  range: (r) => [1, r.request(0).popLine + 4],
  Stage: stage(TraceStage),
  Narration: ({ run }: S) => {
    const t = run.trace;
    const names = Object.keys(t.eventCounts).length;
    const threads = new Set(t.requests.map((q) => q.thread)).size;
    return (
      <>
        <p>
          This is QEMU 7.2 serving a Linux 6.1 guest's virtio-blk disk, with tracing on for its virtio events. The log
          has <N v={t.lines} /> lines of <N v={names} /> kinds. Each line is one event:{' '}
          <code>thread@seconds.microseconds:event arguments</code>.
        </p>
        <p>
          The arguments are mostly pointers: <code>vdev</code> the device, <code>vq</code> the queue, <code>elem</code>{' '}
          the request's element while QEMU holds it. Requests were popped by <N v={threads} /> thread
          {threads === 1 ? '' : 's'}.
        </p>
      </>
    );
  },
  check: {
    prompt: () => <p>Which event is the device taking a request off the available ring?</p>,
    choices: () =>
      ['virtio_queue_notify', 'virtqueue_pop', 'virtqueue_fill', 'virtio_notify_irqfd'].map((n) => ({
        id: n,
        label: n,
      })),
    answer: ({ run }: S) => run.eventName(run.request(0).popLine) ?? '',
    why: ({ run }: S) => (
      <>
        The importer starts a request at <code>{run.eventName(run.request(0).popLine)}</code> (line{' '}
        {run.request(0).popLine} for the first): QEMU's <code>virtqueue_pop</code> reads the next head from the
        available ring and walks its chain. <code>virtio_queue_notify</code> is a kick arriving,{' '}
        <code>virtqueue_fill</code> writes a used entry, <code>virtio_notify_irqfd</code> is an interrupt.
      </>
    ),
  },
  fullView,
};

/** The first request with a kick, a flush and an interrupt of its own. */
function full(run: TraceRun): number {
  const i = run.trace.requests.findIndex(
    (q) => q.kickId !== undefined && q.flushId !== undefined && q.interruptId !== undefined,
  );
  return Math.max(0, i);
}

const oneRequest: LessonStep<TraceRun> = {
  id: 'one-request',
  title: 'One request, from kick to interrupt',
  seed: 1,
  build,
  start: (r) => r.linesOf(r.request(full(r))).kick ?? r.request(full(r)).popLine,
  range: (r) => {
    const l = r.linesOf(r.request(full(r)));
    return [Math.max(1, (l.kick ?? l.pop) - 1), (l.interrupt ?? l.flush ?? l.pop) + 1];
  },
  Stage: ({ run, position }: S) => {
    const l = run.linesOf(run.request(full(run)));
    return (
      <TraceStage
        run={run}
        position={position}
        mark={[l.kick, l.pop, l.flush, l.interrupt].filter((x): x is number => x !== null)}
      />
    );
  },
  Narration: ({ run }: S) => {
    const q = run.request(full(run));
    const l = run.linesOf(q);
    return (
      <>
        <p>
          Request <N v={full(run)} />, the first whose whole life is in the log: the guest's kick reached QEMU on line{' '}
          <N v={l.kick ?? 0} />; the device popped a chain of <N v={q.outNum} /> readable and <N v={q.inNum} /> writable
          buffers on line <N v={l.pop} /> — a {q.blk?.op ?? 'block'} of <N v={q.blk?.nsectors ?? 0} /> sector
          {q.blk?.nsectors === 1 ? '' : 's'} at sector <N v={q.blk?.sector ?? 0} />.
        </p>
        <p>
          It published the used entry in a flush on line <N v={l.flush ?? 0} /> and signalled the guest on line{' '}
          <N v={l.interrupt ?? 0} />, <N v={Math.round((q.interruptTime ?? 0) - (q.kickTime ?? 0))} /> µs after the
          kick.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => {
      const q = run.request(full(run));
      return (
        <p>
          A {q.blk?.op} of {q.blk?.nsectors} sector{q.blk?.nsectors === 1 ? '' : 's'} of 512 bytes. How many bytes does
          the device report writing into the request's buffers (the used entry's <code>len</code>)?
        </p>
      );
    },
    choices: ({ run }: S) => lenChoices(run, full(run)),
    answer: ({ run }: S) => String(run.request(full(run)).usedLen ?? 0),
    why: ({ run }: S) => lenWhy(run, full(run)),
  },
  fullView,
};

function lenChoices(run: TraceRun, i: number) {
  const q = run.request(i);
  const data = (q.blk?.nsectors ?? 0) * 512;
  return [...new Set([1, data, data + 1, q.usedLen ?? 0])]
    .sort((a, b) => a - b)
    .map((n) => ({ id: String(n), label: `${n} bytes` }));
}

function lenWhy(run: TraceRun, i: number) {
  const q = run.request(i);
  const data = (q.blk?.nsectors ?? 0) * 512;
  return q.blk?.op === 'read' ? (
    <>
      {q.usedLen}: the {data} bytes read into the data buffer, plus the one status byte at the end of the chain.
    </>
  ) : (
    <>
      {q.usedLen}: a {q.blk?.op ?? 'request'} sends its data to the device, so the only byte the device writes back is
      the status byte.
    </>
  );
}

const mapping: LessonStep<TraceRun> = {
  id: 'mapping',
  title: 'Onto the model: kicks, pops, flushes, interrupts',
  seed: 1,
  build,
  start: (r) => r.length,
  range: (r) => [0, r.length],
  Stage: stage(TraceStage),
  Narration: ({ run }: S) => {
    const q = run.trace.queues[0];
    return (
      <>
        <p>
          Over the whole log, queue <code>{q.label}</code>: <N v={q.requests} /> requests, <N v={q.kicks} /> kicks
          handled, <N v={q.flushes} /> flushes, <N v={q.interrupts} /> interrupts, at most <N v={q.maxInFlight} /> in
          flight at once.
        </p>
        <p>
          These are the model's events seen from the device's side: <code>virtio_queue_notify</code> is a kick the
          model's device wakes on, <code>virtqueue_pop</code> its pop, <code>virtqueue_fill</code> and{' '}
          <code>virtqueue_flush</code> its fill and publish of <code>used.idx</code>, <code>virtio_notify_irqfd</code>{' '}
          the interrupt it decided to send. <N v={q.emptyKicks} /> kicks popped nothing; <N v={q.kicklessRequests} />{' '}
          requests were picked up with no kick of their own.
        </p>
      </>
    );
  },
  check: {
    prompt: () => <p>How many requests were completed per interrupt, on average, in this log?</p>,
    choices: ({ run }: S) => {
      const q = run.trace.queues[0];
      const right = (q.completed / Math.max(1, q.interrupts)).toFixed(2);
      return [...new Set(['0.50', right, '2.00', '4.00'])].sort().map((v) => ({ id: v, label: `about ${v}` }));
    },
    answer: ({ run }: S) => {
      const q = run.trace.queues[0];
      return (q.completed / Math.max(1, q.interrupts)).toFixed(2);
    },
    why: ({ run }: S) => {
      const q = run.trace.queues[0];
      return (
        <>
          {q.completed} completed over {q.interrupts} interrupts. At queue depth 1, as here, nearly every completion is
          signalled on its own; suppression only saves interrupts when several requests finish close together.
        </>
      );
    },
  },
  fullView,
};

const cannot: LessonStep<TraceRun> = {
  id: 'cannot-tell',
  title: 'What the log cannot tell',
  seed: 1,
  build,
  start: (r) => r.request(0).popLine,
  range: (r) => [0, r.length],
  Stage: stage(TraceStage),
  Narration: ({ run }: S) => (
    <>
      <p>
        A trace of events is not a picture of the ring. The importer says so with each import; these{' '}
        <N v={run.trace.limitations.length} /> points apply to this log:
      </p>
      <ul className="lesson-list">
        {run.trace.limitations.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      <p>
        The model fills exactly those gaps: slots and indices, suppressed notifications, guest-side time. A Ringside
        trace of the model or of the native bridge records them.
      </p>
    </>
  ),
  check: {
    prompt: () => <p>Can you find in this log which slot of the available ring the first request's head was in?</p>,
    choices: () => [
      { id: 'yes', label: 'yes, from virtqueue_pop' },
      { id: 'fill', label: 'yes, from virtqueue_fill idx' },
      { id: 'no', label: 'no, the log does not record it' },
    ],
    // The importer's request record has no ring index: it has nothing to reconstruct one from.
    answer: ({ run }: S) => ('availSlot' in run.request(0) ? 'yes' : 'no'),
    why: ({ run }: S) => (
      <>
        No. <code>virtqueue_pop</code> names the element, not the head or the slot, and the <code>idx</code> of{' '}
        <code>virtqueue_fill</code> is the entry's place in its flush batch ({run.request(0).fillIdx} for the first
        request), not a ring index.
      </>
    ),
  },
  fullView,
};

const practice: LessonStep<TraceRun> = {
  id: 'practice',
  title: 'Practice: bytes written back',
  seed: 3,
  practice: true,
  build,
  start: (r) => r.request(r.trace.requests.length > 0 ? seedRequest(r) : 0).popLine,
  range: (r) => [0, r.length],
  Stage: stage(TraceStage),
  Narration: ({ run }: S) => {
    const i = seedRequest(run);
    const q = run.request(i);
    return (
      <p>
        Request <N v={i} /> of the log, popped on line <N v={q.popLine} />: a {q.blk?.op ?? 'request'} of{' '}
        <N v={q.blk?.nsectors ?? 0} /> sector{q.blk?.nsectors === 1 ? '' : 's'}.
      </p>
    );
  },
  check: {
    prompt: () => (
      <p>
        What is its used entry's <code>len</code>?
      </p>
    ),
    choices: ({ run }: S) => lenChoices(run, seedRequest(run)),
    answer: ({ run }: S) => String(run.request(seedRequest(run)).usedLen ?? 0),
    why: ({ run }: S) => lenWhy(run, seedRequest(run)),
  },
  fullView,
};

/** The practice request: the URL's seed picks one of the log's requests. */
function seedRequest(run: TraceRun): number {
  return (run.seed * 17) % Math.max(1, run.trace.requests.length);
}

export const steps = [lines, oneRequest, mapping, cannot, practice];
