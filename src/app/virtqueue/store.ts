/**
 * The app's one store (vanilla zustand, so it runs in node tests and in the page). It
 * owns the Simulations — one per branch: the original run and every run forked from it
 * by an intervention — and the position in the active one. The Simulation is mutable
 * (seek moves its live state), so `tick` counts changes and views re-read the model
 * whenever it moves; nothing here copies the model's state.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { Simulation, type Intervention } from '../../model/vqsim/engine';
import { findScenario } from '../../model/vqsim/scenarios';
import { selectionFits, type Selection } from '../rings/selection';
import { defaultSpec, sameSpec, type RunSpec, type UrlState } from './url';

/** Longest run the page computes (the scenarios finish far sooner). */
export const MAX_STEPS = 250_000;

export type InterventionAction = Intervention extends infer I
  ? I extends { at: number }
    ? Omit<I, 'at'>
    : never
  : never;

export interface Branch {
  id: number;
  label: string;
  parent: number | null;
  /** Step at which this branch left its parent (null for the original run). */
  forkAt: number | null;
  sim: Simulation;
  /** Where this branch was last viewed (restored when switching back). */
  position: number;
}

export interface AppState {
  spec: RunSpec;
  branches: Branch[];
  active: number;
  position: number;
  /** Steps of the active run (its log's length): what the kit's transport plays through. */
  length: number;
  /** Bumped on every change of the model's live state or the active run. */
  tick: number;
  playing: boolean;
  /** Steps per second. */
  speed: number;
  /** Benchmark mode: one step per animation frame, animations off. */
  fullSpeed: boolean;
  selection: Selection | null;
  loadError: string | null;
  /** Why the last change happened: views use it to decide whether to animate. */
  cause: 'load' | 'step' | 'seek' | 'play' | 'branch';

  load(spec: RunSpec, interventions?: Intervention[], step?: number | null, selection?: Selection | null): void;
  setSpec(patch: Partial<RunSpec>): void;
  seek(position: number, cause?: AppState['cause']): void;
  stepBy(delta: number): void;
  play(fullSpeed?: boolean): void;
  pause(): void;
  toggle(): void;
  setSpeed(sps: number): void;
  select(sel: Selection | null): void;
  intervene(action: InterventionAction): void;
  switchBranch(id: number): void;
  removeBranch(id: number): void;
}

export function activeBranch(s: Pick<AppState, 'branches' | 'active'>): Branch {
  return s.branches.find((b) => b.id === s.active) ?? s.branches[0];
}

export function activeSim(s: Pick<AppState, 'branches' | 'active'>): Simulation {
  return activeBranch(s).sim;
}

export function describeIntervention(i: Intervention | InterventionAction): string {
  switch (i.action) {
    case 'add-request':
      return 'add a request';
    case 'complete-now':
      return `complete chain ${i.head} now`;
    case 'corrupt':
      return `corrupt: ${i.corruption.replace(/-/g, ' ')}`;
  }
}

function runSim(spec: RunSpec, interventions: Intervention[]): Simulation {
  const sim = new Simulation({
    scenario: spec.scenario,
    seed: spec.seed,
    queueSize: spec.queueSize,
    features: spec.features,
    requests: spec.requests,
    baseIndex: spec.baseIndex,
    singleDescriptor: spec.single,
    interventions,
  });
  sim.run(MAX_STEPS);
  return sim;
}

function branchLabel(iv: Intervention[]): string {
  if (iv.length === 0) return 'Original run';
  return iv.map((i) => `${describeIntervention(i)} @${i.at}`).join(', ');
}

let nextBranchId = 1;

export function createAppStore(): StoreApi<AppState> {
  return createStore<AppState>()((set, get) => {
    const clampPos = (sim: Simulation, p: number) => Math.max(0, Math.min(sim.log.length, Math.round(p)));

    const state: AppState = {
      spec: defaultSpec(),
      branches: [],
      active: 0,
      position: 0,
      length: 0,
      tick: 0,
      playing: false,
      speed: 4,
      fullSpeed: false,
      selection: null,
      loadError: null,
      cause: 'load',

      load(spec, interventions = [], step = null, selection = null) {
        let base: Simulation;
        let forked: Simulation | null = null;
        try {
          base = runSim(spec, []);
          if (interventions.length) forked = runSim(spec, interventions);
        } catch (err) {
          set({ loadError: err instanceof Error ? err.message : String(err) });
          return;
        }
        const branches: Branch[] = [
          { id: nextBranchId++, label: branchLabel([]), parent: null, forkAt: null, sim: base, position: 0 },
        ];
        if (forked) {
          const at = interventions[0].at;
          branches.push({
            id: nextBranchId++,
            label: branchLabel(interventions),
            parent: branches[0].id,
            forkAt: at,
            sim: forked,
            position: 0,
          });
        }
        const act = branches[branches.length - 1];
        const pos = clampPos(act.sim, step ?? 0);
        act.sim.seek(pos);
        act.position = pos;
        set((s) => ({
          spec,
          branches,
          active: act.id,
          position: pos,
          length: act.sim.log.length,
          tick: s.tick + 1,
          playing: false,
          selection: selectionFits(selection, spec.queueSize) ? selection : null,
          loadError: null,
          cause: 'load',
        }));
      },

      setSpec(patch) {
        const cur = get().spec;
        let next: RunSpec = { ...cur, ...patch };
        if (patch.scenario && patch.scenario !== cur.scenario) {
          // A new scenario starts from its own defaults (keeping the seed).
          const d = defaultSpec(patch.scenario);
          next = { ...d, seed: patch.seed ?? cur.seed };
        }
        if (!findScenario(next.scenario)) return;
        if (sameSpec(next, cur)) return;
        // Changing seed, size or features keeps the step, to compare runs side by side in time.
        const keep = next.scenario === cur.scenario ? get().position : 0;
        get().load(next, [], keep, get().selection);
      },

      seek(position, cause = 'seek') {
        const s = get();
        if (!s.branches.length) return;
        const b = activeBranch(s);
        const pos = clampPos(b.sim, position);
        if (pos === s.position && b.sim.position === pos) return;
        b.sim.seek(pos);
        b.position = pos;
        set({ position: pos, tick: s.tick + 1, cause, playing: s.playing && pos < b.sim.log.length });
      },

      stepBy(delta) {
        get().pause();
        get().seek(get().position + delta, 'step');
      },

      play(fullSpeed = false) {
        const s = get();
        if (!s.branches.length) return;
        const sim = activeSim(s);
        if (s.position >= sim.log.length) s.seek(0, 'seek');
        set({ playing: true, fullSpeed });
      },
      pause() {
        if (get().playing) set({ playing: false, fullSpeed: false });
      },
      toggle() {
        if (get().playing) get().pause();
        else get().play();
      },
      setSpeed(sps) {
        set({ speed: Math.max(0.05, sps) });
      },
      select(sel) {
        set({ selection: sel });
      },

      intervene(action) {
        const s = get();
        const parent = activeBranch(s);
        const at = s.position;
        let sim: Simulation;
        try {
          sim = parent.sim.fork(action, at);
          sim.run(MAX_STEPS);
        } catch (err) {
          set({ loadError: err instanceof Error ? err.message : String(err) });
          return;
        }
        // Show the intervention's own event: the state right after it.
        const pos = Math.min(at + 1, sim.log.length);
        sim.seek(pos);
        const b: Branch = {
          id: nextBranchId++,
          label: branchLabel(sim.config.interventions),
          parent: parent.id,
          forkAt: at,
          sim,
          position: pos,
        };
        set({
          branches: [...s.branches, b],
          active: b.id,
          position: pos,
          length: sim.log.length,
          tick: s.tick + 1,
          playing: false,
          cause: 'branch',
          loadError: null,
        });
      },

      switchBranch(id) {
        const s = get();
        const b = s.branches.find((x) => x.id === id);
        if (!b || id === s.active) return;
        b.sim.seek(b.position);
        set({
          active: id,
          position: b.position,
          length: b.sim.log.length,
          tick: s.tick + 1,
          playing: false,
          cause: 'branch',
        });
      },

      removeBranch(id) {
        const s = get();
        const b = s.branches.find((x) => x.id === id);
        if (!b || b.parent === null) return;
        const branches = s.branches
          .filter((x) => x.id !== id)
          .map((x) => (x.parent === id ? { ...x, parent: b.parent } : x));
        if (s.active === id) {
          const parent = branches.find((x) => x.id === b.parent) ?? branches[0];
          parent.sim.seek(parent.position);
          set({
            branches,
            active: parent.id,
            position: parent.position,
            length: parent.sim.log.length,
            tick: s.tick + 1,
            playing: false,
            cause: 'branch',
          });
        } else set({ branches });
      },
    };
    return state;
  });
}

/** The URL state of what the store shows. */
export function urlStateOf(s: AppState): UrlState {
  const b = activeBranch(s);
  return { spec: s.spec, interventions: b ? b.sim.config.interventions : [], step: s.position, selection: s.selection };
}

/** Apply a URL state: reload only when the run differs; otherwise seek and select. */
export function applyUrlState(store: StoreApi<AppState>, u: UrlState): void {
  const s = store.getState();
  const b = s.branches.length ? activeBranch(s) : null;
  const sameRun =
    b && sameSpec(s.spec, u.spec) && JSON.stringify(b.sim.config.interventions) === JSON.stringify(u.interventions);
  if (!sameRun) {
    // Maybe another branch of this run is the one the URL names.
    const other = sameSpec(s.spec, u.spec)
      ? s.branches.find((x) => JSON.stringify(x.sim.config.interventions) === JSON.stringify(u.interventions))
      : undefined;
    if (other) {
      s.switchBranch(other.id);
      store.getState().seek(u.step ?? 0, 'seek');
      store.getState().select(u.selection);
      return;
    }
    s.load(u.spec, u.interventions, u.step, u.selection);
    return;
  }
  s.pause();
  s.seek(u.step ?? 0, 'seek');
  if (selectionFits(u.selection, u.spec.queueSize)) s.select(u.selection);
}
