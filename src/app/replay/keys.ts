/**
 * Keyboard handling of the replay page: the live view's key map plus D for the divergence
 * and L to follow a live stream. Installed on window while the page is mounted. The shortcuts
 * dialog (the kit's, through RunPage's `help`) lists the same keys.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { RunHelp } from '../kit/RunPage';
import { SHORTCUTS } from '../virtqueue/keyboard';
import { focusOf, keyCommand, runTransport, transportFor } from '../shared/shortcuts';
import type { ReplayState } from './store';

/** The dialog's table: the live view's keys that apply here, plus the replay's own. */
export const REPLAY_SHORTCUTS = [
  ...SHORTCUTS.filter((s) => !['intro', 'error'].includes(s.command)).map((s) => ({
    keys: s.keys,
    label: s.label.replace('of the run', 'of the trace'),
  })),
  { keys: ['E'], label: 'Jump to the first error in the trace' },
  { keys: ['D'], label: 'Jump to the first divergence (two traces open)' },
  { keys: ['L'], label: 'Follow live on or off: keep showing the newest step of a session that is still arriving' },
];

export const REPLAY_HELP: RunHelp = {
  headingId: 'rp-help-h',
  shortcuts: REPLAY_SHORTCUTS,
  caption: 'Every keyboard shortcut of the replay',
  note: 'On the timeline: the mouse wheel zooms, dragging pans, a click goes to that moment. Drop a file anywhere to open it; hold Shift while dropping to compare it with the open trace. While following a live session, any step, seek or scrub stops following; L (or the Follow live switch) jumps back to the newest step.',
};

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
