/**
 * Global shortcuts for a stepper view. The page passes its own handlers for help, intro and
 * escape; everything about moving through the run is handled here against the store.
 */
import { useEffect } from 'react';
import { stepCommandFor } from './keys';
import type { Seekable } from './timeline';
import type { StepperStore } from './store';

export interface KeyHandlers {
  help(): void;
  intro(): void;
  escape(dialogOpen: boolean): void;
}

export function useStepperKeys<Spec, Run extends Seekable>(store: StepperStore<Spec, Run>, handlers: KeyHandlers): void {
  const { help, intro, escape } = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const tag = t?.tagName;
      const type = tag === 'INPUT' ? (t as HTMLInputElement).type : '';
      const text = (tag === 'INPUT' && !['range', 'checkbox', 'radio', 'button', 'submit'].includes(type)) || tag === 'TEXTAREA' || tag === 'SELECT' || !!t?.isContentEditable;
      const slider = type === 'range';
      const button = !!t?.closest?.('button, [role=button], a[href], summary, input[type=checkbox], input[type=radio]');
      const cmd = stepCommandFor(e, { text, slider, button });
      if (!cmd) return;
      const dialogOpen = !!document.querySelector('dialog[open]');
      if (dialogOpen && cmd !== 'escape' && cmd !== 'help') return;
      e.preventDefault();
      const s = store.getState();
      switch (cmd) {
        case 'toggle':
          s.toggle();
          break;
        case 'back':
          s.stepBy(-1);
          break;
        case 'forward':
          s.stepBy(1);
          break;
        case 'back10':
          s.stepBy(-10);
          break;
        case 'forward10':
          s.stepBy(10);
          break;
        case 'start':
          s.pause();
          s.seek(0, 'seek');
          break;
        case 'end':
          s.pause();
          s.seek(s.run.length, 'seek');
          break;
        case 'slower':
          s.setSpeed(s.speed / 2);
          break;
        case 'faster':
          s.setSpeed(s.speed * 2);
          break;
        case 'intro':
          intro();
          break;
        case 'help':
          help();
          break;
        case 'escape':
          escape(dialogOpen);
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, help, intro, escape]);
}
