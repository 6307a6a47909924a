/**
 * Keyboard shortcuts of the virtqueue view: its table (the shared transport keys plus E for
 * the error) drives both the handler and the help dialog. The mapping lives in shared/shortcuts.
 */
import { viewShortcuts } from '../shared/shortcuts';

export { commandFor, type Command, type KeyLike, type Shortcut } from '../shared/shortcuts';

export const SHORTCUTS = viewShortcuts('Close dialogs, clear the selection', [
  { keys: ['E'], label: 'Jump to the error (hostile runs)', command: 'error' },
]);
