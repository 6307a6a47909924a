/**
 * Keyboard shortcuts of the time-travelled views. One table drives both the handler and the
 * help dialog, so the dialog lists every shortcut there is. Pure, so the mapping is unit-tested.
 */
export type Command = 'toggle' | 'back' | 'forward' | 'back10' | 'forward10' | 'start' | 'end' | 'slower' | 'faster' | 'intro' | 'help' | 'escape';

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
  { keys: ['I'], label: 'Show or hide the introduction', command: 'intro' },
  { keys: ['?'], label: 'Show this list of shortcuts', command: 'help' },
  { keys: ['Esc'], label: 'Close the dialog, clear the explanation', command: 'escape' },
];

export interface KeyLike {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** Where focus is: keys that a focused control uses itself are left to it. */
export interface FocusKind {
  text: boolean;
  slider: boolean;
  button: boolean;
}

export function commandFor(e: KeyLike, focus: FocusKind): Command | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (focus.text) return e.key === 'Escape' ? 'escape' : null;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      return focus.button ? null : 'toggle';
    case 'ArrowLeft':
      return focus.slider ? null : e.shiftKey ? 'back10' : 'back';
    case 'ArrowRight':
      return focus.slider ? null : e.shiftKey ? 'forward10' : 'forward';
    case 'Home':
      return focus.slider ? null : 'start';
    case 'End':
      return focus.slider ? null : 'end';
    case '[':
      return 'slower';
    case ']':
      return 'faster';
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
