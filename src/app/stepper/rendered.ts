/**
 * "Has the page drawn this state yet?" The page reports each store tick it committed; tests
 * (through a window hook) wait for the tick they caused, then one more frame for paint.
 */
export interface RenderSignal {
  notify(tick: number): void;
  when(tick: number): Promise<void>;
}

export function createRenderSignal(): RenderSignal {
  let rendered = -1;
  const waiters: { tick: number; resolve: () => void }[] = [];
  const frame = (fn: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => fn()) : setTimeout(fn, 0));
  return {
    notify(tick) {
      rendered = Math.max(rendered, tick);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i].tick <= tick) {
          const w = waiters.splice(i, 1)[0];
          frame(w.resolve);
        }
      }
    },
    when(tick) {
      if (rendered >= tick) return new Promise((r) => frame(r));
      return new Promise((resolve) => waiters.push({ tick, resolve }));
    },
  };
}
