/**
 * `window.__ringsidePacked`: the model behind the page, for Playwright tests and the console.
 * Tests read the ring's bytes through this and compare them with what is drawn; `seek`
 * resolves only once the page has rendered that step.
 */
import type { PackedEvent, PackedSim } from '../../model/packed/sim';
import { playbackHook, type RenderSignal } from '../kit/render-signal';
import type { PackedSpec } from './spec';
import type { PackedStore } from './store';

export interface PackedHook {
  store: PackedStore;
  spec(): PackedSpec;
  sim(): PackedSim;
  events(): readonly PackedEvent[];
  position(): number;
  length(): number;
  seek(position: number): Promise<number>;
  rendered(): Promise<void>;
}

declare global {
  interface Window {
    __ringsidePacked?: PackedHook;
  }
}

export function installPackedHook(store: PackedStore, signal: RenderSignal): void {
  window.__ringsidePacked = {
    ...playbackHook(store, signal),
    store,
    spec: () => store.getState().spec,
    sim: () => store.getState().run.sim,
    events: () => store.getState().run.events,
  };
}
