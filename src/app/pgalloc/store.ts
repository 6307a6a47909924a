/**
 * The pgalloc page's state: the spec (scenario, seed, mode, settings), the run built from it, the
 * playback position and what is being explained. Changing the spec rebuilds the run and keeps
 * the same moment of virtual time where that makes sense (mode or settings change).
 */
import { createStore } from 'zustand/vanilla';
import { createPlayer } from '../kit/player';
import { positionAtTime } from '../../model/sim/recording';
import type { Explanation } from '../kit/Widgets';
import { buildRun, positionForModeSwitch, type PgRun } from './run';
import { normalize, sameSettings, type PgSpec } from './spec';

export interface PgViewState {
  spec: PgSpec;
  run: PgRun | null;
  /** Why the last settings could not be used (the previous run stays on screen). */
  error: string | null;
  explain: Explanation | null;
}

export const player = createPlayer(60);
export const view = createStore<PgViewState>()(() => ({
  spec: { scenario: '', seed: 0, mode: 'background', overrides: {} },
  run: null,
  error: null,
  explain: null,
}));

/** Show `next`; `step` (from a URL) wins over keeping the current moment. */
export function applySpec(next: PgSpec, step: number | null = null): void {
  const spec = normalize(next);
  const prev = view.getState().run;
  let run: PgRun;
  try {
    run = buildRun(spec, prev);
  } catch (e) {
    view.setState({ error: e instanceof Error ? e.message : String(e) });
    return;
  }
  let position = 0;
  const at = player.getState().position;
  if (step !== null) position = step;
  else if (prev && prev.spec.scenario === spec.scenario) {
    if (sameSettings(prev.spec, spec))
      position = positionForModeSwitch(prev.modes[prev.spec.mode], at, run.modes[spec.mode]);
    else {
      // New settings: the same moment of virtual time, or the end if the old position was the end.
      const old = prev.modes[prev.spec.mode].recording.events;
      position =
        at >= old.length
          ? run.cursor.length
          : at === 0
            ? 0
            : positionAtTime(run.modes[spec.mode].recording.events, old[at - 1].time);
    }
  }
  view.setState({ spec, run, error: null, explain: null });
  player.getState().load(run.cursor.length, position, (n) => run.cursor.seek(n));
}

export function patchSpec(patch: Partial<PgSpec>): void {
  applySpec({ ...view.getState().spec, ...patch });
}
