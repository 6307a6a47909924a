/**
 * Keyboard shortcuts: one table drives both the handler and the help dialog, so the
 * dialog lists every shortcut there is. Pure (the key → command mapping is unit-tested).
 */

export type Command =
  | 'toggle'
  | 'back'
  | 'forward'
  | 'back10'
  | 'forward10'
  | 'start'
  | 'end'
  | 'slower'
  | 'faster'
  | 'error'
  | 'help'
  | 'escape'
  | 'intro';

export interface Shortcut {
  keys: string[];
  label: string;
  command: Command;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['Space'], label: 'Play / pause', command: 'toggle' },
  { keys: ['←'], label: 'Step back one event', command: 'back' },
  { keys: ['→'], label: 'Step forward one event', command: 'forward' },
  { keys: ['Shift', '←'], label: 'Back 10 events', command: 'back10' },
  { keys: ['Shift', '→'], label: 'Forward 10 events', command: 'forward10' },
  { keys: ['Home'], label: 'Go to the start', command: 'start' },
  { keys: ['End'], label: 'Go to the end of the run', command: 'end' },
  { keys: ['['], label: 'Slower (halve the speed)', command: 'slower' },
  { keys: [']'], label: 'Faster (double the speed)', command: 'faster' },
  { keys: ['E'], label: 'Jump to the error (hostile runs)', command: 'error' },
  { keys: ['I'], label: 'Show or hide the introduction', command: 'intro' },
  { keys: ['?'], label: 'Show this list of shortcuts', command: 'help' },
  { keys: ['Esc'], label: 'Close dialogs, clear the selection', command: 'escape' },
];

export interface KeyLike {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The command for a key press, or null. `inField`: focus is in a text field or a control that uses the key itself. */
export function commandFor(e: KeyLike, inField: { text: boolean; slider: boolean; button: boolean }): Command | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (inField.text) return e.key === 'Escape' ? 'escape' : null;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      // Space activates a focused button (or checkbox); leave it to the control.
      return inField.button ? null : 'toggle';
    case 'ArrowLeft':
      if (inField.slider) return null;
      return e.shiftKey ? 'back10' : 'back';
    case 'ArrowRight':
      if (inField.slider) return null;
      return e.shiftKey ? 'forward10' : 'forward';
    case 'Home':
      return inField.slider ? null : 'start';
    case 'End':
      return inField.slider ? null : 'end';
    case '[':
      return 'slower';
    case ']':
      return 'faster';
    case 'e':
    case 'E':
      return 'error';
    case 'i':
    case 'I':
      return 'intro';
    case '?':
      return 'help';
    case 'Escape':
      return 'escape';
    default:
      return null;
  }
}
