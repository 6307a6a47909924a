/**
 * `window.__ringsidePgalloc`: the page's model and position for tests and benchmarks. Tests read
 * the model through it (and re-run the model through `api`) rather than trusting what the page
 * computed, then compare with what is on screen.
 */
import { compareModes, PgallocModel, withConfig } from '../../model/pgalloc';
import { playbackHook, type RenderSignal } from '../timetravel/render-signal';
import { configOf, pgSearch, type PgSpec } from './spec';
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
  api: { PgallocModel: typeof PgallocModel; compareModes: typeof compareModes; withConfig: typeof withConfig; configOf: typeof configOf };
}

declare global {
  interface Window {
    __ringsidePgalloc?: PgallocHook;
  }
}

export function installPgallocHook(signal: RenderSignal): void {
  const run = () => view.getState().run!;
  window.__ringsidePgalloc = {
    ...playbackHook(player, signal),
    model: () => run().cursor.model,
    spec: () => view.getState().spec,
    async apply(spec) {
      applySpec(spec);
      await signal.when(player.getState().tick);
    },
    search: () => pgSearch({ spec: view.getState().spec, step: player.getState().position }),
    api: { PgallocModel, compareModes, withConfig, configOf },
  };
}
