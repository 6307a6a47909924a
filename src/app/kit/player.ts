/**
 * Playback position of a run: play, pause, step, seek, speed. Small vanilla zustand stores,
 * DOM-free (the animation-frame loop is separate), so they are unit-tested in node. Moving the
 * live model happens synchronously in `seek` before the store changes, so a component that
 * re-renders on `tick` always finds the model at `position`.
 *
 * Two stores share the playback slice: `createPlayer` (pgalloc, virtproxy: the run lives in the
 * view's own store and is handed over with `load`) and `createStepperStore` (lisafs, gofer:
 * the store builds its run from a spec itself, see stepperStore.ts).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { transportFor, type TransportActions } from '../shared/shortcuts';

export type SeekCause = 'load' | 'seek' | 'step' | 'play';

export interface PlaybackState {
  position: number;
  length: number;
  playing: boolean;
  /** Steps per second while playing. */
  speed: number;
  /** Bumped on every move; render notifications key on it. */
  tick: number;
  /** Why the last change happened: views animate steps and play, and jump on seeks. */
  cause: SeekCause;
  seek(n: number, cause?: SeekCause): void;
  stepBy(delta: number): void;
  play(): void;
  pause(): void;
  toggle(): void;
  setSpeed(stepsPerSecond: number): void;
}

export interface PlaybackOptions {
  speed: number;
  minSpeed: number;
  maxSpeed: number;
  /**
   * false: any move but the play loop's stops playback. true: a seek keeps playing (until the
   * end), a seek to where we are is no move at all, and only stepping pauses.
   */
  seekKeepsPlaying: boolean;
  /** Move the live model to position n. */
  moveTo(n: number): void;
}

type Set<S> = StoreApi<S>['setState'];

/** The playback fields and actions, for a store whose state extends PlaybackState. */
export function playbackSlice<S extends PlaybackState>(set: Set<S>, get: () => S, o: PlaybackOptions): PlaybackState {
  return {
    position: 0,
    length: 0,
    playing: false,
    speed: o.speed,
    tick: 0,
    cause: 'load',
    seek(n, cause = 'seek') {
      const s = get();
      const p = clamp(n, s.length);
      if (o.seekKeepsPlaying && p === s.position) return;
      o.moveTo(p);
      // A jump made by the user stops playback (unless seeks keep playing); the play loop's own moves do not.
      const playing = o.seekKeepsPlaying ? s.playing && p < s.length : cause === 'play' ? s.playing : false;
      set((st) => ({ position: p, cause, tick: st.tick + 1, playing }) as Partial<S>);
    },
    stepBy(delta) {
      if (o.seekKeepsPlaying) get().pause();
      get().seek(get().position + delta, 'step');
    },
    play() {
      const s = get();
      // Playing at the end restarts from the beginning, as media players do.
      if (s.position >= s.length) s.seek(0, 'seek');
      set({ playing: o.seekKeepsPlaying || get().length > 0 } as Partial<S>);
    },
    pause() {
      if (!o.seekKeepsPlaying || get().playing) set({ playing: false } as Partial<S>);
    },
    toggle() {
      if (get().playing) get().pause();
      else get().play();
    },
    setSpeed(v) {
      set({ speed: Math.min(o.maxSpeed, Math.max(o.minSpeed, v)) } as Partial<S>);
    },
  };
}

export interface PlayerState extends PlaybackState {
  /** A new run: its length, where to start, and how to move its model. Stops playing. */
  load(length: number, position: number, moveTo: (n: number) => void): void;
}

export const MIN_SPEED = 0.5;
export const MAX_SPEED = 4000;

export type Player = StoreApi<PlayerState>;

export function createPlayer(speed = 10): Player {
  let moveTo: (n: number) => void = () => undefined;
  return createStore<PlayerState>()((set, get) => ({
    ...playbackSlice(set, get, {
      speed,
      minSpeed: MIN_SPEED,
      maxSpeed: MAX_SPEED,
      seekKeepsPlaying: false,
      moveTo: (n) => moveTo(n),
    }),
    load(length, position, move) {
      moveTo = move;
      const p = clamp(position, length);
      moveTo(p);
      set((s) => ({ length, position: p, playing: false, cause: 'load', tick: s.tick + 1 }));
    },
  }));
}

export function clamp(n: number, length: number): number {
  if (!Number.isFinite(n)) return 0;
  return Math.max(0, Math.min(length, Math.round(n)));
}

/** Steps to take for `dtMs` of wall time at `speed`, carrying the fraction in `acc`. */
export function stepsFor(dtMs: number, speed: number, acc: number): { steps: number; acc: number } {
  const total = acc + (Math.min(250, Math.max(0, dtMs)) * speed) / 1000;
  const steps = Math.floor(total);
  return { steps, acc: total - steps };
}

/** What a play loop needs of a store. */
export interface Playable {
  playing: boolean;
  speed: number;
  position: number;
  seek(n: number, cause?: SeekCause): void;
}

export interface PlayLoopOptions<S> {
  /** The run's length in this state. */
  length(s: S): number;
  /** Steps for this frame regardless of speed (e.g. 1 at "full speed"), or null to go by speed. */
  fixedSteps?(s: S): number | null;
  /** State set when the run reaches its end. */
  atEnd?: Partial<S>;
}

/**
 * Drive a store with requestAnimationFrame while it plays (browser only): `speed` steps per
 * second (several per frame at high speed), stopping at the end of the run.
 */
export function playLoop<S extends Playable>(store: StoreApi<S>, o: PlayLoopOptions<S>): () => void {
  let raf = 0;
  let last = 0;
  let acc = 0;
  const frame = (now: number) => {
    const s = store.getState();
    if (!s.playing) {
      raf = 0;
      return;
    }
    const n = o.length(s);
    let steps = o.fixedSteps?.(s) ?? null;
    if (steps === null) {
      if (!last)
        steps = 1; // the first frame moves at once, so Play feels immediate
      else ({ steps, acc } = stepsFor(now - last, s.speed, acc));
    }
    last = now;
    if (steps > 0) {
      const to = Math.min(n, s.position + steps);
      s.seek(to, 'play');
      if (to >= n) {
        store.setState({ playing: false, ...o.atEnd } as Partial<S>);
        raf = 0;
        return;
      }
    }
    raf = requestAnimationFrame(frame);
  };
  const unsub = store.subscribe((s, prev) => {
    if (s.playing && !prev.playing && !raf) {
      last = 0;
      acc = 0;
      raf = requestAnimationFrame(frame);
    }
  });
  return () => {
    unsub();
    if (raf) cancelAnimationFrame(raf);
  };
}

/** The play loop of a playback store (its state knows the run's length). */
export function startPlayLoop<S extends PlaybackState>(store: StoreApi<S>): () => void {
  return playLoop(store, { length: (s) => s.length });
}

/** The keyboard's transport commands against a playback store; Home and End pause first. */
export function transportOf<S extends PlaybackState>(store: StoreApi<S>): TransportActions {
  return transportFor(store.getState, (s) => s.length);
}
