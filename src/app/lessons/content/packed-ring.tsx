/**
 * Lesson: the packed virtqueue (virtio 1.1). One ring of descriptors that both sides write, the
 * AVAIL and USED bits against each side's wrap counter, what changes at the end of the ring, how
 * a used descriptor skips a whole chain, the event suppression areas, and what the same
 * one-descriptor workload writes on each kind of ring. Every number is read from the run on
 * screen.
 */
import { availRingSize, descTableSize, usedRingSize } from '../../../model/virtio/layout';
import { eventFlagName, VRING_PACKED_DESC_F_AVAIL, VRING_PACKED_DESC_F_USED } from '../../../model/packed/constants';
import type { PackedEvent } from '../../../model/packed/sim';
import { decodeOffWrap } from '../../../model/packed/wrap';
import { eventAreas } from '../../packed/derive';
import { configFor, defaultPackedSpec, encodePackedUrl, type PackedSpec } from '../../packed/spec';
import { PackedLessonRun } from '../packed/packed-run';
import { PackedStage } from '../packed/PackedStage';
import { packedCost, splitCost } from '../../packed/ring-cost';
import type { Knob, LessonStep, StepState } from '../types';
import { N } from '../words';
import { stage, stageWith } from '../stage';

type S = StepState<PackedLessonRun>;

/** The runs of this lesson are /packed runs: a link opens the same one in the full view. */
const specOf = (seed: number, knob: string | null = null): PackedSpec => ({
  ...defaultPackedSpec(),
  seed,
  queueSize: 4,
  requests: 16,
  eventIdx: knob === 'on',
});
const build = (seed: number, knob: string | null) => new PackedLessonRun(configFor(specOf(seed, knob)));
const fullView =
  () =>
  ({ run, position, knob }: S) => ({
    href: `/packed${encodePackedUrl(specOf(run.config.seed, knob), position)}`,
    label: 'Open this run in the packed ring view',
  });

const bitsOf = (flags: number) =>
  `AVAIL ${flags & VRING_PACKED_DESC_F_AVAIL ? 1 : 0}, USED ${flags & VRING_PACKED_DESC_F_USED ? 1 : 0}`;
const BIT_CHOICES = ['AVAIL 1, USED 0', 'AVAIL 0, USED 1', 'AVAIL 1, USED 1', 'AVAIL 0, USED 0'].map((l) => ({
  id: l,
  label: l,
}));
const isAdd = (e: PackedEvent) => e.kind === 'add';
const isFlush = (e: PackedEvent) => e.kind === 'flush';
const num = (e: PackedEvent, k: string) => e.data[k] as number;
/** The next event of a kind from the state on screen; the checks ask about it and reveal it. */
const nextOf = (run: PackedLessonRun, test: (e: PackedEvent) => boolean, position: number) => run.next(test, position)!;
const revealNext =
  (test: (e: PackedEvent) => boolean) =>
  ({ run, position }: S) =>
    nextOf(run, test, position).i + 1;
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

const oneRing: LessonStep<PackedLessonRun> = {
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
const availBits: LessonStep<PackedLessonRun> = {
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

const usedBits: LessonStep<PackedLessonRun> = {
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

const wrap: LessonStep<PackedLessonRun> = {
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

/** A flush of exactly one buffer that took several slots. */
function chainFlush(r: PackedLessonRun): { at: number; id: number; ndescs: number } | null {
  const ndescs = new Map<number, number>();
  for (let i = 0; i < r.length; i++) {
    const e = r.events[i];
    if (e.kind === 'pop') ndescs.set(num(e, 'id'), num(e, 'ndescs'));
    if (e.kind === 'flush') {
      const ids = e.data.ids as number[];
      if (ids.length === 1 && (ndescs.get(ids[0]) ?? 1) > 1) return { at: i, id: ids[0], ndescs: ndescs.get(ids[0])! };
    }
  }
  return null;
}

const skip: LessonStep<PackedLessonRun> = {
  id: 'skip',
  title: 'One used descriptor for a whole chain',
  seed: 1,
  build,
  start: (r) => chainFlush(r)?.at ?? r.before('flush') ?? 0,
  Stage: stageWith(PackedStage)(({ run }) => ({ parts: ['ring', 'sides'], watch: run.sim.q.device.s.usedIdx })),
  Narration: ({ run }: S) => {
    const c = chainFlush(run);
    const v = run.sim.q.device.s;
    return (
      <>
        <p>
          Buffer <N v={c?.id ?? 0} /> took <N v={c?.ndescs ?? 1} /> slots: a chain, linked by the NEXT flag in all but
          its last descriptor. The device is done with it and is at <code>used_idx</code> = <N v={v.usedIdx} />.
        </p>
        <p>
          In a split ring the used entry would go in a separate ring. Here the device writes one used descriptor, with
          the buffer's id, at its own position, and moves on past the whole chain's length.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => {
      const c = chainFlush(run);
      return (
        <p>
          After writing buffer {c?.id}'s used descriptor at slot {run.sim.q.device.s.usedIdx}, where is the device's
          next used slot?
        </p>
      );
    },
    choices: ({ run }: S) => Array.from({ length: run.queueSize }, (_, i) => ({ id: String(i), label: `slot ${i}` })),
    answer: ({ run, position }: S) => String(num(nextOf(run, isFlush, position).e, 'usedTo')),
    why: ({ run }: S) => {
      const c = chainFlush(run);
      const v = run.sim.q.device.s;
      return (
        <>
          Slot <N v={v.usedIdx} /> plus the chain's <N v={c?.ndescs ?? 1} /> slots, modulo the ring's{' '}
          <N v={run.queueSize} />. The chain's other slots keep the driver's old descriptors; the driver knows how many
          to skip from the buffer id.
        </>
      );
    },
    reveal: revealNext(isFlush),
  },
  fullView: fullView(),
};

const EVENT_IDX_KNOB: Knob = {
  id: 'event_idx',
  label: 'EVENT_IDX',
  help: 'With EVENT_IDX the event areas may say DESC: notify me when you reach this slot on this lap',
  options: [
    { value: 'off', label: 'off' },
    { value: 'on', label: 'on' },
  ],
  initial: 'off',
};

const isDecision = (e: PackedEvent) => e.kind === 'kick' || e.kind === 'kick-suppressed';

const suppression: LessonStep<PackedLessonRun> = {
  id: 'suppression',
  title: 'Event areas: when to ring',
  seed: 2,
  build,
  knob: EVENT_IDX_KNOB,
  start: (r) => r.before((e) => e.kind === 'kick-suppressed') ?? r.before(isDecision, 1) ?? 0,
  Stage: stage(PackedStage, { parts: ['events', 'ring'] }),
  Narration: ({ run }: S) => {
    const dev = eventAreas(run.sim)[1];
    return (
      <>
        <p>
          Before it kicks, the driver reads the <em>device</em> event area: the device wrote flags{' '}
          <N v={dev.flagName} /> there. ENABLE asks for a kick after every batch, DISABLE for none (the device is awake
          and reading), and DESC, only with EVENT_IDX, for a kick once the driver passes the slot in{' '}
          <code>off_wrap</code>, now slot <N v={dev.off} /> on the lap with counter <N v={dev.wrap} />.
        </p>
        <p>The device reads the driver's event area the same way before it interrupts.</p>
      </>
    );
  },
  check: {
    prompt: () => <p>The driver has made buffers available. Will it kick the device now?</p>,
    choices: () => [
      { id: 'kick', label: 'Yes: it kicks' },
      { id: 'kick-suppressed', label: 'No: the device does not want a kick' },
    ],
    answer: ({ run, position }: S) => run.next(isDecision, position)!.e.kind,
    why: ({ run, position }: S) => {
      const d = run.next(isDecision, position)!.e;
      const flags = eventFlagName(num(d, 'flags'));
      const off = d.data.offWrap === undefined ? null : decodeOffWrap(num(d, 'offWrap'));
      return (
        <>
          The device's flags said <N v={flags} />
          {flags === 'DESC' && off ? (
            <>
              {' '}
              at slot <N v={off.off} />, lap <N v={off.wrap} />
            </>
          ) : null}
          : {d.kind === 'kick' ? 'it asked for the kick.' : 'it did not want one, and a kick costs a wake-up.'}
        </>
      );
    },
    reveal: ({ run, position }: S) => run.next(isDecision, position)!.i + 1,
  },
  fullView: fullView(),
};

/** The cost comparison's own workload: one-descriptor requests, 64 of them, on 8 slots. */
const costSpec = (seed: number, knob: string | null) => ({ seed, queueSize: 8, requests: 64, eventIdx: knob === 'on' });
const costs = new Map<string, { split: ReturnType<typeof splitCost>; packed: ReturnType<typeof packedCost> }>();
function costOf(seed: number, knob: string | null) {
  const key = `${seed}:${knob}`;
  let c = costs.get(key);
  if (!c) {
    const spec = costSpec(seed, knob);
    c = { split: splitCost(spec), packed: packedCost(spec) };
    costs.set(key, c);
  }
  return c;
}
const per = (x: number, n: number) => (n ? Math.round((x / n) * 10) / 10 : 0);

const besideSplit: LessonStep<PackedLessonRun> = {
  id: 'beside-split',
  title: 'The same requests on both rings',
  seed: 3,
  build,
  knob: EVENT_IDX_KNOB,
  start: () => 0,
  Stage: ({ run, knob }: S) => {
    const c = costOf(run.config.seed, knob);
    const rows = [
      ['split ring', c.split],
      ['packed ring', c.packed],
    ] as const;
    return (
      <table className="pk-cost" data-testid="pk-cost">
        <caption>
          {c.split.requests} one-descriptor requests on {costSpec(run.config.seed, knob).queueSize} slots, ring memory
          only
        </caption>
        <thead>
          <tr>
            <th scope="col">ring</th>
            <th scope="col">bytes written per request</th>
            <th scope="col">cache-line writes per request</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, r]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td className="mono">{per(r.bytes, r.requests)}</td>
              <td className="mono">{per(r.lines, r.requests)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  },
  Narration: ({ run, knob }: S) => {
    const c = costOf(run.config.seed, knob);
    return (
      <>
        <p>
          Both models ran <N v={c.split.requests} /> requests of one descriptor each, and every write to ring memory was
          counted: <N v={c.split.bytes} unit="bytes" /> on the split ring, <N v={c.packed.bytes} unit="bytes" /> on the
          packed one.
        </p>
        <p>
          Bytes are not what costs most when guest and host run on different CPUs: each cache line one side writes and
          the other reads has to move between their caches. A cache-line write here is one 64-byte line written in one
          step.
        </p>
      </>
    );
  },
  check: {
    prompt: () => <p>Which ring needs fewer cache-line writes per request?</p>,
    choices: () => [
      { id: 'split', label: 'The split ring' },
      { id: 'packed', label: 'The packed ring' },
      { id: 'same', label: 'About the same' },
    ],
    answer: ({ run, knob }: S) => {
      const c = costOf(run.config.seed, knob);
      const s = per(c.split.lines, c.split.requests);
      const p = per(c.packed.lines, c.packed.requests);
      return Math.abs(s - p) < 0.5 ? 'same' : s < p ? 'split' : 'packed';
    },
    why: ({ run, knob }: S) => {
      const c = costOf(run.config.seed, knob);
      return (
        <>
          <N v={per(c.split.lines, c.split.requests)} /> on the split ring against{' '}
          <N v={per(c.packed.lines, c.packed.requests)} /> on the packed one. A split request touches a descriptor, an
          available ring entry and its index, a used ring entry and its index, in three areas; a packed request writes
          one slot twice, and neighbouring requests share its line.
        </>
      );
    },
  },
};

const practice: LessonStep<PackedLessonRun> = {
  ...wrap,
  id: 'practice',
  title: 'Practice: bits on a new lap',
  seed: 11,
  practice: true,
};

export const steps = [oneRing, availBits, usedBits, wrap, skip, suppression, besideSplit, practice];
