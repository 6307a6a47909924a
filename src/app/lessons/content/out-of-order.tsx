/**
 * Lesson: out-of-order completion. A device with requests of different lengths finishes them
 * in its own order; the used ring records that order, each entry naming its chain by head; the
 * driver finds its request from the head, and the free list is rebuilt in return order. Every
 * number is read from the run on screen.
 */
import type { SimEvent } from '../../../model/vqsim/events';
import type { LessonStep, StepState } from '../types';
import { VqRun } from '../vq/vq-run';
import { VqStage } from '../vq/VqStage';
import { vqFullView } from '../vq/full-view';
import { N } from '../words';
import { stage } from '../stage';

type S = StepState<VqRun>;

const ooo = (seed: number) => new VqRun({ scenario: 'out-of-order', seed });

const heads = (r: VqRun, kind: SimEvent['kind'], from: number, to: number) =>
  r.log
    .slice(Math.max(0, from), Math.min(to, r.length))
    .filter((e) => e.kind === kind)
    .map((e) => (e.data as { head: number }).head);

/** The first complete event whose head was not the oldest one in service: order broken. */
function firstOvertake(r: VqRun): number | null {
  const inService: number[] = [];
  for (let i = 0; i < r.length; i++) {
    const e = r.log[i];
    const h = (e.data as { head?: number }).head;
    if (e.kind === 'pop' && h !== undefined) inService.push(h);
    if (e.kind === 'complete' && h !== undefined) {
      if (inService[0] !== h && inService.length > 1) return i;
      inService.splice(inService.indexOf(h), 1);
    }
  }
  return null;
}

/** Heads the device has taken and not finished at `position`, oldest first. */
function inService(r: VqRun, position: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(position, r.length); i++) {
    const e = r.log[i];
    const h = (e.data as { head?: number }).head;
    if (h === undefined) continue;
    if (e.kind === 'pop') out.push(h);
    if (e.kind === 'complete') out.splice(out.indexOf(h), 1);
  }
  return out;
}

function nextOf(r: VqRun, kind: SimEvent['kind'], from: number): { i: number; e: SimEvent } | null {
  for (let i = Math.max(0, from); i < r.length; i++) if (r.log[i].kind === kind) return { i, e: r.log[i] };
  return null;
}

const order: LessonStep<VqRun> = {
  id: 'order',
  title: 'The device finishes in its own order',
  seed: 1,
  build: ooo,
  start: (r) => firstOvertake(r) ?? r.before('complete') ?? 0,
  range: (r) => [0, r.length],
  Stage: stage(VqStage, { parts: ['sides', 'avail', 'used'] }),
  Narration: ({ run: r, position }: S) => {
    const busy = inService(r, position);
    return (
      <>
        <p>
          This device works on several requests at once, and they take different times (reads of different sizes, a
          disk's seeks). It has taken <N v={busy.length} /> chains it has not finished yet, in this order: heads{' '}
          <N v={busy.join(', ')} />.
        </p>
        <p>
          A ring of finished requests that had to follow the order of the requests would make every short request wait
          for any longer one ahead of it. The used ring has no such rule.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run: r, position }: S) => (
      <p>The device is working on heads {inService(r, position).join(', ')}. Which one will it finish first?</p>
    ),
    choices: ({ run: r, position }: S) => inService(r, position).map((h) => ({ id: String(h), label: `head ${h}` })),
    answer: ({ run: r, position }: S) => String((nextOf(r, 'complete', position)!.e.data as { head: number }).head),
    why: ({ run: r, position }: S) => {
      const c = nextOf(r, 'complete', position)!.e.data as { head: number; len: number };
      const first = inService(r, position)[0];
      return (
        <>
          Head {c.head} ({c.len} bytes written) was done first
          {c.head === first ? ', which happens to be the oldest.' : `, although head ${first} started before it.`} Its
          entry goes in the next used slot whatever the order it arrived in.
        </>
      );
    },
    reveal: ({ run: r, position }: S) => {
      const n = nextOf(r, 'complete', position);
      return n ? n.i + 1 : null;
    },
  },
  fullView: vqFullView(),
};

const byHead: LessonStep<VqRun> = {
  id: 'by-head',
  title: 'Finding the request by its head',
  seed: 1,
  build: ooo,
  start: (r) => {
    const o = firstOvertake(r) ?? 0;
    return nextOf(r, 'reclaim', o)?.i ?? r.before('reclaim') ?? 0;
  },
  range: (r) => [0, r.length],
  Stage: ({ run: r, position }: S) => {
    const n = nextOf(r, 'reclaim', position);
    const slot = n ? (n.e.data as { usedSlot: number }).usedSlot : 0;
    return <VqStage run={r} position={position} parts={['used', 'table']} highlight={{ t: 'used', slot }} />;
  },
  Narration: ({ run: r }: S) => {
    const p = r.pointers();
    const slot = p.lastUsed % r.queueSize;
    const id = r.sim.vq.mem.readU32(r.sim.vq.layout.used + 4 + 8 * slot);
    const len = r.sim.vq.mem.readU32(r.sim.vq.layout.used + 8 + 8 * slot);
    return (
      <>
        <p>
          Each used entry is two numbers: <code>id</code>, the head of the chain, and <code>len</code>, the bytes the
          device wrote. The next one the driver reads, <code>used.ring[{slot}]</code>, says <code>id</code> ={' '}
          <N v={id} />, <code>len</code> = <N v={len} />.
        </p>
        <p>
          The driver keeps, for each head it has made available, which request it belongs to (Linux's{' '}
          <code>desc_state[head].data</code>). The head is the only link back; that is why a device must return the
          exact head it was given.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run: r }: S) => {
      const slot = r.pointers().lastUsed % r.queueSize;
      const id = r.sim.vq.mem.readU32(r.sim.vq.layout.used + 4 + 8 * slot);
      return <p>The used entry names head {id}. Which request does the driver complete?</p>;
    },
    choices: ({ run: r, position }: S) => {
      // The requests whose chains are out at this moment.
      const live = new Map<number, number>();
      for (let i = 0; i < position; i++) {
        const e = r.log[i];
        const d = e.data as { id?: number; head?: number };
        if (e.kind === 'add' && d.id !== undefined) live.set(d.id, d.head!);
        if (e.kind === 'reclaim' && d.id !== undefined) live.delete(d.id);
      }
      return [...live.keys()].sort((a, b) => a - b).map((id) => ({ id: String(id), label: `request #${id}` }));
    },
    answer: ({ run: r, position }: S) => String((nextOf(r, 'reclaim', position)!.e.data as { id: number }).id),
    why: ({ run: r, position }: S) => {
      const d = nextOf(r, 'reclaim', position)!.e.data as { id: number; head: number };
      return (
        <>
          Head {d.head} was handed out for request #{d.id}; the driver looks the head up and finds it.
        </>
      );
    },
    reveal: ({ run: r, position }: S) => {
      const n = nextOf(r, 'reclaim', position);
      return n ? n.i + 1 : null;
    },
  },
  fullView: vqFullView(),
};

const freeList: LessonStep<VqRun> = {
  id: 'free-list',
  title: 'The free list, in return order',
  seed: 1,
  build: ooo,
  start: (r) => {
    // Just before an add that follows a reclaim: the new chain starts where the last one came back.
    for (let i = 1; i < r.length; i++) {
      if (r.log[i].kind !== 'add') continue;
      const before = r.log
        .slice(0, i)
        .reverse()
        .find((e) => e.kind === 'reclaim' || e.kind === 'add');
      if (before?.kind === 'reclaim' && (firstOvertake(r) ?? 0) < i && r.count('reclaim', i) >= 3) return i;
    }
    return r.before('add', 1) ?? 0;
  },
  range: (r) => [0, r.length],
  Stage: stage(VqStage, { parts: ['table'], highlight: { t: 'ptr', name: 'free_head' } }),
  Narration: ({ run: r, position }: S) => {
    const back = heads(r, 'reclaim', 0, position).slice(-3);
    const d = r.sim.vq.driver.s;
    return (
      <>
        <p>
          The last chains to come back had heads <N v={back.join(', ')} />, in that order. Each returned chain is pushed
          on the front of the free list, so the list now starts with the last one back: <code>free_head</code> ={' '}
          <N v={d.freeHead} />, <N v={d.numFree} /> free.
        </p>
        <p>
          After a while of out-of-order returns the free list is shuffled, and chains are made of descriptors scattered
          across the table. That is fine: a chain is held together by its <code>next</code> fields, not by being
          contiguous.
        </p>
      </>
    );
  },
  check: {
    prompt: () => <p>The driver adds the next request. At which descriptor will its chain start?</p>,
    choices: ({ run: r, position }: S) => {
      const d = r.sim.vq.driver.s;
      const opts = [
        d.freeHead,
        ...heads(r, 'reclaim', 0, position).slice(-3),
        ...heads(r, 'add', 0, position).slice(-2),
      ];
      return [...new Set(opts)].sort((a, b) => a - b).map((h) => ({ id: String(h), label: `#${h}` }));
    },
    answer: ({ run: r, position }: S) => String((nextOf(r, 'add', position)!.e.data as { head: number }).head),
    why: ({ run: r }: S) => (
      <>
        At <code>free_head</code>, {r.sim.vq.driver.s.freeHead}: the head of the chain returned last.
      </>
    ),
    reveal: ({ run: r, position }: S) => {
      const n = nextOf(r, 'add', position);
      return n ? n.i + 1 : null;
    },
  },
  fullView: vqFullView(),
};

const practice: LessonStep<VqRun> = {
  id: 'practice',
  title: 'Practice: which finishes first?',
  seed: 9,
  practice: true,
  build: ooo,
  // Just before some completion with at least two chains in service, different on every seed.
  start: (r) => {
    const candidates: number[] = [];
    for (let i = 0; i < r.length; i++)
      if (r.log[i].kind === 'complete' && inService(r, i).length >= 2) candidates.push(i);
    return candidates.length ? candidates[(r.sim.config.seed * 11) % candidates.length] : (r.before('complete') ?? 0);
  },
  range: (r) => [0, r.length],
  Stage: stage(VqStage, { parts: ['sides', 'avail', 'used'] }),
  Narration: ({ run: r, position }: S) => {
    const busy = inService(r, position);
    const len = (h: number) => {
      for (let i = position - 1; i >= 0; i--) {
        const e = r.log[i];
        if (e.kind === 'pop' && (e.data as { head: number }).head === h) return e.text;
      }
      return '';
    };
    return (
      <>
        <p>
          The device is working on <N v={busy.length} /> chains. What it took, oldest first:
        </p>
        <ul className="lesson-list">
          {busy.map((h) => (
            <li key={h}>{len(h)}</li>
          ))}
        </ul>
      </>
    );
  },
  check: order.check,
  fullView: vqFullView(),
};

export const steps = [order, byHead, freeList, practice];
