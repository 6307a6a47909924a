/**
 * Keyboard shortcuts of the time-travelled views: the shared transport table (shared/shortcuts)
 * with each family's Esc, and the help dialog's props for each. One table drives both the
 * handler and the dialog, so the dialog lists every shortcut there is.
 */
import {
  commandFor as anyCommandFor,
  viewShortcuts,
  type Command,
  type FocusKind,
  type KeyLike,
  type Shortcut,
} from '../shared/shortcuts';

/** pgalloc, virtproxy: Esc clears the explanation. */
export const SHORTCUTS: Shortcut[] = viewShortcuts('Close the dialog, clear the explanation');
/** lisafs, gofer: Esc clears the selection. */
export const STEP_SHORTCUTS: Shortcut[] = viewShortcuts('Close dialogs, clear the selection');

export const commandFor = (e: KeyLike, focus: FocusKind): Command | null => anyCommandFor(e, focus, SHORTCUTS);
export const stepCommandFor = (e: KeyLike, focus: FocusKind): Command | null => anyCommandFor(e, focus, STEP_SHORTCUTS);

/** The shortcuts dialog of each family: its table, heading id and note (the view adds its legend). */
export const EXPLAIN_HELP = {
  headingId: 'tt-help-h',
  shortcuts: SHORTCUTS,
  note: 'Tab reaches every control. Anything drawn that you can click (a page range, a read, a buffer, a node of the graph) is also a button: Enter explains it.',
};
export const STEP_HELP = {
  headingId: 'stephelp-h',
  shortcuts: STEP_SHORTCUTS,
  note: 'Tab reaches every control; Enter or Space on a part of the picture explains it in the inspector.',
};
