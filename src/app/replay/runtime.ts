/**
 * Browser wiring of the replay view: the play loop, URL sync, render notifications and
 * `window.__ringsideReplay` for tests and benchmarks. The store stays DOM-free.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ReplayState } from './store';
import { parseReplayUrl, replaySearch, resolveTraceUrl } from './url-state';
import { playLoop } from '../kit/player';

// ---- render notifications: seek() resolves once the page has drawn the step -------------

let renderedKey = '';
let wantedKey: () => string = () => '';
const waiters: (() => void)[] = [];

/** What a fully drawn step looks like: every ready slot shows the current position. */
function keyOf(s: ReplayState): string {
  return s.slots
    .map((x) => (x.status === 'ready' && x.info ? Math.min(s.position, x.info.steps.time.length) : '-'))
    .join('|');
}

/** Called by the page after each commit with the positions its slots show. */
export function notifyRendered(shown: (number | null)[]): void {
  renderedKey = shown.map((x) => (x === null ? '-' : x)).join('|');
  // Compared with what is wanted now, not when the waiter started: React may skip drawing
  // an intermediate step that a newer one replaced.
  if (renderedKey === wantedKey()) for (const w of waiters.splice(0)) w();
}

function whenRendered(): Promise<void> {
  if (renderedKey === wantedKey()) return Promise.resolve();
  return new Promise((resolve) => waiters.push(resolve));
}

// ---- play loop ------------------------------------------------------------------------

/** The kit's play loop over the replay's shared position (the longer trace's length). */
export function startPlayLoop(store: StoreApi<ReplayState>): void {
  playLoop(store, { length: (s) => s.count() });
}

// ---- URL ------------------------------------------------------------------------------

/** Opens what the address bar names; returns error messages for refused URLs. */
export function loadFromLocation(store: StoreApi<ReplayState>): string[] {
  const u = parseReplayUrl(location.search);
  const errors: string[] = [];
  const st = store.getState();
  st.setWindow(u.window);
  const pending: Promise<void>[] = [];
  ([u.trace, u.trace2] as const).forEach((value, k) => {
    if (!value) return;
    const r = resolveTraceUrl(value, location.href);
    if ('error' in r) errors.push(r.error);
    else pending.push(st.open(k as 0 | 1, { kind: 'url', url: r.url }, value, value));
  });
  if (u.position > 0) void Promise.all(pending).then(() => store.getState().seek(u.position));
  return errors;
}

/** The address for the replay's state. While following a live stream the step is "the newest", which a link cannot hold (opening the link starts a new session): it is left out. */
export function searchOf(s: ReplayState): string {
  return replaySearch({
    trace: s.slots[0].url,
    trace2: s.slots[1].url,
    position: s.follow ? 0 : s.position,
    window: s.window,
  });
}

export function startUrlSync(store: StoreApi<ReplayState>): void {
  let timer = 0;
  store.subscribe((s) => {
    clearTimeout(timer);
    // Debounced: scrubbing and zooming must not flood the history API.
    timer = window.setTimeout(() => {
      const search = searchOf(s);
      if (search !== location.search) history.replaceState(null, '', location.pathname + search);
    }, 250);
  });
}

// ---- test hook ----------------------------------------------------------------------------

export interface ReplayHook {
  /** Every load finished (a live stream: ended or stopped) and the page drew the step. */
  ready(): Promise<void>;
  count(): number;
  seek(n: number): Promise<void>;
  position(): number;
  /** Following a live stream. */
  follow(): boolean;
  /** The open live stream: where it is and the events received, or null. */
  live(): { state: string; events: number } | null;
}

export function installHook(store: StoreApi<ReplayState>): void {
  wantedKey = () => keyOf(store.getState());
  const ready = () =>
    new Promise<void>((resolve, reject) => {
      const check = (s: ReplayState) => {
        const loading = s.slots.some((x) => x.status === 'loading') || s.receiving();
        const failed = s.slots.find((x) => x.status === 'failed');
        if (failed && !loading) reject(new Error(failed.error?.message ?? 'load failed'));
        else if (!loading && s.slots.some((x) => x.status === 'ready')) {
          unsub();
          resolve(whenRendered());
        }
      };
      const unsub = store.subscribe(check);
      check(store.getState());
    });
  const hook: ReplayHook = {
    ready,
    count: () => store.getState().count(),
    position: () => store.getState().position,
    follow: () => store.getState().follow,
    live: () => {
      const info = store.getState().slots.find((x) => x.status === 'ready' && x.info?.live)?.info;
      return info?.live ? { state: info.live, events: info.steps.time.length } : null;
    },
    seek: (n) => {
      const s = store.getState();
      s.pause();
      s.seek(n);
      return whenRendered();
    },
  };
  (window as unknown as { __ringsideReplay: ReplayHook }).__ringsideReplay = hook;
}
