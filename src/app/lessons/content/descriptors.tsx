/**
 * Lesson: descriptors and chains. The descriptor table, the free list, one request as a chain
 * (readable before writable, NEXT and WRITE), and the chain's way back to the free list. Every
 * number is read from the run on screen.
 */
import { descFlagNames } from '../../../model/virtio/constants';
import { readDescriptor } from '../../../model/virtio/chain';
import { ring } from '../../../model/virtio/layout';
import type { LessonStep, StepState } from '../types';
import { Hex, N } from '../words';
import { VqRun } from '../vq/vq-run';
import { VqStage } from '../vq/VqStage';
import { vqFullView } from '../vq/full-view';
import { stage } from '../stage';

type S = StepState<VqRun>;

const steady = (seed: number) => new VqRun({ scenario: 'steady', seed });

/** The chain added by the n-th add event: head and descriptor indices. */
function nthAdd(run: VqRun, n: number): { head: number; descriptors: number[]; at: number } | null {
  const at = run.after('add', n);
  if (at === null) return null;
  const d = run.eventAt(at)!.data as { head: number; descriptors: number[] };
  return { head: d.head, descriptors: d.descriptors, at };
}

function flagWords(flags: number): string {
  const names = descFlagNames(flags);
  return names.length ? names.join(' | ') : 'none';
}

const table: LessonStep<VqRun> = {
  id: 'table',
  title: 'The descriptor table',
  seed: 1,
  build: steady,
  start: () => 0,
  range: (run) => [0, run.after('add') ?? 1],
  Stage: stage(VqStage, { parts: ['table'], highlight: { t: 'ptr', name: 'free_head' } }),
  Narration: ({ run }: S) => {
    const qs = run.queueSize;
    const l = run.sim.vq.layout;
    return (
      <>
        <p>
          The guest gives the device buffers by describing them in a table in shared memory. This queue has <N v={qs} />{' '}
          descriptors of 16 bytes each: the table takes <N v={qs * 16} /> bytes at guest address{' '}
          <Hex v={ring.descAddr(l, 0)} />.
        </p>
        <p>
          Each descriptor says where a buffer is (<code>addr</code>, 8 bytes), how long it is (<code>len</code>, 4), how
          the device may use it (<code>flags</code>, 2) and which descriptor follows it (<code>next</code>, 2). Only the
          driver writes this table; the device only reads it.
        </p>
        <p>
          Before any request, every descriptor is free. The driver keeps them on a free list threaded through the{' '}
          <code>next</code> fields, starting at <code>free_head</code> = <N v={run.sim.vq.driver.s.freeHead} />.
        </p>
      </>
    );
  },
  check: {
    prompt: () => (
      <p>
        A block request has a 16-byte header for the device to read, a data buffer for it to fill and a status byte for
        it to write. How many descriptors will the driver take for it?
      </p>
    ),
    choices: () => [1, 2, 3, 4].map((n) => ({ id: String(n), label: String(n) })),
    answer: ({ run }: S) => String(nthAdd(run, 0)?.descriptors.length ?? 0),
    why: ({ run }: S) => {
      const c = nthAdd(run, 0)!;
      return (
        <>
          One descriptor per buffer, without indirect tables: the first request took {c.descriptors.length},{' '}
          {c.descriptors.join(' → ')}.
        </>
      );
    },
    reveal: ({ run }: S) => run.after('add'),
  },
  fullView: vqFullView(),
};

const chain: LessonStep<VqRun> = {
  id: 'chain',
  title: 'One request, one chain',
  seed: 1,
  build: steady,
  start: (run) => run.after('add') ?? 0,
  range: (run) => [run.before('add') ?? 0, run.after('pop') ?? run.length],
  Stage: ({ run, position }: S) => {
    const c = nthAdd(run, 0);
    return (
      <VqStage
        run={run}
        position={position}
        parts={['table', 'avail']}
        highlight={c ? { t: 'desc', i: c.head } : null}
      />
    );
  },
  Narration: ({ run }: S) => {
    const c = nthAdd(run, 0)!;
    const mem = run.sim.vq.mem;
    const l = run.sim.vq.layout;
    const rows = c.descriptors.map((i) => ({ i, d: readDescriptor(mem, l.desc, i) }));
    return (
      <>
        <p>
          The first request became chain {c.descriptors.join(' → ')}: head <N v={c.head} />. Its descriptors, as the
          table holds them now:
        </p>
        <ul className="lesson-list">
          {rows.map(({ i, d }) => (
            <li key={i}>
              <b>#{i}</b>: {d.len} bytes at <Hex v={d.addr} />, flags {flagWords(d.flags)}
              {d.flags & 1 ? `, next ${d.next}` : ''}
            </li>
          ))}
        </ul>
        <p>
          <code>NEXT</code> means “the chain goes on at <code>next</code>”; the last descriptor has no NEXT.{' '}
          <code>WRITE</code> marks a buffer the device writes into. The spec puts every readable buffer before every
          writable one, so a device can walk the chain once: first what to read, then where to answer.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        Which descriptor of chain {nthAdd(run, 0)!.descriptors.join(' → ')} is the device allowed to read but not write?
      </p>
    ),
    choices: ({ run }: S) => nthAdd(run, 0)!.descriptors.map((i) => ({ id: String(i), label: `#${i}` })),
    answer: ({ run }: S) => {
      const c = nthAdd(run, 0)!;
      const ro = c.descriptors.filter(
        (i) => (readDescriptor(run.sim.vq.mem, run.sim.vq.layout.desc, i).flags & 2) === 0,
      );
      return String(ro[0]);
    },
    why: ({ run }: S) => {
      const c = nthAdd(run, 0)!;
      const w = c.descriptors.filter((i) => readDescriptor(run.sim.vq.mem, run.sim.vq.layout.desc, i).flags & 2);
      return (
        <>Only the header lacks WRITE; {w.map((i) => `#${i}`).join(' and ')} carry it, so the device may write them.</>
      );
    },
  },
  fullView: vqFullView(),
};

const freeList: LessonStep<VqRun> = {
  id: 'free-list',
  title: 'Taking from the free list',
  seed: 1,
  build: steady,
  start: (run) => run.after('add') ?? 0,
  range: (run) => [0, run.after('add', 1) ?? run.length],
  Stage: stage(VqStage, { parts: ['table'], highlight: { t: 'ptr', name: 'free_head' } }),
  Narration: ({ run }: S) => {
    const d = run.sim.vq.driver.s;
    const c = nthAdd(run, 0)!;
    return (
      <>
        <p>
          The driver took the chain from the front of the free list: it started at <code>free_head</code>, followed{' '}
          <code>next</code> for as many descriptors as it needed, and moved <code>free_head</code> past them.
        </p>
        <p>
          Now <N v={c.descriptors.length} /> descriptors are in the chain, <N v={d.numFree} /> are free, and{' '}
          <code>free_head</code> = <N v={d.freeHead} />.
        </p>
      </>
    );
  },
  check: {
    prompt: () => <p>The next request arrives. At which descriptor will its chain start?</p>,
    choices: ({ run }: S) =>
      Array.from({ length: run.queueSize }, (_, i) => ({ id: String(i), label: `#${i}` })).slice(0, 8),
    answer: ({ run }: S) => String(nthAdd(run, 1)?.head ?? -1),
    why: ({ run }: S) => {
      const c = nthAdd(run, 1)!;
      return (
        <>
          A new chain always starts at <code>free_head</code>: the second chain is {c.descriptors.join(' → ')}.
        </>
      );
    },
    reveal: ({ run }: S) => run.after('add', 1),
  },
  fullView: vqFullView(),
};

const back: LessonStep<VqRun> = {
  id: 'reclaim',
  title: 'Back to the free list',
  seed: 1,
  build: steady,
  start: (run) => run.before('reclaim') ?? 0,
  range: (run) => [run.before('reclaim') ?? 0, run.after('reclaim') ?? run.length],
  Stage: stage(VqStage, { parts: ['table', 'used'], highlight: { t: 'ptr', name: 'free_head' } }),
  Narration: ({ run }: S) => {
    const d = run.sim.vq.driver.s;
    return (
      <>
        <p>
          The device has answered: the chain's head is in the used ring. When the driver reclaims it, it puts the whole
          chain back on the free list.
        </p>
        <p>
          Right now <N v={d.numFree} /> descriptors are free and <code>free_head</code> = <N v={d.freeHead} />.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => {
      const at = run.after('reclaim')!;
      const head = (run.eventAt(at)!.data as { head: number }).head;
      return (
        <p>
          The driver reclaims chain {head}. Linux pushes a returned chain onto the <em>front</em> of the free list. What
          will <code>free_head</code> be afterwards?
        </p>
      );
    },
    choices: ({ run }: S) => {
      const at = run.after('reclaim')!;
      const head = (run.eventAt(at)!.data as { head: number }).head;
      const now = run.sim.vq.driver.s.freeHead;
      const ids = [...new Set([head, now, (head + 1) % run.queueSize, 0])];
      return ids.map((i) => ({ id: String(i), label: `#${i}` }));
    },
    answer: ({ run }: S) => String(run.peek(run.after('reclaim')!, (sim) => sim.vq.driver.s.freeHead)),
    why: ({ run }: S) => {
      const at = run.after('reclaim')!;
      const head = (run.eventAt(at)!.data as { head: number }).head;
      const after = run.peek(at, (sim) => sim.vq.driver.s);
      return (
        <>
          The returned chain's last descriptor now points at the old <code>free_head</code>, and <code>free_head</code>{' '}
          = {head}: {after.numFree} descriptors are free again.
        </>
      );
    },
    reveal: ({ run }: S) => run.after('reclaim'),
  },
  fullView: vqFullView(),
};

const practice: LessonStep<VqRun> = {
  id: 'practice',
  title: 'Practice: count the free descriptors',
  seed: 7,
  practice: true,
  build: (seed) => new VqRun({ scenario: 'bursty', seed, features: { eventIdx: false } }),
  start: (run) => run.before('add', 3) ?? 0,
  range: (run) => [0, run.after('add', 3) ?? run.length],
  Stage: stage(VqStage, { parts: ['table', 'avail'] }),
  Narration: ({ run }: S) => (
    <p>
      A bursty driver on a queue of <N v={run.queueSize} />. It has <N v={run.sim.vq.driver.s.numFree} /> free
      descriptors, and each request is a header, a data buffer and a status byte.
    </p>
  ),
  check: {
    prompt: () => <p>How many descriptors will be free after the driver adds the next request?</p>,
    choices: ({ run }: S) => {
      const f = run.sim.vq.driver.s.numFree;
      return [...new Set([f - 3, f - 1, f, f + 3].filter((x) => x >= 0))].map((n) => ({
        id: String(n),
        label: String(n),
      }));
    },
    answer: ({ run }: S) => String(run.peek(run.after('add', 3)!, (sim) => sim.vq.driver.s.numFree)),
    why: ({ run }: S) => {
      const before = run.sim.vq.driver.s.numFree;
      const after = run.peek(run.after('add', 3)!, (sim) => sim.vq.driver.s.numFree);
      return (
        <>
          {before} free, minus the {before - after} descriptors of the new chain, leaves {after}.
        </>
      );
    },
    reveal: ({ run }: S) => run.after('add', 3),
  },
};

export const steps = [table, chain, freeList, back, practice];
