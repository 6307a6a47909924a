/**
 * Packed ring, steps 5–7: one used descriptor for a whole chain, event suppression, and the
 * same workload beside the split ring.
 */
import { eventFlagName } from '../../../../model/packed/constants';
import type { PackedEvent } from '../../../../model/packed/sim';
import { decodeOffWrap } from '../../../../model/packed/wrap';
import { eventAreas } from '../../../packed/derive';
import type { PackedLessonRun } from '../../packed/packed-run';
import { PackedStage } from '../../packed/PackedStage';
import { packedCost, splitCost } from '../../../packed/ring-cost';
import type { LessonStep } from '../../types';
import { N } from '../../words';
import { stage, stageWith } from '../../stage';
import { build, fullView, isFlush, nextOf, num, revealNext, type S } from './shared';
import { featureKnob } from '../../knobs';

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

export const skip: LessonStep<PackedLessonRun> = {
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

const EVENT_IDX_KNOB = featureKnob(
  'event_idx',
  'EVENT_IDX',
  'With EVENT_IDX the event areas may say DESC: notify me when you reach this slot on this lap',
);

const isDecision = (e: PackedEvent) => e.kind === 'kick' || e.kind === 'kick-suppressed';

export const suppression: LessonStep<PackedLessonRun> = {
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

export const besideSplit: LessonStep<PackedLessonRun> = {
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
