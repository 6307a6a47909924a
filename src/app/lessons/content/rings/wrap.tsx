/**
 * Rings, step 5 and the practice: the indices across the wrap at 65536.
 */
import type { SimEvent } from '../../../../model/vqsim/events';
import type { LessonStep } from '../../types';
import type { VqRun } from '../../vq/vq-run';
import { VqStage } from '../../vq/VqStage';
import { vqFullView } from '../../vq/full-view';
import { N } from '../../words';
import { stage } from '../../stage';
import { type AddData, data, type S, wrap } from './shared';

/** The first add after which avail.idx has wrapped to a small number. */
function wrapAdd(run: VqRun): number {
  return run.after((e: SimEvent) => e.kind === 'add' && (e.data as unknown as AddData).availIdx.to === 0) ?? run.length;
}

export const wrapStep: LessonStep<VqRun> = {
  id: 'wrap',
  title: 'Across 65535',
  seed: 1,
  build: wrap,
  start: (run) => wrapAdd(run) - 1,
  Stage: stage(VqStage, { parts: ['sides', 'avail', 'used'], highlight: { t: 'ptr', name: 'avail.idx' } }),
  Narration: ({ run }: S) => {
    const p = run.pointers();
    const qs = run.queueSize;
    return (
      <>
        <p>
          This queue started its indices at <N v={run.baseIndex} />, as a queue does after a VM has been migrated.{' '}
          <code>avail.idx</code> = <N v={p.availIdx} />, <code>used.idx</code> = <N v={p.usedIdx} />; the queue has{' '}
          <N v={qs} /> slots.
        </p>
        <p>
          65536 is a multiple of every queue size (all are powers of two), so{' '}
          <code>
            idx mod <N v={qs} />
          </code>{' '}
          walks the slots in order straight across the wrap: nothing special happens at 65535.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        <code>avail.idx</code> = {run.pointers().availIdx}. After the next add, what is <code>avail.idx</code>, and
        which slot did the head go to?
      </p>
    ),
    choices: ({ run }: S) => {
      const now = run.pointers().availIdx;
      const qs = run.queueSize;
      const next = (now + 1) & 0xffff;
      const opts = [`${next}:${now % qs}`, `${now + 1}:${now % qs}`, `${next}:0`, `${next}:${(now + 1) % qs}`];
      return [...new Set(opts)].map((o) => {
        const [i, s] = o.split(':');
        return { id: o, label: `avail.idx ${i}, slot ${s}` };
      });
    },
    answer: ({ run }: S) => {
      const a = data<AddData>(run, run.after('add', 0, run.sim.position));
      return `${a.availIdx.to}:${a.slot}`;
    },
    why: ({ run }: S) => {
      const a = data<AddData>(run, run.after('add', 0, run.sim.position));
      return (
        <>
          ({a.availIdx.from} + 1) mod 65536 = {a.availIdx.to}; the head went to slot {a.availIdx.from} mod{' '}
          {run.queueSize} = {a.slot}, the slot after the one before it.
        </>
      );
    },
    reveal: ({ run }: S) => run.after('add', 0, run.sim.position),
  },
  fullView: vqFullView(),
};

export const practice: LessonStep<VqRun> = {
  id: 'practice',
  title: 'Practice: slots across the wrap',
  seed: 11,
  practice: true,
  build: wrap,
  // A different add on every seed: reader practice, not memory.
  start: (run) => {
    const adds = run.count('add');
    return run.before('add', (run.sim.config.seed * 7) % Math.max(1, adds - 1)) ?? 0;
  },
  Stage: stage(VqStage, { parts: ['sides', 'avail', 'used'], highlight: { t: 'ptr', name: 'avail.idx' } }),
  Narration: ({ run }: S) => {
    const p = run.pointers();
    return (
      <p>
        A queue of <N v={run.queueSize} /> slots, indices near the wrap: <code>avail.idx</code> = <N v={p.availIdx} />,{' '}
        <code>used.idx</code> = <N v={p.usedIdx} />.
      </p>
    );
  },
  check: {
    prompt: () => <p>The driver adds its next chain. Which slot of the available ring does the head go to?</p>,
    choices: ({ run }: S) => Array.from({ length: run.queueSize }, (_, i) => ({ id: String(i), label: `slot ${i}` })),
    answer: ({ run }: S) => String(data<AddData>(run, run.after('add', 0, run.sim.position)).slot),
    why: ({ run }: S) => {
      const a = data<AddData>(run, run.after('add', 0, run.sim.position));
      return (
        <>
          avail.idx {a.availIdx.from} mod {run.queueSize} = {a.slot}.
        </>
      );
    },
    reveal: ({ run }: S) => run.after('add', 0, run.sim.position),
  },
  fullView: vqFullView(),
};
