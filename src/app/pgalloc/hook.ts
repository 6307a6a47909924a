/**
 * `window.__ringsidePgalloc`: the page's model and position for tests and benchmarks. Tests read
 * the model through it (and re-run the model through `api`) rather than trusting what the page
 * computed, then compare with what is on screen. `sweep()` is the sweep panel's state: the
 * points as the worker computed them, for comparison with fresh runs through `api`.
 */
import {
  compareModes,
  describeSweep,
  findCrossovers,
  PgallocModel,
  pointOf,
  sweepConfig,
  sweepPoint,
  sweepValues,
  withConfig,
} from '../../model/pgalloc';
import { playbackHook, type RenderSignal } from '../kit/render-signal';
import { configOf, type PgSpec } from './spec';
import type { SweepController, SweepViewState } from './sweep-store';
import { applySpec, player, view } from './store';

export interface PgallocHook {
  model(): PgallocModel;
  position(): number;
  length(): number;
  spec(): PgSpec;
  seek(n: number): Promise<number>;
  apply(spec: PgSpec): Promise<void>;
  rendered(): Promise<void>;
  search(): string;
  sweep(): SweepViewState;
  api: {
    PgallocModel: typeof PgallocModel;
    compareModes: typeof compareModes;
    withConfig: typeof withConfig;
    configOf: typeof configOf;
    sweepPoint: typeof sweepPoint;
    pointOf: typeof pointOf;
    sweepConfig: typeof sweepConfig;
    sweepValues: typeof sweepValues;
    findCrossovers: typeof findCrossovers;
    describeSweep: typeof describeSweep;
  };
}

declare global {
  interface Window {
    __ringsidePgalloc?: PgallocHook;
  }
}

export function installPgallocHook(signal: RenderSignal, sweeps: SweepController, search: () => string): void {
  const run = () => view.getState().run!;
  window.__ringsidePgalloc = {
    ...playbackHook(player, signal),
    model: () => run().cursor.model,
    spec: () => view.getState().spec,
    async apply(spec) {
      applySpec(spec);
      await signal.when(player.getState().tick);
    },
    search,
    sweep: () => sweeps.store.getState(),
    api: {
      PgallocModel,
      compareModes,
      withConfig,
      configOf,
      sweepPoint,
      pointOf,
      sweepConfig,
      sweepValues,
      findCrossovers,
      describeSweep,
    },
  };
}
