import type { StoreApi } from 'zustand/vanilla';
import type { PlaybackState } from './player';

/**
 * "Has the page drawn tick N yet?" Views call `rendered(tick)` after each commit; test hooks
 * await `when(tick)`, so a seek resolves only once the screen shows that step.
 */
export interface RenderSignal {
  rendered(tick: number): void;
  when(tick: number): Promise<void>;
}

export function createRenderSignal(): RenderSignal {
  let done = -1;
  const waiting: { tick: number; resolve: () => void }[] = [];
  // One more animation frame, so layout effects (canvas, d3) have run too.
  const frame = (f: () => void) =>
    typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => f()) : setTimeout(f, 0);
  return {
    rendered(tick) {
      done = Math.max(done, tick);
      for (let i = waiting.length - 1; i >= 0; i--) {
        if (waiting[i].tick <= done) frame(waiting.splice(i, 1)[0].resolve);
      }
    },
    when(tick) {
      if (done >= tick) return new Promise((r) => frame(r));
      return new Promise((resolve) => waiting.push({ tick, resolve }));
    },
  };
}

/** The moving parts of a view's window hook: position, length, a seek that resolves once drawn, and a wait for the current tick. */
export function playbackHook(store: StoreApi<PlaybackState>, signal: RenderSignal) {
  const st = () => store.getState();
  return {
    position: () => st().position,
    length: () => st().length,
    async seek(n: number): Promise<number> {
      st().pause();
      st().seek(n, 'seek');
      await signal.when(st().tick);
      return st().position;
    },
    rendered: () => signal.when(st().tick),
  };
}
