/**
 * Keyboard shortcuts of the virtqueue view: its table (the shared transport keys plus E for
 * the error) drives both the handler and the help dialog. The mapping lives in shared/shortcuts.
 */
import type { RunHelp } from '../kit/RunPage';
import { viewShortcuts } from '../shared/shortcuts';

export { commandFor, type Command, type KeyLike, type Shortcut } from '../shared/shortcuts';

export const SHORTCUTS = viewShortcuts('Close dialogs, clear the selection', [
  { keys: ['E'], label: 'Jump to the error (hostile runs)', command: 'error' },
]);

/** The shortcuts dialog: this view's table and what its pictures do with keys. */
export const VQ_HELP: RunHelp = {
  headingId: 'help-h',
  shortcuts: SHORTCUTS,
  note: 'In the descriptor table and on a ring, ↑ and ↓ move between rows or slots; Enter inspects. On a big ring (drawn as one picture) Page Up/Down jump 1/64 of the ring, Home/End go to the first/last slot and N to the newest entry. Tab reaches every control.',
};
