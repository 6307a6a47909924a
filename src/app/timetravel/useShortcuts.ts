/** The global key handler of a time-travelled view: transport keys, intro, help, escape. */
import { useEffect } from 'react';
import { commandFor } from './keys';
import type { Player } from './player';

export interface ShortcutActions {
  intro: () => void;
  help: () => void;
  escape: () => void;
}

export function useShortcuts(player: Player, actions: ShortcutActions): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const tag = t?.tagName;
      const type = tag === 'INPUT' ? (t as HTMLInputElement).type : '';
      const text = (tag === 'INPUT' && !['range', 'checkbox', 'radio', 'button', 'submit'].includes(type)) || tag === 'TEXTAREA' || tag === 'SELECT' || !!t?.isContentEditable;
      const slider = type === 'range';
      const button = !!t?.closest?.('button, [role=button], a[href], summary, input[type=checkbox], input[type=radio]');
      const cmd = commandFor(e, { text, slider, button });
      if (!cmd) return;
      const dialogOpen = !!document.querySelector('dialog[open]');
      if (dialogOpen && cmd !== 'escape' && cmd !== 'help') return;
      e.preventDefault();
      const p = player.getState();
      switch (cmd) {
        case 'toggle':
          return p.toggle();
        case 'back':
          return p.stepBy(-1);
        case 'forward':
          return p.stepBy(1);
        case 'back10':
          return p.stepBy(-10);
        case 'forward10':
          return p.stepBy(10);
        case 'start':
          return p.seek(0);
        case 'end':
          return p.seek(p.length);
        case 'slower':
          return p.setSpeed(p.speed / 2);
        case 'faster':
          return p.setSpeed(p.speed * 2);
        case 'intro':
          return actions.intro();
        case 'help':
          return actions.help();
        case 'escape':
          return actions.escape();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [player, actions]);
}
