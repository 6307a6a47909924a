/** The virtproxy page's state: spec, run, position and explanation. A mode switch keeps the position. */
import { createStore } from 'zustand/vanilla';
import { createPlayer } from '../kit/player';
import type { Explanation } from '../kit/Widgets';
import { buildVpRun, type VpRun } from './run';
import { normalize, type VpSpec } from './spec';

export interface VpViewState {
  spec: VpSpec;
  run: VpRun | null;
  error: string | null;
  explain: Explanation | null;
}

export const player = createPlayer(12);
export const view = createStore<VpViewState>()(() => ({
  spec: { scenario: '', seed: 0, mode: 'shared', overrides: {} },
  run: null,
  error: null,
  explain: null,
}));

export function applySpec(next: VpSpec, step: number | null = null): void {
  const spec = normalize(next);
  const prev = view.getState().run;
  let run: VpRun;
  try {
    run = buildVpRun(spec, prev);
  } catch (e) {
    view.setState({ error: e instanceof Error ? e.message : String(e) });
    return;
  }
  // Same scenario: stay at the same step (clamped), so one can flip modes and compare the moment.
  const position = step ?? (prev && prev.spec.scenario === spec.scenario ? player.getState().position : 0);
  view.setState({ spec, run, error: null, explain: null });
  player.getState().load(run.cursor.length, position, (n) => run.cursor.seek(n));
}

export function patchSpec(patch: Partial<VpSpec>): void {
  applySpec({ ...view.getState().spec, ...patch });
}
