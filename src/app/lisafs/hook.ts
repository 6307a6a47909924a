/**
 * `window.__ringsideLisafs`: the model behind the page, for Playwright tests and for anyone
 * poking at it from the console. Tests read the model through this and compare it with
 * what is drawn; `seek` resolves only once the page has rendered that step.
 */
import type { LisafsPoolSim, PoolEvent, PoolState } from '../../model/lisafs/index';
import { playbackHook, type RenderSignal } from '../kit/render-signal';
import type { PoolRun } from './run';
import type { PoolSpec } from './spec';
import type { PoolStore } from './store';

export interface LisafsHook {
  store: PoolStore;
  spec(): PoolSpec;
  run(): PoolRun;
  sim(): LisafsPoolSim;
  /** The model's live state at the current position. */
  state(): Readonly<PoolState>;
  events(): readonly PoolEvent[];
  position(): number;
  length(): number;
  seek(position: number): Promise<number>;
  play(speed?: number): void;
  pause(): void;
  rendered(): Promise<void>;
}

declare global {
  interface Window {
    __ringsideLisafs?: LisafsHook;
  }
}

export function installLisafsHook(store: PoolStore, signal: RenderSignal): void {
  window.__ringsideLisafs = {
    ...playbackHook(store, signal),
    store,
    spec: () => store.getState().spec,
    run: () => store.getState().run,
    sim: () => store.getState().run.sim,
    state: () => store.getState().run.sim.state,
    events: () => store.getState().run.events,
    play(speed) {
      if (speed) store.getState().setSpeed(speed);
      store.getState().play();
    },
    pause: () => store.getState().pause(),
  };
}
