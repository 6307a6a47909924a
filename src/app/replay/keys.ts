/**
 * Keyboard handling of the replay page: the live view's key map (commandFor) plus D for
 * the divergence. Installed on window while the page is mounted.
 */
import type { StoreApi } from 'zustand/vanilla';
import { commandFor } from '../keyboard';
import type { ReplayState } from './store';

export function installKeys(store: StoreApi<ReplayState>, toggleHelp: (open?: boolean) => void): () => void {
  const onKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement | null;
    const tag = t?.tagName;
    const isText = (tag === 'INPUT' && !['range', 'checkbox', 'button', 'submit', 'file'].includes((t as HTMLInputElement).type)) || tag === 'TEXTAREA' || tag === 'SELECT' || !!t?.isContentEditable;
    const isSlider = tag === 'INPUT' && (t as HTMLInputElement).type === 'range';
    const isButton = !!t?.closest?.('button, [role=button], a[href], summary, input[type=checkbox]');
    const st = store.getState();
    const dialogOpen = !!document.querySelector('dialog[open]');
    if (!isText && !dialogOpen && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === 'd' || e.key === 'D')) {
      if (st.divergence) {
        e.preventDefault();
        st.pause();
        st.seek(st.divergence.index + 1);
      }
      return;
    }
    const cmd = commandFor(e, { text: isText, slider: isSlider, button: isButton });
    if (!cmd || cmd === 'intro') return;
    if (dialogOpen && cmd !== 'escape' && cmd !== 'help') return;
    if (st.count() === 0 && cmd !== 'help' && cmd !== 'escape') return;
    e.preventDefault();
    switch (cmd) {
      case 'toggle':
        return st.toggle();
      case 'back':
        return st.stepBy(-1);
      case 'forward':
        return st.stepBy(1);
      case 'back10':
        return st.stepBy(-10);
      case 'forward10':
        return st.stepBy(10);
      case 'start':
        st.pause();
        return st.seek(0);
      case 'end':
        st.pause();
        return st.seek(st.count());
      case 'slower':
        return st.setSpeed(st.speed / 2);
      case 'faster':
        return st.setSpeed(st.speed * 2);
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
