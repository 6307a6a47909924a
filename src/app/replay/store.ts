/**
 * The replay view's state: up to two open traces (slots), one shared position (steps are
 * aligned by index when comparing), playback, the timeline's zoom window, and following a
 * live stream (the position jumps to the newest step as prefixes arrive; any manual move
 * stops that). DOM-free: the trace backends (workers in the page, in-process sessions in
 * tests) are injected.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LoadOptions, Progress, SourceSpec, StepState, TraceInfo } from './protocol';
import { stepsDivergence, type Divergence } from './divergence';

/** What the store needs from wherever a trace lives. */
export interface TraceBackend {
  load(source: SourceSpec, options: LoadOptions): Promise<TraceInfo>;
  state(position: number, rowsFrom: number, rowsTo: number): Promise<StepState>;
  exportChrome(): Promise<Blob>;
  cancel(): void;
  /** Stop reading a live stream: the load then resolves with what has arrived. */
  stop?(): void;
}

/** A backend for one load; `onPrefix` hears each prefix of a live stream before the load resolves. */
export type MakeBackend = (onProgress: (p: Progress) => void, onPrefix: (info: TraceInfo) => void) => TraceBackend;

export interface Slot {
  /** ready: navigable — for a live stream, from its first prefix on (info.live says whether more is coming). */
  status: 'empty' | 'loading' | 'ready' | 'failed';
  /** File name or URL, for headings. */
  label: string;
  /** The URL that reopens it (null for local files: a link cannot include them). */
  url: string | null;
  progress: Progress | null;
  error: { message: string; line: number | null } | null;
  info: TraceInfo | null;
  /** State at the current position, once fetched. */
  view: StepState | null;
  /** The last source, to retry with "skip bad lines". */
  source: SourceSpec | null;
}

export const ROWS_AROUND = 12;

export interface ReplayState {
  slots: [Slot, Slot];
  position: number;
  /** Steps the shared position runs over (the longer trace); kept with the slots, as count() says. */
  length: number;
  playing: boolean;
  /** Steps per second. */
  speed: number;
  window: [number, number] | null;
  skipBadLines: boolean;
  divergence: Divergence | null;
  /** Following a live stream: the position jumps to the newest step as events arrive. */
  follow: boolean;
  open(slot: 0 | 1, source: SourceSpec, label: string, url: string | null): Promise<void>;
  cancel(slot: 0 | 1): void;
  /** Stop reading a live stream; what arrived stays open. */
  stop(slot: 0 | 1): void;
  close(slot: 0 | 1): void;
  retrySkipping(slot: 0 | 1): Promise<void>;
  /** A manual move: it also stops following a live stream. */
  seek(position: number): void;
  stepBy(delta: number): void;
  toggle(): void;
  pause(): void;
  setSpeed(sps: number): void;
  setWindow(w: [number, number] | null): void;
  setSkipBadLines(on: boolean): void;
  /** On: jump to the newest step now and as events arrive (only while a stream is arriving). */
  setFollow(on: boolean): void;
  /** Whether an open trace is a live stream still arriving. */
  receiving(): boolean;
  exportChrome(slot: 0 | 1): Promise<Blob | null>;
  /** Steps the shared position runs over (the longer trace). */
  count(): number;
}

const EMPTY: Slot = {
  status: 'empty',
  label: '',
  url: null,
  progress: null,
  error: null,
  info: null,
  view: null,
  source: null,
};

const lengthOf = ([a, b]: [Slot, Slot]) => Math.max(a.info?.steps.time.length ?? 0, b.info?.steps.time.length ?? 0);

export function createReplayStore(makeBackend: MakeBackend): StoreApi<ReplayState> {
  const backends: [TraceBackend | null, TraceBackend | null] = [null, null];
  // One state request in flight per slot; a newer position waits and replaces older ones,
  // so scrubbing never queues stale work.
  const inFlight: [boolean, boolean] = [false, false];
  const wanted: [number, number] = [-1, -1];

  const store = createStore<ReplayState>()((set, get) => {
    const patch = (k: 0 | 1, p: Partial<Slot>) =>
      set((s) => {
        const slots: [Slot, Slot] = [s.slots[0], s.slots[1]];
        slots[k] = { ...slots[k], ...p };
        return { slots, length: lengthOf(slots) };
      });

    const recompare = () => {
      const [a, b] = get().slots;
      set({ divergence: a.info && b.info ? stepsDivergence(a.info.steps, b.info.steps) : null });
    };

    const fetchState = (k: 0 | 1) => {
      const be = backends[k];
      const slot = get().slots[k];
      if (!be || slot.status !== 'ready' || !slot.info) return;
      const n = slot.info.steps.time.length;
      wanted[k] = Math.min(get().position, n);
      if (inFlight[k]) return;
      const p = wanted[k];
      inFlight[k] = true;
      be.state(p, Math.max(0, p - ROWS_AROUND), Math.min(n, p + ROWS_AROUND)).then(
        (view) => {
          inFlight[k] = false;
          if (backends[k] !== be) return;
          patch(k, { view });
          if (wanted[k] !== p) fetchState(k);
        },
        () => {
          inFlight[k] = false;
        },
      );
    };
    const refresh = () => {
      fetchState(0);
      fetchState(1);
    };

    const receiving = () => get().slots.some((s) => s.status === 'ready' && s.info?.live === 'receiving');
    /** Nothing left to follow once no stream is arriving. */
    const settleFollow = () => {
      if (get().follow && !receiving()) set({ follow: false });
    };

    /** A trace (or a live stream's newest prefix) is navigable: show it, following if asked. */
    const show = (k: 0 | 1, info: TraceInfo) => {
      const first = get().slots[k].status !== 'ready';
      patch(k, { status: 'ready', info, progress: null });
      // A stream that has not ended is followed from the start; the user may turn it off.
      if (first && info.live === 'receiving') set({ follow: true, playing: false });
      if (get().follow) set({ position: get().count() });
      else if (get().position > get().count()) set({ position: get().count() });
      settleFollow();
      recompare();
      refresh();
    };

    return {
      slots: [EMPTY, EMPTY],
      position: 0,
      length: 0,
      playing: false,
      speed: 20,
      window: null,
      skipBadLines: false,
      divergence: null,
      follow: false,

      async open(k, source, label, url) {
        backends[k]?.cancel();
        const be = makeBackend(
          (progress) => {
            // Progress is drawn only while loading: a live stream's slot is already showing its prefix.
            if (backends[k] === be && get().slots[k].status === 'loading') patch(k, { progress });
          },
          (info) => {
            if (backends[k] === be) show(k, info);
          },
        );
        backends[k] = be;
        inFlight[k] = false;
        patch(k, { ...EMPTY, status: 'loading', label, url, source });
        settleFollow();
        if (k === 0) set({ playing: false });
        try {
          const info = await be.load(source, { skipBadLines: get().skipBadLines });
          if (backends[k] !== be) return;
          show(k, info);
        } catch (e) {
          if (backends[k] !== be) return;
          backends[k] = null;
          be.cancel();
          const line = (e as { line?: unknown }).line;
          patch(k, {
            status: 'failed',
            progress: null,
            error: {
              message: e instanceof Error ? e.message : String(e),
              line: typeof line === 'number' ? line : null,
            },
          });
          settleFollow();
          recompare();
        }
      },

      cancel(k) {
        const be = backends[k];
        if (!be) return;
        backends[k] = null;
        be.cancel();
        patch(k, { status: 'failed', progress: null, error: { message: 'Loading was cancelled.', line: null } });
        settleFollow();
      },

      stop(k) {
        backends[k]?.stop?.();
      },

      close(k) {
        backends[k]?.cancel();
        backends[k] = null;
        patch(k, EMPTY);
        settleFollow();
        recompare();
      },

      async retrySkipping(k) {
        const s = get().slots[k];
        if (!s.source) return;
        set({ skipBadLines: true });
        await get().open(k, s.source, s.label, s.url);
      },

      count() {
        return get().length;
      },

      seek(position) {
        if (get().follow) set({ follow: false });
        const p = Math.max(0, Math.min(get().count(), Math.round(position)));
        if (p !== get().position) set({ position: p });
        refresh();
      },
      stepBy(d) {
        set({ playing: false });
        get().seek(get().position + d);
      },
      toggle() {
        const s = get();
        if (!s.playing && s.position >= s.count()) s.seek(0);
        // Playing moves the position itself: it stops following.
        set(get().playing ? { playing: false } : { playing: true, follow: false });
      },
      pause() {
        set({ playing: false });
      },
      setSpeed(sps) {
        set({ speed: Math.max(0.25, Math.min(100000, sps)) });
      },
      setWindow(w) {
        set({ window: w });
      },
      setSkipBadLines(on) {
        set({ skipBadLines: on });
      },
      setFollow(on) {
        if (!on) set({ follow: false });
        else if (receiving()) {
          set({ follow: true, playing: false, position: get().count() });
          refresh();
        }
      },
      receiving,
      async exportChrome(k) {
        const be = backends[k];
        return be && get().slots[k].status === 'ready' ? be.exportChrome() : null;
      },
    };
  });
  return store;
}
