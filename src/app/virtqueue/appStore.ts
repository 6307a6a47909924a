/** The page's store instance and React hooks onto it. */
import { useStore } from 'zustand';
import { createAppStore, activeSim, type AppState } from './store';
import { parseUrl } from './url';
import type { Simulation } from '../../model/vqsim/engine';

export const store = createAppStore();

/** Load what the address bar says (called once at start-up). */
export function loadFromLocation(): void {
  const u = parseUrl(typeof location !== 'undefined' ? location.search : '');
  store.getState().load(u.spec, u.interventions, u.step, u.selection);
}

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(store, selector);
}

/** The active Simulation plus the tick, so components re-render whenever the model moves. */
export function useSim(): { sim: Simulation; position: number; tick: number } {
  const tick = useApp((s) => s.tick);
  const position = useApp((s) => s.position);
  const sim = useApp((s) => (s.branches.length ? activeSim(s) : null));
  return { sim: sim!, position, tick };
}
