/**
 * A pgalloc run as the view needs it: the same restore recorded in both modes (so the figures
 * and plots can compare them, and switching mode needs no re-run), a live cursor on the mode
 * being shown, and the model's own comparison of the two. Recording skips the per-step invariant
 * checks: the model's tests run them, and here they would make large runs sluggish.
 */
import {
  compareModes,
  PgallocModel,
  PAGE_SIZE,
  withConfig,
  type ModeComparison,
  type PgallocConfig,
  type PgallocState,
  type PgallocSummary,
  type PgEvent,
  type RestoreMode,
} from '../../model/pgalloc';
import { Cursor, positionAtTime, record, type Recording } from '../../model/sim/recording';
import { configOf, findScenario, sameSettings, type PgSpec } from './spec';

/** Snapshot every K steps: a step back re-runs at most K-1 steps (each a few µs). */
export const CHECKPOINT_EVERY = 64;
export const MAX_STEPS = 400_000;

export interface PgSample {
  time: number;
  loadedBytes: number;
  inflight: number;
  awaitedInflight: number;
  queuedPages: number;
  blockedThreads: number;
  accesses: number;
}

export type PgRecording = Recording<PgallocState, PgEvent, PgSample>;

export interface PgModeRun {
  mode: RestoreMode;
  config: PgallocConfig;
  recording: PgRecording;
  summary: PgallocSummary;
  /** Virtual time of the last event. */
  endTime: number;
}

export interface PgRun {
  spec: PgSpec;
  seed: number;
  modes: Record<RestoreMode, PgModeRun>;
  comparison: ModeComparison;
  /** The same comparison with the scenario's own settings, when the user changed some. */
  baseline: ModeComparison | null;
  /** The live model at the current position, in the mode shown. */
  cursor: Cursor<PgallocState, PgEvent, PgallocModel>;
  savedBytes: number;
  pages: number;
}

export function sampleOf(m: PgallocModel): PgSample {
  const s = m.view();
  let awaited = 0;
  for (const o of s.loader.inflight) if (o.awaited) awaited++;
  let queued = 0;
  for (const e of s.loader.priority) queued += e.pages;
  let blocked = 0;
  for (const t of s.threads) if (t.status === 'blocked') blocked++;
  return {
    time: m.now,
    loadedBytes: s.stats.bytesLoaded,
    inflight: s.loader.inflight.length,
    awaitedInflight: awaited,
    queuedPages: queued,
    blockedThreads: blocked,
    accesses: s.stats.accesses,
  };
}

function recordMode(config: PgallocConfig, seed: number): PgModeRun {
  const m = new PgallocModel(config, seed, { checkInvariants: false });
  const recording = record<PgallocState, PgEvent, PgSample, PgallocModel>(m, {
    every: CHECKPOINT_EVERY,
    maxSteps: MAX_STEPS,
    sample: sampleOf,
  });
  const ev = recording.events;
  return {
    mode: config.mode,
    config,
    recording,
    summary: m.summary(),
    endTime: ev.length ? ev[ev.length - 1].time : 0,
  };
}

/**
 * Build the run a spec describes. If only the mode changed since `prev`, both recordings are
 * reused and only the cursor moves to the other mode.
 */
export function buildRun(spec: PgSpec, prev: PgRun | null = null): PgRun {
  const config = configOf(spec);
  const reuse = prev && sameSettings(prev.spec, spec) ? prev : null;
  const modes = reuse?.modes ?? {
    sync: recordMode(withConfig(config, { mode: 'sync' }), spec.seed),
    background: recordMode(withConfig(config, { mode: 'background' }), spec.seed),
  };
  const comparison = reuse?.comparison ?? compareModes(config, spec.seed);
  let baseline = reuse ? reuse.baseline : null;
  if (!reuse && Object.keys(spec.overrides).length > 0)
    baseline = compareModes(findScenario(spec.scenario).config, spec.seed);
  const shown = modes[spec.mode];
  const model = new PgallocModel(shown.config, spec.seed, { checkInvariants: false });
  const cursor = new Cursor<PgallocState, PgEvent, PgallocModel>(model, shown.recording);
  return {
    spec,
    seed: spec.seed,
    modes,
    comparison,
    baseline,
    cursor,
    savedBytes: model.layout.committed.length * PAGE_SIZE,
    pages: model.layout.pages,
  };
}

/** Where to land after switching mode: the same moment of virtual time in the other run. */
export function positionForModeSwitch(from: PgModeRun, position: number, to: PgModeRun): number {
  const ev = from.recording.events;
  if (position <= 0) return 0;
  if (position >= ev.length) return to.recording.events.length;
  return positionAtTime(to.recording.events, ev[position - 1].time);
}
