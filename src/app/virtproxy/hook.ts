/**
 * `window.__ringsideVirtproxy`: the page's model and position for tests. Tests read the model
 * through it, and can re-run the model (`api`) to check what the page shows.
 */
import { findCycle, VIRTPROXY_SCENARIOS, VirtproxyModel, waitEdges } from '../../model/virtproxy';
import { playbackHook, type RenderSignal } from '../kit/render-signal';
import { configOf, vpSearch, type VpSpec } from './spec';
import { applySpec, player, view } from './store';

export interface VirtproxyHook {
  model(): VirtproxyModel;
  position(): number;
  length(): number;
  spec(): VpSpec;
  seek(n: number): Promise<number>;
  apply(spec: VpSpec): Promise<void>;
  rendered(): Promise<void>;
  search(): string;
  api: {
    VirtproxyModel: typeof VirtproxyModel;
    VIRTPROXY_SCENARIOS: typeof VIRTPROXY_SCENARIOS;
    waitEdges: typeof waitEdges;
    findCycle: typeof findCycle;
    configOf: typeof configOf;
  };
}

declare global {
  interface Window {
    __ringsideVirtproxy?: VirtproxyHook;
  }
}

export function installVirtproxyHook(signal: RenderSignal): void {
  window.__ringsideVirtproxy = {
    ...playbackHook(player, signal),
    model: () => view.getState().run!.cursor.model,
    spec: () => view.getState().spec,
    async apply(spec) {
      applySpec(spec);
      await signal.when(player.getState().tick);
    },
    search: () => vpSearch({ spec: view.getState().spec, step: player.getState().position }),
    api: { VirtproxyModel, VIRTPROXY_SCENARIOS, waitEdges, findCycle, configOf },
  };
}
