/**
 * Lesson: indirect descriptors. A scatter-gather list of many buffers in one slot of the queue
 * (a descriptor with INDIRECT pointing at a table elsewhere in guest memory), what that table
 * holds, and the same workload without the feature, where requests wait for descriptors. Every
 * number is read from the run on screen.
 */
import { readDescriptor } from '../../../model/virtio/chain';
import { descFlagNames, VRING_DESC_F_WRITE } from '../../../model/virtio/constants';
import type { SimEvent } from '../../../model/vqsim/events';
import type { LessonStep, StepState } from '../types';
import { VqRun } from '../vq/vq-run';
import { VqStage } from '../vq/VqStage';
import { vqFullView } from '../vq/full-view';
import { Hex, N } from '../words';
import { stage } from '../stage';
import { featureKnob } from '../knobs';

type S = StepState<VqRun>;

interface AddData {
  id: number;
  head: number;
  descriptors: number[];
  indirect: { addr: number; count: number } | null;
  out: number;
  in: number;
}

const run = (indirect: boolean) => (seed: number) => new VqRun({ scenario: 'indirect', seed, features: { indirect } });

/** The n-th add from event index `from` on: where it is and what it added. */
function nextAdd(r: VqRun, from: number): { i: number; d: AddData } | null {
  for (let i = Math.max(0, from); i < r.length; i++) {
    if (r.log[i].kind === 'add') return { i, d: r.log[i].data as unknown as AddData };
  }
  return null;
}

/** The entries of an indirect table, read from guest memory. */
function tableEntries(r: VqRun, addr: number, count: number) {
  return Array.from({ length: count }, (_, k) => readDescriptor(r.sim.vq.mem, addr, k));
}

const flagWords = (f: number) => descFlagNames(f).join(' | ') || 'none';

const oneSlot: LessonStep<VqRun> = {
  id: 'one-slot',
  title: 'Many buffers, one descriptor',
  seed: 1,
  build: run(true),
  start: (r) => r.before('add') ?? 0,
  range: (r) => [0, r.after('pop') ?? r.length],
  Stage: ({ run: r, position }: S) => {
    const a = nextAdd(r, 0);
    return (
      <VqStage
        run={r}
        position={position}
        parts={['avail', 'table']}
        highlight={a ? { t: 'desc', i: a.d.head } : null}
      />
    );
  },
  Narration: ({ run: r }: S) => {
    const a = nextAdd(r, 0)!.d;
    return (
      <>
        <p>
          These requests are scatter-gather lists: the first has <N v={a.out + a.in} /> buffers (
          <N v={a.out} /> for the device to read, <N v={a.in} /> to write). As a plain chain it would take that many
          descriptors of a queue that has only <N v={r.queueSize} />.
        </p>
        <p>
          With <code>VIRTIO_RING_F_INDIRECT_DESC</code> negotiated, the driver can write the chain into a separate table
          of descriptors anywhere in guest memory, and put in the queue a single descriptor that points at it, flagged{' '}
          <code>INDIRECT</code>.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run: r }: S) => {
      const a = nextAdd(r, r.sim.position)!.d;
      return <p>How many descriptors of the queue will this request of {a.out + a.in} buffers take?</p>;
    },
    choices: ({ run: r }: S) => {
      const a = nextAdd(r, r.sim.position)!.d;
      const n = a.out + a.in;
      return [...new Set([1, 2, n, n + 1])].map((x) => ({ id: String(x), label: String(x) }));
    },
    answer: ({ run: r }: S) => String(nextAdd(r, r.sim.position)!.d.descriptors.length),
    why: ({ run: r }: S) => {
      const a = nextAdd(r, r.sim.position)!.d;
      return (
        <>
          One: descriptor {a.head}, flagged INDIRECT, pointing at a table of {a.indirect?.count} entries at 0x
          {a.indirect?.addr.toString(16)}.
        </>
      );
    },
    reveal: ({ run: r }: S) => {
      const a = nextAdd(r, r.sim.position);
      return a ? a.i + 1 : null;
    },
  },
  fullView: vqFullView(),
};

const table: LessonStep<VqRun> = {
  id: 'table',
  title: 'What the table holds',
  seed: 1,
  build: run(true),
  start: (r) => r.after('add') ?? 0,
  range: (r) => [r.after('add') ?? 0, r.after('pop') ?? r.length],
  Stage: ({ run: r, position }: S) => {
    const a = nextAdd(r, 0);
    return (
      <VqStage
        run={r}
        position={position}
        parts={['table']}
        highlight={a ? { t: 'ind', head: a.d.head, k: 0 } : null}
      />
    );
  },
  Narration: ({ run: r }: S) => {
    const a = nextAdd(r, 0)!.d;
    const ind = a.indirect!;
    const head = readDescriptor(r.sim.vq.mem, r.sim.vq.layout.desc, a.head);
    const entries = tableEntries(r, ind.addr, ind.count);
    return (
      <>
        <p>
          Descriptor <N v={a.head} /> in the queue says: a table at <Hex v={head.addr} />, <N v={head.len} /> bytes
          long, flags {flagWords(head.flags)}. At 16 bytes an entry, that is <N v={head.len / 16} /> entries. The table
          is an ordinary chain: entries linked by <code>next</code>, readable ones before writable ones.
        </p>
        <ul className="lesson-list">
          {entries.map((d, k) => (
            <li key={k}>
              <b>entry {k}</b>: {d.len} bytes, flags {flagWords(d.flags)}
              {d.flags & 1 ? `, next ${d.next}` : ''}
            </li>
          ))}
        </ul>
      </>
    );
  },
  check: {
    prompt: () => <p>How many entries of this table may the device write into?</p>,
    choices: ({ run: r }: S) => {
      const ind = nextAdd(r, 0)!.d.indirect!;
      return Array.from({ length: ind.count + 1 }, (_, n) => ({ id: String(n), label: String(n) }));
    },
    answer: ({ run: r }: S) => {
      const ind = nextAdd(r, 0)!.d.indirect!;
      return String(tableEntries(r, ind.addr, ind.count).filter((d) => d.flags & VRING_DESC_F_WRITE).length);
    },
    why: ({ run: r }: S) => {
      const a = nextAdd(r, 0)!.d;
      return (
        <>
          The entries flagged WRITE: the request's {a.in} device-writable buffers. The {a.out} before them are for the
          device to read.
        </>
      );
    },
  },
  fullView: vqFullView(),
};

const isWait = (e: SimEvent) => e.kind === 'add-wait';

const without: LessonStep<VqRun> = {
  id: 'without',
  title: 'Without it, the ring runs out',
  seed: 1,
  knob: featureKnob(
    'indirect',
    'INDIRECT_DESC',
    'Negotiate VIRTIO_RING_F_INDIRECT_DESC: long scatter-gather lists go into tables outside the queue',
  ),
  build: (seed, knob) => run(knob === 'on')(seed),
  start: (r) => r.before((e) => e.kind === 'add' || e.kind === 'add-wait', 1) ?? 0,
  range: (r) => [0, r.length],
  Stage: stage(VqStage, { parts: ['sides', 'table'] }),
  Narration: ({ run: r, knob, position }: S) => {
    const d = r.sim.vq.driver.s;
    return (
      <>
        <p>
          The same requests with <code>INDIRECT_DESC</code> {knob}. Right now <N v={d.numFree} /> of the queue's{' '}
          <N v={r.queueSize} /> descriptors are free.
        </p>
        <p>
          Over the whole run, requests had to wait for descriptors <N v={r.count(isWait)} /> times; up to this point,{' '}
          <N v={r.count(isWait, position)} />.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run: r }: S) => (
      <p>
        The driver has the next request ready and {r.sim.vq.driver.s.numFree} free descriptors. Will it add the request
        now, or make it wait?
      </p>
    ),
    choices: () => [
      { id: 'add', label: 'add it now' },
      { id: 'wait', label: 'it waits' },
    ],
    answer: ({ run: r }: S) => {
      for (let i = r.sim.position; i < r.length; i++) {
        const k = r.log[i].kind;
        if (k === 'add') return 'add';
        if (k === 'add-wait') return 'wait';
      }
      return 'add';
    },
    why: ({ run: r }: S) => {
      for (let i = r.sim.position; i < r.length; i++) {
        const e = r.log[i];
        if (e.kind === 'add' || e.kind === 'add-wait') return <>{e.text}</>;
      }
      return null;
    },
    reveal: ({ run: r }: S) => {
      for (let i = r.sim.position; i < r.length; i++) if (r.log[i].kind === 'add' || isWait(r.log[i])) return i + 1;
      return null;
    },
  },
  fullView: vqFullView(),
};

const practice: LessonStep<VqRun> = {
  id: 'practice',
  title: 'Practice: the length of the ring descriptor',
  seed: 4,
  practice: true,
  build: run(true),
  start: (r) => r.before('add', (r.sim.config.seed * 3) % Math.max(1, r.count('add'))) ?? 0,
  range: (r) => [0, r.length],
  Stage: stage(VqStage, { parts: ['avail', 'table'] }),
  Narration: ({ run: r }: S) => {
    const a = nextAdd(r, r.sim.position)?.d;
    if (!a) return <p>The driver adds no more requests after this point of the run; step back to see one coming.</p>;
    return (
      <p>
        The next request has <N v={a.out} /> buffers for the device to read and <N v={a.in} /> to write, and the driver
        will put it in an indirect table.
      </p>
    );
  },
  check: {
    prompt: () => (
      <p>
        What will <code>len</code> be in the queue's descriptor for it?
      </p>
    ),
    choices: ({ run: r }: S) => {
      const a = nextAdd(r, r.sim.position)!.d;
      const n = a.out + a.in;
      return [...new Set([n, 16, 16 * n, 16 * (n + 1)])].map((x) => ({ id: String(x), label: `${x} bytes` }));
    },
    answer: ({ run: r }: S) => {
      const a = nextAdd(r, r.sim.position)!;
      return String(r.peek(a.i + 1, (sim) => readDescriptor(sim.vq.mem, sim.vq.layout.desc, a.d.head).len));
    },
    why: ({ run: r }: S) => {
      const a = nextAdd(r, r.sim.position)!.d;
      return (
        <>
          The table's size in bytes: {a.out + a.in} entries × 16 = {16 * (a.out + a.in)}.
        </>
      );
    },
    reveal: ({ run: r }: S) => {
      const a = nextAdd(r, r.sim.position);
      return a ? a.i + 1 : null;
    },
  },
  fullView: vqFullView(),
};

export const steps = [oneSlot, table, without, practice];
