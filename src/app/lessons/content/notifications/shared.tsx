/**
 * What the notification steps share: the driver's kick decisions and the device's flushes read
 * from the run, and the yes/no check on the next kick.
 */
import type { SimEvent } from '../../../../model/vqsim/events';
import type { StepState } from '../../types';
import { VqRun } from '../../vq/vq-run';

export type S = StepState<VqRun>;

export interface KickData {
  kick: boolean;
  oldIdx: number;
  newIdx: number;
  availEvent: number | null;
  noNotify: boolean | null;
}

export interface FlushData {
  interrupt: boolean;
  oldIdx: number;
  newIdx: number;
  usedEvent: number | null;
  noInterrupt: boolean | null;
}

export const isKickDecision = (e: SimEvent) => e.kind === 'kick' || e.kind === 'kick-suppressed';

export const kickData = (e: SimEvent) => e.data as unknown as KickData;

export const flushData = (e: SimEvent) => e.data as unknown as FlushData;

/** The kick decision the driver makes next from `position` (its index in the log), or null. */
export function nextDecision(run: VqRun, from: number): { i: number; d: KickData } | null {
  for (let i = Math.max(0, from); i < run.length; i++) {
    if (isKickDecision(run.log[i])) return { i, d: kickData(run.log[i]) };
  }
  return null;
}

/** Just before the first kick decision for which `when` holds. */
export function decisionWhere(run: VqRun, when: (d: KickData) => boolean): number | null {
  for (let i = 0; i < run.length; i++) if (isKickDecision(run.log[i]) && when(kickData(run.log[i]))) return i;
  return null;
}

export const yesNo = [
  { id: 'yes', label: 'yes, it kicks' },
  { id: 'no', label: 'no, it stays quiet' },
];

export const kickAnswer = ({ run }: S) => (nextDecision(run, run.sim.position)?.d.kick ? 'yes' : 'no');

export const kickReveal = ({ run }: S) => {
  const n = nextDecision(run, run.sim.position);
  return n ? n.i + 1 : null;
};

export const bursty = (eventIdx: boolean) => (seed: number) =>
  new VqRun({ scenario: 'bursty', seed, features: { eventIdx } });

export function isInterrupt(e: SimEvent): boolean {
  return e.kind === 'flush' && flushData(e).interrupt;
}
