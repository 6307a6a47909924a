/**
 * A small vanilla zustand store for a snapshot-based run: which run (its spec), where we
 * are in it, and playback. The run object is mutable (seeking moves its model), so `tick`
 * counts moves and views re-read the model whenever it changes. DOM-free, unit-tested.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Seekable } from './timeline';

export type Cause = 'load' | 'step' | 'seek' | 'play';

export interface StepperState<Spec, Run extends Seekable> {
  spec: Spec;
  run: Run;
  position: number;
  tick: number;
  playing: boolean;
  /** Steps per second. */
  speed: number;
  /** Why the last change happened: views animate steps and play, and jump on seeks. */
  cause: Cause;
  /** The last spec that failed to build, and why (the previous run stays on screen). */
  error: string | null;

  load(spec: Spec, step?: number | null): void;
  seek(position: number, cause?: Cause): void;
  stepBy(delta: number): void;
  play(): void;
  pause(): void;
  toggle(): void;
  setSpeed(sps: number): void;
}

export type StepperStore<Spec, Run extends Seekable> = StoreApi<StepperState<Spec, Run>>;

export interface StepperOptions<Spec, Run extends Seekable> {
  build(spec: Spec): Run;
  spec: Spec;
  step?: number | null;
  speed?: number;
}

export function createStepperStore<Spec, Run extends Seekable>(opts: StepperOptions<Spec, Run>): StepperStore<Spec, Run> {
  const first = opts.build(opts.spec);
  const startAt = clamp(first, opts.step ?? 0);
  first.seek(startAt);
  return createStore<StepperState<Spec, Run>>()((set, get) => ({
    spec: opts.spec,
    run: first,
    position: startAt,
    tick: 0,
    playing: false,
    speed: opts.speed ?? 6,
    cause: 'load',
    error: null,

    load(spec, step = null) {
      let run: Run;
      try {
        run = opts.build(spec);
      } catch (err) {
        set({ error: err instanceof Error ? err.message : String(err) });
        return;
      }
      const pos = clamp(run, step ?? 0);
      run.seek(pos);
      set((s) => ({ spec, run, position: pos, tick: s.tick + 1, playing: false, cause: 'load', error: null }));
    },

    seek(position, cause = 'seek') {
      const s = get();
      const pos = clamp(s.run, position);
      if (pos === s.position) return;
      s.run.seek(pos);
      set({ position: pos, tick: s.tick + 1, cause, playing: s.playing && pos < s.run.length });
    },

    stepBy(delta) {
      get().pause();
      get().seek(get().position + delta, 'step');
    },

    play() {
      const s = get();
      // Playing from the end starts over, as a media player does.
      if (s.position >= s.run.length) s.seek(0, 'seek');
      set({ playing: true });
    },
    pause() {
      if (get().playing) set({ playing: false });
    },
    toggle() {
      if (get().playing) get().pause();
      else get().play();
    },
    setSpeed(sps) {
      set({ speed: Math.min(2000, Math.max(0.25, sps)) });
    },
  }));
}

function clamp(run: Seekable, p: number): number {
  return Math.max(0, Math.min(run.length, Math.round(Number.isFinite(p) ? p : 0)));
}
