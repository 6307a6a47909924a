/**
 * The sweep shown under the pgalloc view: which sweep is asked for (it lives in the URL), for
 * which restore, and the points computed so far. The computation runs elsewhere — in a worker in
 * the page, inline in tests — and reports one point at a time, so the view can draw a progress
 * bar and partial lines while the main thread stays free. A new request, or a change of the
 * restore being swept (scenario, seed, settings), cancels what was running and starts again.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  sweepSteps,
  sweepValues,
  validateSweep,
  type PgallocConfig,
  type SweepPoint,
  type SweepSpec,
} from '../../model/pgalloc';
import type { SweepReply, SweepRequest } from './sweep-protocol';
import { sameSweep } from './sweep-url';

export type SweepStatus = 'idle' | 'running' | 'done' | 'stopped' | 'error';

export interface SweepViewState {
  /** The sweep asked for (what the URL says), or null for none. */
  spec: SweepSpec | null;
  /** The restore the points belong to (see SweepTarget.key). */
  key: string | null;
  status: SweepStatus;
  values: number[];
  /** Index-aligned with `values`; null until computed. */
  points: (SweepPoint | null)[];
  error: string | null;
}

/** How many of the sweep's points are computed so far. */
export function pointsDone(s: Pick<SweepViewState, 'points'>): number {
  return s.points.reduce((n, p) => (p ? n + 1 : n), 0);
}

/** The restore a sweep varies one setting of. */
export interface SweepTarget {
  /** Names the restore: equal keys mean equal base config and seed. */
  key: string;
  base: PgallocConfig;
  seed: number;
}

/** Something that computes the points of a request and reports them; returns a cancel function. */
export type SweepBackend = (req: SweepRequest, reply: (r: SweepReply) => void) => () => void;

/** In a worker: off the main thread; cancelling terminates it. */
export const workerBackend: SweepBackend = (req, reply) => {
  const w = new Worker(new URL('./sweep.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ringside-pgalloc-sweep',
  });
  w.onmessage = (ev: MessageEvent<SweepReply>) => reply(ev.data);
  w.onerror = (ev) => reply({ type: 'error', message: ev.message || 'the sweep worker failed' });
  w.postMessage(req);
  return () => w.terminate();
};

/** On this thread, one point per task (tests, and pages without workers). */
export const inlineBackend: SweepBackend = (req, reply) => {
  const steps = sweepSteps(req.base, req.seed, req.param, req.values);
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const next = () => {
    const step = steps.next();
    if (step.done) return;
    reply(step.value);
    // The reply may have cancelled this sweep.
    if (!cancelled) timer = setTimeout(next, 0);
  };
  timer = setTimeout(next, 0);
  return () => {
    cancelled = true;
    if (timer !== null) clearTimeout(timer);
  };
};

const EMPTY: SweepViewState = { spec: null, key: null, status: 'idle', values: [], points: [], error: null };

export interface SweepController {
  store: StoreApi<SweepViewState>;
  /** Ask for a sweep (null: none). Starts it, on the next microtask, unless it is already shown. */
  request(spec: SweepSpec | null): void;
  /** The restore may have changed: re-sweep if so. */
  retarget(): void;
  /** Compute the asked-for sweep again from scratch (after a stop or an error). */
  rerun(): void;
  /** Stop computing; the points so far stay. */
  stop(): void;
}

/**
 * `target()` is read when a sweep starts, so several changes in one task (a URL applied: run
 * settings and sweep together) start one computation, for their final state.
 */
export function createSweepController(backend: SweepBackend, target: () => SweepTarget | null): SweepController {
  const store = createStore<SweepViewState>()(() => EMPTY);
  let job = 0;
  let cancel: (() => void) | null = null;
  let scheduled = false;
  let force = false;

  const halt = () => {
    cancel?.();
    cancel = null;
  };

  const start = (spec: SweepSpec, t: SweepTarget) => {
    halt();
    try {
      validateSweep(spec, t.base);
    } catch (e) {
      store.setState({
        ...EMPTY,
        spec,
        key: t.key,
        status: 'error',
        error: e instanceof Error ? e.message : String(e),
      });
      return;
    }
    const values = sweepValues(spec);
    const id = ++job;
    store.setState({ spec, key: t.key, status: 'running', values, points: values.map(() => null), error: null });
    const stopThis = backend({ base: t.base, seed: t.seed, param: spec.param, values }, (r) => {
      // Only the latest job may change the state: a cancelled one can still have replies in flight.
      if (id !== job) return;
      if (r.type === 'point') {
        const points = store.getState().points.slice();
        points[r.index] = r.point;
        store.setState({ points });
      } else if (r.type === 'done') {
        halt();
        store.setState({ status: 'done' });
      } else {
        halt();
        store.setState({ status: 'error', error: r.message });
      }
    });
    // A backend may finish before returning; only keep a cancel for a job still running.
    if (id === job && store.getState().status === 'running') cancel = stopThis;
  };

  const sync = () => {
    scheduled = false;
    const s = store.getState();
    const t = target();
    if (!s.spec || !t) {
      halt();
      if (s.status !== 'idle' || s.points.length) store.setState({ ...EMPTY, spec: s.spec });
      return;
    }
    const current = s.key === t.key && s.status !== 'idle';
    if (force || !current) start(s.spec, t);
    force = false;
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(sync);
  };

  return {
    store,
    request(spec) {
      const s = store.getState();
      if (sameSweep(spec, s.spec)) return schedule();
      halt();
      // Forget points of another sweep at once, so nothing stale is drawn under the new spec.
      store.setState({ ...EMPTY, spec });
      schedule();
    },
    retarget: schedule,
    rerun() {
      force = true;
      schedule();
    },
    stop() {
      if (store.getState().status !== 'running') return;
      halt();
      job++;
      store.setState({ status: 'stopped' });
    },
  };
}
