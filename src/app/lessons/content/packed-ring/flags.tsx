/**
 * Packed ring, steps 1–4 and the practice: one ring instead of three, the AVAIL and USED bits,
 * and the wrap counter that flips their meaning on each lap.
 */
import { availRingSize, descTableSize, usedRingSize } from '../../../../model/virtio/layout';
import { VRING_PACKED_DESC_F_AVAIL, VRING_PACKED_DESC_F_USED } from '../../../../model/packed/constants';
import type { PackedEvent } from '../../../../model/packed/sim';
import type { PackedLessonRun } from '../../packed/packed-run';
import { PackedStage } from '../../packed/PackedStage';
import type { LessonStep } from '../../types';
import { N } from '../../words';
import { stage, stageWith } from '../../stage';
import { build, fullView, isFlush, nextOf, num, revealNext, type S } from './shared';

const bitsOf = (flags: number) =>
  `AVAIL ${flags & VRING_PACKED_DESC_F_AVAIL ? 1 : 0}, USED ${flags & VRING_PACKED_DESC_F_USED ? 1 : 0}`;

const BIT_CHOICES = ['AVAIL 1, USED 0', 'AVAIL 0, USED 1', 'AVAIL 1, USED 1', 'AVAIL 0, USED 0'].map((l) => ({
  id: l,
  label: l,
}));

const isAdd = (e: PackedEvent) => e.kind === 'add';

/** The bits the next add gives its first descriptor. */
const nextAddBits = ({ run, position }: S) => bitsOf((nextOf(run, isAdd, position).e.data.flags as number[])[0]);

/** The flags in `slot` once the run is at `position` (the run is put back where it was). */
function flagsAt(run: PackedLessonRun, position: number, slot: number): number {
  const was = run.position;
  run.seek(position);
  const { mem, layout } = run.sim.q;
  const f = mem.readU16(layout.desc + 16 * slot + 14);
  run.seek(was);
  return f;
}

export const oneRing: LessonStep<PackedLessonRun> = {
  id: 'one-ring',
  title: 'One ring instead of three',
  seed: 1,
  build,
  start: (r) => r.before('add') ?? 0,
  Stage: stage(PackedStage, { parts: ['ring', 'sides'] }),
  Narration: ({ run }: S) => {
    const qs = run.queueSize;
    const l = run.sim.q.layout;
    const split = descTableSize(qs) + availRingSize(qs) + usedRingSize(qs);
    return (
      <>
        <p>
          A split ring of <N v={qs} /> entries is three areas: a descriptor table the driver writes, an available ring
          the driver writes, and a used ring the device writes, <N v={split} unit="bytes" /> in all.
        </p>
        <p>
          A packed ring of the same size is one array of <N v={qs} /> descriptors of 16 bytes (address, length, buffer
          id, flags) that <em>both</em> sides write, plus two 4-byte event areas: <N v={l.totalSize} unit="bytes" />.
          The driver writes a descriptor into the next slot; the device, coming round behind, reads it and later writes
          its answer into a slot of the same ring.
        </p>
      </>
    );
  },
  check: {
    prompt: () => <p>The driver is about to make its first buffer available. Which slot will its descriptor go in?</p>,
    choices: ({ run }: S) => Array.from({ length: run.queueSize }, (_, i) => ({ id: String(i), label: `slot ${i}` })),
    answer: ({ run, position }: S) => String(num(nextOf(run, isAdd, position).e, 'slot')),
    why: ({ run }: S) => (
      <>
        The driver keeps one position, <code>next_avail</code> = <N v={run.sim.q.driver.s.nextAvail} />, and writes
        there. There is no separate index array: the slot itself is the announcement.
      </>
    ),
    reveal: revealNext(isAdd),
  },
  fullView: fullView(),
};

/** The second add of the run: the driver on its first lap. */
export const availBits: LessonStep<PackedLessonRun> = {
  id: 'avail-bits',
  title: 'Two bits say "available"',
  seed: 1,
  build,
  start: (r) => r.before('add', 1) ?? r.before('add') ?? 0,
  Stage: stageWith(PackedStage)(({ run }) => ({ parts: ['ring', 'sides'], watch: run.sim.q.driver.s.nextAvail })),
  Narration: ({ run }: S) => {
    const d = run.sim.q.driver.s;
    return (
      <>
        <p>
          How does the device know a slot holds something new? Each descriptor's flags carry two bits, AVAIL (bit 7) and
          USED (bit 15), and each side keeps a <em>wrap counter</em> that starts at 1 and flips each time it passes the
          end of the ring.
        </p>
        <p>
          The driver is at slot <N v={d.nextAvail} /> with wrap counter <N v={d.availWrap} />. It writes the address,
          length and id first, then the flags last, so the device never sees the bits before the rest.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        With wrap counter {run.sim.q.driver.s.availWrap}, what bits will the driver set in slot{' '}
        {run.sim.q.driver.s.nextAvail}?
      </p>
    ),
    choices: () => BIT_CHOICES,
    answer: nextAddBits,
    why: ({ run }: S) => {
      const w = run.sim.q.driver.s.availWrap;
      return (
        <>
          AVAIL is set to the wrap counter, <N v={w} />, and USED to its opposite, <N v={1 - w} />. Two bits that differ
          mean "available"; two bits that are equal mean "used".
        </>
      );
    },
    reveal: revealNext(isAdd),
  },
  fullView: fullView(),
};

export const usedBits: LessonStep<PackedLessonRun> = {
  id: 'used-bits',
  title: 'The device answers in the same ring',
  seed: 1,
  build,
  start: (r) => r.before('flush') ?? 0,
  Stage: stageWith(PackedStage)(({ run }) => ({ parts: ['ring', 'sides'], watch: run.sim.q.device.s.usedIdx })),
  Narration: ({ run }: S) => {
    const v = run.sim.q.device.s;
    return (
      <>
        <p>
          The device has finished <N v={v.pendingId.length} /> buffer(s) and is about to write them back. It keeps its
          own position, <code>used_idx</code> = <N v={v.usedIdx} />, and its own wrap counter, <N v={v.usedWrap} />.
        </p>
        <p>
          A used descriptor overwrites a slot the driver filled earlier: its id says which buffer is done, its length
          how many bytes the device wrote into it.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        What bits will slot {run.sim.q.device.s.usedIdx} have once the device has written its used descriptor there?
      </p>
    ),
    choices: () => BIT_CHOICES,
    answer: ({ run, position }: S) => {
      const f = nextOf(run, isFlush, position);
      return bitsOf(flagsAt(run, f.i + 1, run.sim.q.device.s.usedIdx));
    },
    why: ({ run }: S) => (
      <>
        Both bits are set to the device's wrap counter, <N v={run.sim.q.device.s.usedWrap} />. Equal bits mean "used",
        and the driver, looking at the same slot with the same counter, knows it may reclaim the buffer.
      </>
    ),
    reveal: revealNext(isFlush),
  },
  fullView: fullView(),
};

/** The first add into a slot on the driver's second lap (its wrap counter 0). */
const secondLap = (r: PackedLessonRun) => r.before((e) => e.kind === 'add' && e.data.wrap === 0);

export const wrap: LessonStep<PackedLessonRun> = {
  id: 'wrap',
  title: 'Round again: the counter flips',
  seed: 1,
  build,
  start: (r) => secondLap(r) ?? 0,
  Stage: stageWith(PackedStage)(({ run }) => ({ parts: ['ring', 'sides'], watch: run.sim.q.driver.s.nextAvail })),
  Narration: ({ run }: S) => {
    const d = run.sim.q.driver.s;
    const f = run.sim.q.mem.readU16(run.sim.q.layout.desc + 16 * d.nextAvail + 14);
    return (
      <>
        <p>
          The driver has gone past the last slot, <N v={run.queueSize - 1} />, and is on a new lap: its wrap counter is
          now <N v={d.availWrap} />, and the next slot it writes is <N v={d.nextAvail} />.
        </p>
        <p>
          Slot <N v={d.nextAvail} /> still holds{' '}
          {(f & VRING_PACKED_DESC_F_AVAIL ? 1 : 0) === (f & VRING_PACKED_DESC_F_USED ? 1 : 0)
            ? "last lap's used descriptor"
            : 'a descriptor from last lap that the device stepped over as part of a chain'}
          , with <N v={bitsOf(f)} />. That is why the counter exists: old bits must never look new to the device, which
          has turned its own counter too.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        The driver now writes slot {run.sim.q.driver.s.nextAvail} with wrap counter {run.sim.q.driver.s.availWrap}.
        Which bits does it set?
      </p>
    ),
    choices: () => BIT_CHOICES,
    answer: nextAddBits,
    why: ({ run }: S) => {
      const w = run.sim.q.driver.s.availWrap;
      return (
        <>
          AVAIL = <N v={w} /> (the counter) and USED = <N v={1 - w} />: they differ, so the slot reads "available" to a
          device on this lap. Last lap's equal bits read "used" only to a reader still on last lap.
        </>
      );
    },
    reveal: revealNext(isAdd),
  },
  fullView: fullView(),
};

export const practice: LessonStep<PackedLessonRun> = {
  ...wrap,
  id: 'practice',
  title: 'Practice: bits on a new lap',
  seed: 11,
  practice: true,
};
