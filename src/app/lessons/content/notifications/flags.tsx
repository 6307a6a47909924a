/**
 * Notifications, steps 1–3: the kick, NO_NOTIFY, and the other way round (interrupts and
 * NO_INTERRUPT).
 */
import type { SimEvent } from '../../../../model/vqsim/events';
import type { LessonStep } from '../../types';
import { VqRun } from '../../vq/vq-run';
import { VqStage } from '../../vq/VqStage';
import { vqFullView } from '../../vq/full-view';
import { N } from '../../words';
import { stage } from '../../stage';
import {
  bursty,
  decisionWhere,
  type FlushData,
  flushData,
  isInterrupt,
  isKickDecision,
  kickAnswer,
  kickReveal,
  nextDecision,
  type S,
  yesNo,
} from './shared';

function nextFlush(run: VqRun, from: number): { i: number; d: FlushData } | null {
  for (let i = Math.max(0, from); i < run.length; i++) {
    if (run.log[i].kind === 'flush') return { i, d: flushData(run.log[i]) };
  }
  return null;
}

export const kick: LessonStep<VqRun> = {
  id: 'kick',
  title: 'A kick after publishing',
  seed: 1,
  build: (seed) => new VqRun({ scenario: 'steady', seed }),
  start: (run) => run.before(isKickDecision) ?? 0,
  range: (run) => [0, run.after('pop') ?? run.length],
  Stage: stage(VqStage, { parts: ['sides', 'fds', 'avail'], highlight: { t: 'ptr', name: 'used.flags' } }),
  Narration: ({ run }: S) => {
    const p = run.pointers();
    return (
      <>
        <p>
          The driver has just put a chain in the available ring (<code>avail.idx</code> = <N v={p.availIdx} />
          ). The device cannot see that unless it looks, and an idle device is asleep, waiting on its kick eventfd.
        </p>
        <p>
          A <b>kick</b> is the driver writing that eventfd (in a VM: a write to a doorbell register, which exits to the
          hypervisor). It costs far more than the ring write (the first lesson measures both on this machine), so the
          driver first reads the device's wish in <code>used.flags</code> = <N v={p.usedFlags} />: bit 0 there,{' '}
          <code>NO_NOTIFY</code>, would mean “don't bother, I am polling”.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        <code>used.flags</code> = {run.pointers().usedFlags}. Will the driver kick the device?
      </p>
    ),
    choices: () => yesNo,
    answer: kickAnswer,
    why: ({ run }: S) => {
      const d = nextDecision(run, run.sim.position)!.d;
      return d.kick ? (
        <>NO_NOTIFY is clear: the device sleeps and asked to be woken, so the driver writes the kick eventfd.</>
      ) : (
        <>NO_NOTIFY is set: the device is already working through the ring and will find the chain itself.</>
      );
    },
    reveal: kickReveal,
  },
  fullView: vqFullView(),
};

export const noNotify: LessonStep<VqRun> = {
  id: 'no-notify',
  title: 'A busy device says “don’t kick”',
  seed: 1,
  build: bursty(false),
  start: (run) => decisionWhere(run, (d) => d.noNotify === true) ?? run.before(isKickDecision) ?? 0,
  Stage: stage(VqStage, { parts: ['sides', 'fds', 'avail'], highlight: { t: 'ptr', name: 'used.flags' } }),
  Narration: ({ run, position }: S) => {
    const p = run.pointers();
    return (
      <>
        <p>
          Requests come in bursts here. While the device works through the ring it sets <code>NO_NOTIFY</code> in{' '}
          <code>used.flags</code> (now <N v={p.usedFlags} />
          ): it will see new chains anyway when it reads <code>avail.idx</code> again before sleeping.
        </p>
        <p>
          So far in this run: <N v={run.count('kick', position)} /> kicks sent,{' '}
          <N v={run.count('kick-suppressed', position)} /> saved.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        The driver has just published; <code>used.flags</code> = {run.pointers().usedFlags}. Will it kick?
      </p>
    ),
    choices: () => yesNo,
    answer: kickAnswer,
    why: ({ run }: S) => {
      const d = nextDecision(run, run.sim.position)!.d;
      return d.noNotify ? (
        <>NO_NOTIFY (bit 0 of used.flags) is set, so the driver skips the kick: the device is awake.</>
      ) : (
        <>NO_NOTIFY is clear, so the driver kicks.</>
      );
    },
    reveal: kickReveal,
  },
  fullView: vqFullView(),
};

export const interrupt: LessonStep<VqRun> = {
  id: 'interrupt',
  title: 'The other way: interrupts and NO_INTERRUPT',
  seed: 1,
  build: bursty(false),
  start: (run) => {
    for (let i = 0; i < run.length; i++) {
      const e = run.log[i];
      if (e.kind === 'flush' && flushData(e).noInterrupt === true) return i;
    }
    return run.before('flush') ?? 0;
  },
  Stage: stage(VqStage, { parts: ['sides', 'fds', 'used'], highlight: { t: 'ptr', name: 'avail.flags' } }),
  Narration: ({ run, position }: S) => {
    const p = run.pointers();
    return (
      <>
        <p>
          The same question arises when the device hands chains back: an <b>interrupt</b> (a write to the call eventfd;
          in a VM, an interrupt injected into the guest) wakes the driver to reclaim them. The driver's wish is bit 0 of{' '}
          <code>avail.flags</code>, <code>NO_INTERRUPT</code>: it sets it while it is already reclaiming.
        </p>
        <p>
          <code>avail.flags</code> = <N v={p.availFlags} /> now. So far: <N v={run.count(isInterrupt, position)} />{' '}
          interrupts sent, <N v={run.count(isQuietFlush, position)} /> publishes without one.
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        The device is about to publish a used entry; <code>avail.flags</code> = {run.pointers().availFlags}. Will it
        interrupt the driver?
      </p>
    ),
    choices: () => [
      { id: 'yes', label: 'yes, it interrupts' },
      { id: 'no', label: 'no, it stays quiet' },
    ],
    answer: ({ run }: S) => (nextFlush(run, run.sim.position)?.d.interrupt ? 'yes' : 'no'),
    why: ({ run }: S) => {
      const d = nextFlush(run, run.sim.position)!.d;
      return d.noInterrupt ? (
        <>NO_INTERRUPT is set: the driver is reclaiming already and will find the entry.</>
      ) : (
        <>NO_INTERRUPT is clear: the driver waits for an interrupt, so the device sends one.</>
      );
    },
    reveal: ({ run }: S) => {
      const n = nextFlush(run, run.sim.position);
      return n ? n.i + 1 : null;
    },
  },
  fullView: vqFullView(),
};

function isQuietFlush(e: SimEvent): boolean {
  return e.kind === 'flush' && !flushData(e).interrupt;
}
