/**
 * The plumbing of a view whose store builds its run from a spec (lisafs, gofer): start-up
 * (play loop, URL sync) and the page's common state, keys, help, intro and selection.
 */
import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { STEP_SHORTCUTS } from './keys';
import { startPlayLoop, transportOf } from './player';
import { createRenderSignal, type RenderSignal } from './render-signal';
import type { StepperStore } from './stepperStore';
import type { Seekable } from '../../model/sim/steppable';
import { startStepperUrlSync, type UrlCodec } from './url-sync';
import { useViewChrome } from './useShortcuts';

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

export function useStepperView<Spec, Run extends Seekable, Sel>(
  store: StepperStore<Spec, Run>,
  signal: RenderSignal,
  introKey: string,
) {
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
  return { run, spec, position, tick, error, selection, setSelection, clearSelection, onJump, ...chrome };
}
