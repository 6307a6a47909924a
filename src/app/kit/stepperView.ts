/**
 * The plumbing of a view whose store builds its run from a spec (lisafs, gofer, packed): start-up
 * (what the link refused, the store, play loop, URL sync, test hook) and the page's common state,
 * keys, help, intro and selection. A page calls `startStepperPage` once at module load and
 * `page.use()` in its component; `frame` goes straight into RunPage.
 */
import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { Seekable } from '../../model/sim/steppable';
import { STEP_SHORTCUTS } from './keys';
import { type ParamRule, refusedParams } from './link-check';
import { startPlayLoop, transportOf } from './player';
import { createRenderSignal, type RenderSignal } from './render-signal';
import type { StepperStore } from './stepperStore';
import { startStepperUrlSync, type UrlCodec } from './url-sync';
import { useViewChrome, type ViewChrome } from './useShortcuts';

/** Runs at module load of the page. Returns the render signal. */
export function startStepperView<Spec, Run extends Seekable>(
  store: StepperStore<Spec, Run>,
  codec: UrlCodec<Spec>,
): RenderSignal {
  const signal = createRenderSignal();
  startPlayLoop(store);
  startStepperUrlSync(store, codec);
  return signal;
}

export interface StepperPageOptions<Spec, Run extends Seekable> {
  /** Every parameter a link to this view may carry, with its rule. */
  params: Record<string, ParamRule>;
  /** The view's store, from the address it was opened with. */
  createStore(search: string): StepperStore<Spec, Run>;
  codec: UrlCodec<Spec>;
  /** Puts the view's test hook on `window`. */
  installHook(store: StepperStore<Spec, Run>, signal: RenderSignal): void;
  /** localStorage key of "intro hidden". */
  introKey: string;
}

/** A started stepper view: its store, render signal, link, what the link refused, and its page hook. */
export interface StepperPage<Spec, Run extends Seekable> {
  store: StepperStore<Spec, Run>;
  signal: RenderSignal;
  /** The query string that reproduces what is shown now. */
  search: () => string;
  /** What the opening link asked and the view refused, read before anything rewrote the address. */
  refused: readonly string[];
  /** The page component's state and handlers (call it in the component, as a hook). */
  use<Sel>(): StepperViewState<Spec, Run, Sel>;
}

/** Runs at module load of the page: reads the link, builds the store, starts playback and URL sync. */
export function startStepperPage<Spec, Run extends Seekable>(o: StepperPageOptions<Spec, Run>): StepperPage<Spec, Run> {
  // Read before the store's URL sync rewrites the address.
  const refused = refusedParams(location.search, o.params);
  const store = o.createStore(location.search);
  const signal = startStepperView(store, o.codec);
  o.installHook(store, signal);
  const search = () => o.codec.encode(store.getState().spec, store.getState().position);
  return {
    store,
    signal,
    search,
    refused,
    use: <Sel>() => useStepperView<Spec, Run, Sel>(store, signal, o.introKey, { search, refused }),
  };
}

/** The RunPage props every stepper view passes the same way: `<RunPage {...v.frame} …>`. */
export interface StepperFrame {
  family: 'step';
  error: string | null;
  chrome: ViewChrome;
  search: () => string;
  refused: readonly string[];
  position: number;
  onJump: (position: number) => void;
}

export interface StepperViewState<Spec, Run, Sel> {
  run: Run;
  spec: Spec;
  position: number;
  /** Bumped whenever the mutable run moved: a panel that reads the model re-renders on it. */
  tick: number;
  error: string | null;
  /** What the reader clicked to inspect; Esc clears it. */
  selection: Sel | null;
  setSelection: (s: Sel | null) => void;
  clearSelection: () => void;
  /** Pause and seek (a click on a log row, a plot, a marker). */
  onJump: (position: number) => void;
  chrome: ViewChrome;
  frame: StepperFrame;
}

function useStepperView<Spec, Run extends Seekable, Sel>(
  store: StepperStore<Spec, Run>,
  signal: RenderSignal,
  introKey: string,
  link: { search: () => string; refused: readonly string[] },
): StepperViewState<Spec, Run, Sel> {
  const run = useStore(store, (s) => s.run);
  const spec = useStore(store, (s) => s.spec);
  const position = useStore(store, (s) => s.position);
  const tick = useStore(store, (s) => s.tick);
  const error = useStore(store, (s) => s.error);
  const [selection, setSelection] = useState<Sel | null>(null);
  const transport = useMemo(() => transportOf(store), [store]);
  const clearSelection = useCallback(() => setSelection(null), []);
  const chrome = useViewChrome(introKey, STEP_SHORTCUTS, transport, clearSelection);
  useLayoutEffect(() => signal.rendered(tick), [signal, tick]);
  const onJump = useCallback(
    (p: number) => {
      store.getState().pause();
      store.getState().seek(p, 'seek');
    },
    [store],
  );
  const frame: StepperFrame = {
    family: 'step',
    error,
    chrome,
    search: link.search,
    refused: link.refused,
    position,
    onJump,
  };
  return { run, spec, position, tick, error, selection, setSelection, clearSelection, onJump, chrome, frame };
}
