/**
 * The page's wiring around the store: the play loop (requestAnimationFrame), URL sync
 * with history (back/forward), render notifications, and `window.__ringside` for tests
 * and benchmarks. Browser-only; the store itself stays DOM-free.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { Simulation } from '../../model/vqsim/engine';
import { activeSim, applyUrlState, urlStateOf, type AppState, type InterventionAction } from './store';
import { parseUrl, sameSpec, toSearch } from './url';
import { computeOwners, OWNERS } from '../rings/owners';
import { playLoop } from '../kit/player';

// ---- render notifications ------------------------------------------------------------

let renderedTick = -1;
const waiters: { tick: number; resolve: () => void }[] = [];

/** Called by the App after each commit with the store tick it rendered. */
export function notifyRendered(tick: number): void {
  renderedTick = tick;
  for (let i = waiters.length - 1; i >= 0; i--) {
    if (waiters[i].tick <= tick) {
      const w = waiters.splice(i, 1)[0];
      requestAnimationFrame(() => w.resolve());
    }
  }
}

function whenRendered(tick: number): Promise<void> {
  if (renderedTick >= tick) return new Promise((r) => requestAnimationFrame(() => r()));
  return new Promise((resolve) => waiters.push({ tick, resolve }));
}

// ---- play loop ------------------------------------------------------------------------

export function startPlayLoop(store: StoreApi<AppState>): () => void {
  return playLoop(store, {
    length: (s) => activeSim(s).log.length,
    fixedSteps: (s) => (s.fullSpeed ? 1 : null),
    atEnd: { fullSpeed: false },
  });
}

// ---- URL and history ---------------------------------------------------------------------

export function startUrlSync(store: StoreApi<AppState>): () => void {
  let applying = false;
  let timer = 0;
  const write = (push: boolean) => {
    const search = toSearch(urlStateOf(store.getState()));
    if (search === location.search) return;
    if (push) history.pushState(null, '', search);
    else history.replaceState(null, '', search);
  };
  const unsub = store.subscribe((s, prev) => {
    if (applying || !s.branches.length) return;
    const runChanged = s.active !== prev.active || !sameSpec(s.spec, prev.spec) || s.branches !== prev.branches;
    const discreteJump =
      s.cause === 'seek' && s.position !== prev.position && Math.abs(s.position - prev.position) > 1 && !s.playing;
    if (runChanged || discreteJump) {
      clearTimeout(timer);
      write(true);
    } else if (s.position !== prev.position || s.selection !== prev.selection) {
      // Stepping, playing and scrubbing replace the entry (debounced) so history is not flooded.
      clearTimeout(timer);
      timer = window.setTimeout(() => write(false), s.playing ? 400 : 120);
    }
  });
  const onPop = () => {
    applying = true;
    try {
      applyUrlState(store, parseUrl(location.search));
    } finally {
      applying = false;
    }
  };
  window.addEventListener('popstate', onPop);
  return () => {
    unsub();
    window.removeEventListener('popstate', onPop);
  };
}

// ---- test and benchmark hook ---------------------------------------------------------------

export interface RingsideHook {
  store: StoreApi<AppState>;
  /** The live Simulation of the active branch (read the model through this). */
  sim(): Simulation;
  position(): number;
  /** Seek and resolve once the page has rendered that step. */
  seek(position: number): Promise<number>;
  play(opts?: { fullSpeed?: boolean; speed?: number }): void;
  pause(): void;
  intervene(action: InterventionAction): void;
  /** Owner name per descriptor as the page colours them (for cross-checks). */
  owners(): string[];
  /** Resolves after the current state is on screen. */
  rendered(): Promise<void>;
}

declare global {
  interface Window {
    __ringside?: RingsideHook;
  }
}

export function installHook(store: StoreApi<AppState>): void {
  window.__ringside = {
    store,
    sim: () => activeSim(store.getState()),
    position: () => store.getState().position,
    async seek(n) {
      store.getState().pause();
      store.getState().seek(n, 'seek');
      await whenRendered(store.getState().tick);
      return store.getState().position;
    },
    play(opts = {}) {
      if (opts.speed) store.getState().setSpeed(opts.speed);
      store.getState().play(!!opts.fullSpeed);
    },
    pause: () => store.getState().pause(),
    intervene: (a) => store.getState().intervene(a),
    owners() {
      const m = computeOwners(activeSim(store.getState()).vq);
      return Array.from(m.owner, (o) => OWNERS[o]);
    },
    rendered: () => whenRendered(store.getState().tick),
  };
}
