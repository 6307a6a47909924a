/**
 * Keyboard handling of the replay page: the live view's key map plus D for the divergence
 * and L to follow a live stream. Installed on window while the page is mounted.
 */
import type { StoreApi } from 'zustand/vanilla';
import { SHORTCUTS } from '../virtqueue/keyboard';
import { focusOf, keyCommand, runTransport, transportFor } from '../shared/shortcuts';
import type { ReplayState } from './store';

/** A plain letter key meant for the page (not typed into a field, no dialog open, no modifier). */
function pageLetter(e: KeyboardEvent, letter: string): boolean {
  if (e.key.toLowerCase() !== letter || e.ctrlKey || e.metaKey || e.altKey) return false;
  return !focusOf(e.target).text && !document.querySelector('dialog[open]');
}

export function installKeys(store: StoreApi<ReplayState>, toggleHelp: (open?: boolean) => void): () => void {
  const onKey = (e: KeyboardEvent) => {
    const st = store.getState();
    if (pageLetter(e, 'd')) {
      if (st.divergence) {
        e.preventDefault();
        st.pause();
        st.seek(st.divergence.index + 1);
      }
      return;
    }
    if (pageLetter(e, 'l')) {
      if (st.receiving()) {
        e.preventDefault();
        st.setFollow(!st.follow);
      }
      return;
    }
    const k = keyCommand(e, SHORTCUTS);
    if (!k || k.cmd === 'intro') return;
    const { cmd } = k;
    if (st.count() === 0 && cmd !== 'help' && cmd !== 'escape') return;
    e.preventDefault();
    const moved = runTransport(
      cmd,
      transportFor(store.getState, (x) => x.count()),
    );
    if (moved) return;
    switch (cmd) {
      case 'error': {
        const m = st.slots.find((s) => s.info)?.info?.markers.find((x) => x.kind === 'error');
        if (m) {
          st.pause();
          st.seek(m.step + 1);
        }
        return;
      }
      case 'help':
        return toggleHelp();
      case 'escape':
        return toggleHelp(false);
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
