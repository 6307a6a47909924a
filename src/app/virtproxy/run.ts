/**
 * A virtproxy run as the view needs it: the chosen mode recorded for time travel (with a small
 * per-step sample for the plots), and the same scenario and seed run to the end in all three
 * modes, so the view can say which of them deadlocks.
 */
import {
  peerFree,
  VirtproxyModel,
  type MuxMode,
  type VirtproxyState,
  type VirtproxySummary,
  type VpEvent,
  type Workload,
} from '../../model/virtproxy';
import { Cursor, record, type Recording } from '../../model/sim/recording';
import { configOf, findScenario, MODES, type VpSpec } from './spec';

export const CHECKPOINT_EVERY = 32;
export const MAX_STEPS = 200_000;

/** Per step: buffer fills and windows per stream endpoint, channel fill and blocking per lane. */
export interface VpSample {
  time: number;
  /** [conn][0 = host, 1 = guest] */
  rx: number[][];
  tx: number[][];
  window: number[][];
  lane: number[];
  laneBlocked: boolean[];
  creditUpdates: number;
  creditRequests: number;
}

export type VpRecording = Recording<VirtproxyState, VpEvent, VpSample>;

export interface VpRun {
  spec: VpSpec;
  workload: Workload;
  recording: VpRecording;
  cursor: Cursor<VirtproxyState, VpEvent, VirtproxyModel>;
  /** Every mode on this scenario and seed, run to the end. */
  modes: Record<MuxMode, VirtproxySummary>;
}

export function sampleOf(m: VirtproxyModel): VpSample {
  const s = m.view();
  return {
    time: m.now,
    rx: s.conns.map((c) => [c.host.rx.length, c.guest.rx.length]),
    tx: s.conns.map((c) => [c.host.tx.length, c.guest.tx.length]),
    window: s.conns.map((c) => [peerFree(c.host.credit), peerFree(c.guest.credit)]),
    lane: s.lanes.map((l) => l.bytes.length),
    laneBlocked: s.lanes.map((l) => l.pending !== null),
    creditUpdates: s.stats.creditUpdates,
    creditRequests: s.stats.creditRequests,
  };
}

export function buildVpRun(spec: VpSpec, prev: VpRun | null = null): VpRun {
  const sc = findScenario(spec.scenario);
  const config = configOf(spec);
  const m = new VirtproxyModel(sc.workload, config, spec.seed);
  const recording = record<VirtproxyState, VpEvent, VpSample, VirtproxyModel>(m, {
    every: CHECKPOINT_EVERY,
    maxSteps: MAX_STEPS,
    sample: sampleOf,
  });
  // The all-modes table only depends on what is not the mode: keep it across mode switches.
  const keep =
    prev &&
    prev.spec.scenario === spec.scenario &&
    prev.spec.seed === spec.seed &&
    JSON.stringify(prev.spec.overrides) === JSON.stringify(spec.overrides);
  const modes = keep
    ? prev.modes
    : (Object.fromEntries(
        MODES.map((mode) => [
          mode,
          mode === spec.mode
            ? m.summary()
            : new VirtproxyModel(sc.workload, { ...config, mode }, spec.seed).runToEnd(MAX_STEPS),
        ]),
      ) as Record<MuxMode, VirtproxySummary>);
  const cursor = new Cursor<VirtproxyState, VpEvent, VirtproxyModel>(
    new VirtproxyModel(sc.workload, config, spec.seed),
    recording,
  );
  return { spec, workload: sc.workload, recording, cursor, modes };
}
