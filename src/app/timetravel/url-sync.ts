/**
 * Keeping a view's state in the address bar. Changes of the run (scenario, seed, settings, mode)
 * push a history entry, so Back undoes them; moves of the position only replace the entry,
 * debounced, so playing does not flood history. Back/forward re-apply the URL.
 */
export interface UrlSync {
  /** The state changed: `run` says whether it was the run (push) or only the position (replace). */
  changed(run: boolean): void;
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
    changed(run) {
      if (applying) return;
      clearTimeout(timer);
      if (run) write(true);
      else timer = window.setTimeout(() => write(false), 150);
    },
    stop() {
      clearTimeout(timer);
      window.removeEventListener('popstate', onPop);
    },
  };
}
