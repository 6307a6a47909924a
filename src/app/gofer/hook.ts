/**
 * `window.__ringsideGofer`: the models behind the page for Playwright tests and the console.
 * Tests read each column's model through this and compare it with what is drawn; `seek`
 * resolves once the page has rendered that step. `setMeasured` feeds the fourth column.
 */
import {
  comparisonTable,
  DEFAULT_COLUMNS,
  REFERENCE_COUNTS,
  WALK_CASES,
  type ComparisonTable,
  type DesignId,
  type GoferSim,
} from '../../model/gofer/index';
import { playbackHook, type RenderSignal } from '../kit/render-signal';
import { measuredStore, setMeasured, type MeasuredCounts } from './measured';
import type { GoferRun } from './run';
import type { GoferSpec } from './spec';
import type { GoferStore } from './store';

export interface GoferHook {
  store: GoferStore;
  spec(): GoferSpec;
  run(): GoferRun;
  /** The live model of one column. */
  sim(design: DesignId): GoferSim;
  columns(): { design: DesignId; mode: string; position: number; runningCount: number }[];
  item(): number;
  position(): number;
  length(): number;
  seek(position: number): Promise<number>;
  /** The reference table computed straight from the model (for comparing with the page's). */
  table(): ComparisonTable;
  referenceCounts(): typeof REFERENCE_COUNTS;
  setMeasured(m: MeasuredCounts | null): Promise<void>;
  rendered(): Promise<void>;
}

declare global {
  interface Window {
    __ringsideGofer?: GoferHook;
  }
}

export function installGoferHook(store: GoferStore, signal: RenderSignal): void {
  const run = () => store.getState().run;
  window.__ringsideGofer = {
    ...playbackHook(store, signal),
    store,
    spec: () => store.getState().spec,
    run,
    sim: (d) => run().column(d).timeline.sim,
    columns: () =>
      run().columns.map((c) => ({
        design: c.design,
        mode: c.mode,
        position: c.timeline.position,
        runningCount: c.timeline.sim.state.run.runningCount,
      })),
    item: () => run().item,
    table: () => {
      const m = measuredStore.getState().column;
      return comparisonTable(WALK_CASES, m ? [...DEFAULT_COLUMNS, m] : DEFAULT_COLUMNS);
    },
    referenceCounts: () => REFERENCE_COUNTS,
    async setMeasured(m) {
      setMeasured(m);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    },
  };
}
