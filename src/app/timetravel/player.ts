/**
 * Playback position of a recorded run: play, pause, step, seek, speed. A small vanilla zustand
 * store, DOM-free (the animation-frame loop is separate), so it is unit-tested in node. Moving
 * the live model is the caller's job, done synchronously in `seek` before the store changes, so a
 * component that re-renders on `tick` always finds the model at `position`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

export type SeekCause = 'load' | 'seek' | 'step' | 'play';

export interface PlayerState {
  position: number;
  length: number;
  playing: boolean;
  /** Steps per second while playing. */
  speed: number;
  /** Bumped on every move; render notifications key on it. */
  tick: number;
  cause: SeekCause;
  /** A new run: its length, where to start, and how to move its model. Stops playing. */
  load(length: number, position: number, moveTo: (n: number) => void): void;
  seek(n: number, cause?: SeekCause): void;
  stepBy(delta: number): void;
  play(): void;
  pause(): void;
  toggle(): void;
  setSpeed(stepsPerSecond: number): void;
}

export const MIN_SPEED = 0.5;
export const MAX_SPEED = 4000;

export type Player = StoreApi<PlayerState>;

export function createPlayer(speed = 10): Player {
  let moveTo: (n: number) => void = () => undefined;
  return createStore<PlayerState>()((set, get) => ({
    position: 0,
    length: 0,
    playing: false,
    speed,
    tick: 0,
    cause: 'load',
    load(length, position, move) {
      moveTo = move;
      const p = clamp(position, length);
      moveTo(p);
      set((s) => ({ length, position: p, playing: false, cause: 'load', tick: s.tick + 1 }));
    },
    seek(n, cause = 'seek') {
      const p = clamp(n, get().length);
      moveTo(p);
      // A jump made by the user stops playback; the play loop's own moves do not.
      set((s) => ({ position: p, cause, tick: s.tick + 1, playing: cause === 'play' ? s.playing : false }));
    },
    stepBy(delta) {
      get().seek(get().position + delta, 'step');
    },
    play() {
      const s = get();
      // Playing at the end restarts from the beginning, as media players do.
      if (s.position >= s.length) s.seek(0, 'seek');
      set({ playing: get().length > 0 });
    },
    pause() {
      set({ playing: false });
    },
    toggle() {
      if (get().playing) get().pause();
      else get().play();
    },
    setSpeed(v) {
      set({ speed: Math.min(MAX_SPEED, Math.max(MIN_SPEED, v)) });
    },
  }));
}

function clamp(n: number, length: number): number {
  if (!Number.isFinite(n)) return 0;
  return Math.max(0, Math.min(length, Math.round(n)));
}

/** Steps to take for `dtMs` of wall time at `speed`, carrying the fraction in `acc`. */
export function stepsFor(dtMs: number, speed: number, acc: number): { steps: number; acc: number } {
  const total = acc + (Math.min(250, Math.max(0, dtMs)) * speed) / 1000;
  const steps = Math.floor(total);
  return { steps, acc: total - steps };
}

/** Drive a player with requestAnimationFrame while it plays (browser only). */
export function startPlayLoop(player: Player): () => void {
  let raf = 0;
  let last = 0;
  let acc = 0;
  const frame = (now: number) => {
    const s = player.getState();
    if (!s.playing) {
      raf = 0;
      return;
    }
    let steps: number;
    if (!last) steps = 1; // the first frame moves at once, so Play feels immediate
    else ({ steps, acc } = stepsFor(now - last, s.speed, acc));
    last = now;
    if (steps > 0) {
      const to = Math.min(s.length, s.position + steps);
      s.seek(to, 'play');
      if (to >= s.length) {
        player.setState({ playing: false });
        raf = 0;
        return;
      }
    }
    raf = requestAnimationFrame(frame);
  };
  const unsub = player.subscribe((s, prev) => {
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
