/**
 * A playback store that owns its run: which run (its spec), the run built from it, where we
 * are in it, and playback. The run object is mutable (seeking moves its model), so `tick`
 * counts moves and views re-read the model whenever it changes. DOM-free, unit-tested.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { clamp, playbackSlice, type PlaybackState } from './player';
import type { Seekable } from '../../model/sim/steppable';

export interface StepperState<Spec, Run extends Seekable> extends PlaybackState {
  spec: Spec;
  run: Run;
  /** The last spec that failed to build, and why (the previous run stays on screen). */
  error: string | null;
  load(spec: Spec, step?: number | null): void;
}

export type StepperStore<Spec, Run extends Seekable> = StoreApi<StepperState<Spec, Run>>;

export interface StepperOptions<Spec, Run extends Seekable> {
  build(spec: Spec): Run;
  spec: Spec;
  step?: number | null;
  speed?: number;
}

export function createStepperStore<Spec, Run extends Seekable>(
  opts: StepperOptions<Spec, Run>,
): StepperStore<Spec, Run> {
  const first = opts.build(opts.spec);
  const startAt = clamp(opts.step ?? 0, first.length);
  first.seek(startAt);
  return createStore<StepperState<Spec, Run>>()((set, get) => ({
    ...playbackSlice(set, get, {
      speed: opts.speed ?? 6,
      minSpeed: 0.25,
      maxSpeed: 2000,
      seekKeepsPlaying: true,
      moveTo: (n) => get().run.seek(n),
    }),
    spec: opts.spec,
    run: first,
    length: first.length,
    position: startAt,
    error: null,

    load(spec, step = null) {
      let run: Run;
      try {
        run = opts.build(spec);
      } catch (err) {
        set({ error: err instanceof Error ? err.message : String(err) });
        return;
      }
      const pos = clamp(step ?? 0, run.length);
      run.seek(pos);
      set((s) => ({
        spec,
        run,
        length: run.length,
        position: pos,
        tick: s.tick + 1,
        playing: false,
        cause: 'load',
        error: null,
      }));
    },
  }));
}
