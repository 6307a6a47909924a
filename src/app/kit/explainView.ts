/**
 * The plumbing of a view that explains what is clicked (pgalloc, virtproxy): its run lives in a
 * view store beside a player. Start-up (URL → run, play loop, URL sync) and the page's common
 * state and handlers are the same for every such view.
 */
import { useCallback, useLayoutEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { SHORTCUTS } from './keys';
import { startPlayLoop, transportOf, type Player } from './player';
import { createRenderSignal, type RenderSignal } from './render-signal';
import { startViewUrlSync, type UrlSync } from './url-sync';
import { type ParamRule, refusedParams } from './link-check';
import { useViewChrome } from './useShortcuts';
import type { Explanation } from './Widgets';

export interface ExplainViewState<Spec, Run> {
  spec: Spec;
  run: Run | null;
  /** Why the last settings could not be used (the previous run stays on screen). */
  error: string | null;
  explain: Explanation | null;
}

export interface ExplainViewOptions<V> {
  /** Every parameter a link to this view may carry, with its rule. */
  params: Record<string, ParamRule>;
  view: StoreApi<V>;
  player: Player;
  /** Apply a query string (start-up and Back/Forward). */
  applyUrl(search: string): void;
  /** The query string for the current state. */
  search(): string;
  /** Whether a new run (from the previous one) pushes a history entry. */
  pushes(s: V, prev: V): boolean;
}

/** A started explain view: its render signal, with the URL sync for state the view store does not hold. */
export interface ExplainView extends RenderSignal {
  /** Call `changed(true)` when such state changes, to push a history entry (ignored while Back/Forward applies the URL). */
  urlSync: UrlSync;
  /** The query string that reproduces what is shown now. */
  search: () => string;
  /** What the opening link asked and the view refused, read before anything rewrote the address. */
  refused: readonly string[];
}

/** Runs at module load of the page: URL → run, play loop, URL sync. Returns the render signal and the URL sync. */
export function startExplainView<Spec, Run, V extends ExplainViewState<Spec, Run>>(
  o: ExplainViewOptions<V>,
): ExplainView {
  const refused = refusedParams(location.search, o.params);
  const signal = createRenderSignal();
  o.applyUrl(location.search);
  startPlayLoop(o.player);
  const urlSync = startViewUrlSync(o.view, o.player, o.search, o.applyUrl, o.pushes);
  return { ...signal, urlSync, search: o.search, refused };
}

/** The page's common state, keys, help, intro and handlers. */
export function useExplainView<Spec, Run>(
  view: StoreApi<ExplainViewState<Spec, Run>>,
  player: Player,
  signal: ExplainView,
  introKey: string,
) {
  const tick = useStore(player, (s) => s.tick);
  const position = useStore(player, (s) => s.position);
  const spec = useStore(view, (s) => s.spec);
  const run = useStore(view, (s) => s.run);
  const error = useStore(view, (s) => s.error);
  const explain = useStore(view, (s) => s.explain);
  const transport = useMemo(() => transportOf(player), [player]);
  const clearExplain = useCallback(() => view.setState({ explain: null }), [view]);
  const chrome = useViewChrome(introKey, SHORTCUTS, transport, clearExplain);
  useLayoutEffect(() => signal.rendered(tick), [signal, tick]);
  const onExplain = useCallback((e: Explanation) => view.setState({ explain: e }), [view]);
  const onJump = useCallback((p: number) => player.getState().seek(p), [player]);
  /** The RunPage props every explain view passes the same way: `<RunPage {...frame} …>`. */
  const frame = {
    family: 'explain' as const,
    chrome,
    search: signal.search,
    refused: signal.refused,
    position,
    onJump,
  };
  return { tick, position, spec, run, error, explain, clearExplain, onExplain, onJump, chrome, frame };
}
