/**
 * Rings, steps 1–4: the three areas, publishing a chain, the device's last_avail, and handing
 * back through used.idx and last_used.
 */
import { availRingSize, descTableSize, ring, usedRingSize } from '../../../../model/virtio/layout';
import type { Simulation } from '../../../../model/vqsim/engine';
import type { SimEvent } from '../../../../model/vqsim/events';
import type { LessonStep } from '../../types';
import { VqRun } from '../../vq/vq-run';
import { VqStage } from '../../vq/VqStage';
import { vqFullView } from '../../vq/full-view';
import { Hex, N } from '../../words';
import { stage } from '../../stage';
import { type AddData, data, type S } from './shared';

const steady = (seed: number) => new VqRun({ scenario: 'steady', seed });

interface PopData {
  head: number;
  availSlot: number;
  lastAvail: { from: number; to: number };
}

/** Who wrote into [from, from+len) over the whole run, from the memory writes each event recorded. */
function writersOf(run: VqRun, from: number, len: number): Set<string> {
  const who = new Set<string>();
  for (const e of run.log) {
    for (const w of e.writes) {
      const size = typeof w[1] === 'string' ? w[1].length / 2 : w[1];
      if (w[0] < from + len && w[0] + size > from) who.add(e.actor);
    }
  }
  return who;
}

const bursty = (seed: number) => new VqRun({ scenario: 'bursty', seed, features: { eventIdx: false } });

const availWaiting = (sim: Simulation) =>
  (sim.vq.mem.readU16(ring.availIdx(sim.vq.layout)) - sim.vq.device.s.lastAvail) & 0xffff;

const usedWaiting = (sim: Simulation) =>
  (sim.vq.mem.readU16(ring.usedIdx(sim.vq.layout)) - sim.vq.driver.s.lastUsed) & 0xffff;

/** The position just before the first event of `kind` where `when` holds of the state there. */
function firstAt(run: VqRun, kind: SimEvent['kind'], when: (sim: Simulation) => boolean): number | null {
  for (let i = 0; i < run.length; i++) {
    if (run.log[i].kind === kind && run.peek(i, when)) return i;
  }
  return null;
}

/** The heads in the used ring's entries not yet reclaimed, oldest first. */
function usedHeads(run: VqRun): number[] {
  const p = run.pointers();
  const out: number[] = [];
  for (let i = p.lastUsed; i !== p.usedIdx; i = (i + 1) & 0xffff) {
    out.push(run.sim.vq.mem.readU32(ring.usedElem(run.sim.vq.layout, i % run.queueSize)));
  }
  return out;
}

const side = (actor: string) => (actor === 'driver' ? 'the driver' : actor === 'device' ? 'the device' : actor);

export const areas: LessonStep<VqRun> = {
  id: 'areas',
  title: 'Three areas, two writers',
  seed: 1,
  build: steady,
  start: (run) => run.after('reclaim') ?? 0,
  range: (run) => [0, run.after('reclaim') ?? run.length],
  Stage: stage(VqStage, { parts: ['sides', 'avail', 'used', 'table'] }),
  Narration: ({ run }: S) => {
    const l = run.sim.vq.layout;
    const qs = run.queueSize;
    return (
      <>
        <p>
          A split virtqueue is three areas of guest memory. For a queue of <N v={qs} />:
        </p>
        <ul className="lesson-list">
          <li>
            the <b>descriptor table</b> at <Hex v={l.desc} />, <N v={descTableSize(qs)} /> bytes: where the buffers are;
          </li>
          <li>
            the <b>available ring</b> at <Hex v={l.avail} />, <N v={availRingSize(qs)} /> bytes: the heads of chains the
            driver offers, in order;
          </li>
          <li>
            the <b>used ring</b> at <Hex v={l.used} />, <N v={usedRingSize(qs)} /> bytes: the heads the device hands
            back, each with how many bytes it wrote.
          </li>
        </ul>
        <p>
          Each area has exactly one writer. That is what lets two sides share memory without a lock: nobody ever writes
          a field the other side writes.
        </p>
      </>
    );
  },
  check: {
    prompt: () => <p>One side writes the descriptor table and the available ring. Who writes the used ring?</p>,
    choices: () => [
      { id: 'driver', label: 'the driver' },
      { id: 'device', label: 'the device' },
      { id: 'both', label: 'both, taking turns' },
    ],
    answer: ({ run }: S) => {
      const l = run.sim.vq.layout;
      const who = [...writersOf(run, l.used, usedRingSize(run.queueSize))];
      return who.length === 1 ? who[0] : 'both';
    },
    why: ({ run }: S) => {
      const l = run.sim.vq.layout;
      const qs = run.queueSize;
      const list = (a: number, n: number) => [...writersOf(run, a, n)].map(side).join(' and ');
      return (
        <>
          Over this whole run of {run.length} events, the used ring was written only by {list(l.used, usedRingSize(qs))}
          ; the table by {list(l.desc, descTableSize(qs))}, the available ring by {list(l.avail, availRingSize(qs))}.
        </>
      );
    },
  },
  fullView: vqFullView(),
};

export const publish: LessonStep<VqRun> = {
  id: 'publish',
  title: 'Offering a chain: slot, then index',
  seed: 1,
  build: steady,
  start: (run) => run.before('add', 2) ?? 0,
  range: (run) => [run.before('add', 1) ?? 0, run.after('add', 3) ?? run.length],
  Stage: ({ run, position }: S) => {
    const p = run.pointers();
    return (
      <VqStage
        run={run}
        position={position}
        parts={['avail', 'table']}
        highlight={{ t: 'avail', slot: p.availIdx % run.queueSize }}
      />
    );
  },
  Narration: ({ run }: S) => {
    const p = run.pointers();
    const qs = run.queueSize;
    return (
      <>
        <p>
          <code>avail.idx</code> counts every chain the driver has ever offered: it is <N v={p.availIdx} /> now. It is
          not a slot number. It only goes up, by one per chain, and after 65535 it wraps to 0 — a free-running 16-bit
          counter.
        </p>
        <p>
          The ring has <N v={qs} /> slots, so the next chain goes in slot{' '}
          <code>
            avail.idx mod <N v={qs} />
          </code>{' '}
          = <N v={p.availIdx % qs} />. The driver writes the head there first and only then bumps <code>avail.idx</code>
          , with a write barrier between: a device that sees the new index is sure to see the slot.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        <code>avail.idx</code> is {run.pointers().availIdx}. In which slot of the available ring will the next head go?
      </p>
    ),
    choices: ({ run }: S) => Array.from({ length: run.queueSize }, (_, i) => ({ id: String(i), label: `slot ${i}` })),
    answer: ({ run }: S) => String(data<AddData>(run, run.after('add', 0, run.sim.position)).slot),
    why: ({ run }: S) => {
      const a = data<AddData>(run, run.after('add', 0, run.sim.position));
      return (
        <>
          {a.availIdx.from} mod {run.queueSize} = {a.slot}: head {a.head} went to slot {a.slot}, then avail.idx became{' '}
          {a.availIdx.to}.
        </>
      );
    },
    reveal: ({ run }: S) => run.after('add', 0, run.sim.position),
  },
  fullView: vqFullView(),
};

export const lastAvail: LessonStep<VqRun> = {
  id: 'last-avail',
  title: 'The device’s own counter: last_avail',
  seed: 1,
  build: bursty,
  // Just before a pop with more than one chain waiting.
  start: (run) => firstAt(run, 'pop', (sim) => availWaiting(sim) >= 2) ?? run.before('pop') ?? 0,
  Stage: stage(VqStage, { parts: ['sides', 'avail'], highlight: { t: 'ptr', name: 'last_avail' } }),
  Narration: ({ run }: S) => {
    const p = run.pointers();
    return (
      <>
        <p>
          The device never writes the available ring. It keeps its own count of the chains it has taken,{' '}
          <code>last_avail</code> = <N v={p.lastAvail} />, in its private memory. The driver has offered{' '}
          <code>avail.idx</code> = <N v={p.availIdx} />.
        </p>
        <p>
          Work is waiting whenever the two differ; how much is their difference, taken mod 65536 so it stays right
          across the wrap: <N v={(p.availIdx - p.lastAvail) & 0xffff} /> chains now.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => {
      const p = run.pointers();
      return (
        <p>
          <code>avail.idx</code> = {p.availIdx}, <code>last_avail</code> = {p.lastAvail}. From which slot will the
          device take its next head?
        </p>
      );
    },
    choices: ({ run }: S) => Array.from({ length: run.queueSize }, (_, i) => ({ id: String(i), label: `slot ${i}` })),
    answer: ({ run }: S) => String(data<PopData>(run, run.after('pop', 0, run.sim.position)).availSlot),
    why: ({ run }: S) => {
      const d = data<PopData>(run, run.after('pop', 0, run.sim.position));
      return (
        <>
          last_avail mod {run.queueSize} = {d.lastAvail.from} mod {run.queueSize} = {d.availSlot}: the device read head{' '}
          {d.head} there and moved last_avail to {d.lastAvail.to}. The device reads the ring in the order the driver
          filled it.
        </>
      );
    },
    reveal: ({ run }: S) => run.after('pop', 0, run.sim.position),
  },
  fullView: vqFullView(),
};

export const used: LessonStep<VqRun> = {
  id: 'used',
  title: 'Handing back: used.idx and last_used',
  seed: 1,
  build: bursty,
  // Just before a reclaim with at least two used entries waiting.
  start: (run) => firstAt(run, 'reclaim', (sim) => usedWaiting(sim) >= 2) ?? run.before('reclaim') ?? 0,
  Stage: stage(VqStage, { parts: ['sides', 'used'], highlight: { t: 'ptr', name: 'last_used' } }),
  Narration: ({ run }: S) => {
    const p = run.pointers();
    return (
      <>
        <p>
          The used ring mirrors the available one with the roles swapped. The device writes an entry{' '}
          <code>{'{id, len}'}</code> — the head it finished and how many bytes it wrote — into slot{' '}
          <code>
            used.idx mod <N v={run.queueSize} />
          </code>
          , then bumps <code>used.idx</code> (now <N v={p.usedIdx} />
          ).
        </p>
        <p>
          The driver keeps <code>last_used</code> = <N v={p.lastUsed} />: the entries before it are reclaimed.{' '}
          <N v={(p.usedIdx - p.lastUsed) & 0xffff} /> are waiting for it.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        The used ring holds {usedHeads(run).length} entries the driver has not reclaimed yet. Which chain will it
        reclaim next?
      </p>
    ),
    choices: ({ run }: S) =>
      [...new Set(usedHeads(run))].sort((a, b) => a - b).map((h) => ({ id: String(h), label: `head ${h}` })),
    answer: ({ run }: S) => {
      const p = run.pointers();
      const l = run.sim.vq.layout;
      // The used entry at last_used: its id is the head.
      return String(run.sim.vq.mem.readU32(ring.usedElem(l, p.lastUsed % run.queueSize)));
    },
    why: ({ run }: S) => {
      const p = run.pointers();
      const slot = p.lastUsed % run.queueSize;
      const id = run.sim.vq.mem.readU32(ring.usedElem(run.sim.vq.layout, slot));
      return (
        <>
          last_used = {p.lastUsed}, so the driver reads used.ring[{slot}], whose id is {id}.
        </>
      );
    },
    reveal: ({ run }: S) => run.after('reclaim', 0, run.sim.position),
  },
  fullView: vqFullView(),
};
