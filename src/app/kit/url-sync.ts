/**
 * Keeping a view's state in the address bar. Changes of the run (scenario, seed, settings, mode)
 * or a jump push a history entry, so Back undoes them; moves of the position only replace the
 * entry, debounced, so playing does not flood history. Back/forward re-apply the URL.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { PlaybackState } from './player';
import type { Seekable } from '../../model/sim/steppable';
import type { StepperStore } from './stepperStore';

export interface UrlSync {
  /** The state changed: `run` says whether it was the run (push) or only the position (replace, after `delayMs`). */
  changed(run: boolean, delayMs?: number): void;
  stop(): void;
}

export function startUrlSync(search: () => string, apply: (search: string) => void): UrlSync {
  let timer = 0;
  let applying = false;
  const write = (push: boolean) => {
    const s = search();
    if (s === location.search) return;
    if (push) history.pushState(null, '', location.pathname + s);
    else history.replaceState(null, '', location.pathname + s);
  };
  const onPop = () => {
    applying = true;
    try {
      apply(location.search);
    } finally {
      applying = false;
    }
  };
  window.addEventListener('popstate', onPop);
  return {
    changed(run, delayMs = 150) {
      if (applying) return;
      clearTimeout(timer);
      if (run) write(true);
      else timer = window.setTimeout(() => write(false), delayMs);
    },
    stop() {
      clearTimeout(timer);
      window.removeEventListener('popstate', onPop);
    },
  };
}

export interface UrlCodec<Spec> {
  encode(spec: Spec, step: number): string;
  decode(search: string): { spec: Spec; step: number | null };
  same(a: Spec, b: Spec): boolean;
}

/** URL sync for a stepper store: a new run or a jump pushes, stepping and playing replace. */
export function startStepperUrlSync<Spec, Run extends Seekable>(
  store: StepperStore<Spec, Run>,
  codec: UrlCodec<Spec>,
): () => void {
  const sync = startUrlSync(
    () => codec.encode(store.getState().spec, store.getState().position),
    (search) => {
      const u = codec.decode(search);
      const s = store.getState();
      if (codec.same(u.spec, s.spec)) {
        s.pause();
        s.seek(u.step ?? 0, 'seek');
      } else s.load(u.spec, u.step);
    },
  );
  const unsub = store.subscribe((s, prev) => {
    const runChanged = s.run !== prev.run || !codec.same(s.spec, prev.spec);
    const jump = s.cause === 'seek' && !s.playing && Math.abs(s.position - prev.position) > 1;
    if (runChanged || jump) sync.changed(true);
    else if (s.position !== prev.position) sync.changed(false, s.playing ? 400 : 120);
  });
  return () => {
    unsub();
    sync.stop();
  };
}

/**
 * URL sync for a view whose run lives in its own store beside a player: a new run pushes when
 * `pushes` says it is more than a mode switch away, moves of the position replace.
 */
export function startViewUrlSync<V extends { run: unknown }>(
  view: StoreApi<V>,
  player: StoreApi<PlaybackState>,
  search: () => string,
  apply: (search: string) => void,
  pushes: (s: V, prev: V) => boolean,
): UrlSync {
  const sync = startUrlSync(search, apply);
  view.subscribe((s, prev) => {
    if (s.run !== prev.run) sync.changed(!prev.run || pushes(s, prev));
  });
  player.subscribe((s, prev) => {
    if (s.position !== prev.position) sync.changed(false);
  });
  return sync;
}
