/**
 * Keyboard shortcuts of every view. Each view lists its shortcuts in one table that drives
 * both its key handler (commandFor only answers commands the table has) and its help dialog,
 * so the dialog lists every shortcut there is. The mapping is pure and unit-tested.
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
  | 'divergence'
  | 'follow'
  | 'intro'
  | 'help'
  | 'escape';

export interface Shortcut {
  keys: string[];
  label: string;
  command: Command;
}

/** Moving through a run: the same keys in every view. */
export const TRANSPORT_SHORTCUTS: Shortcut[] = [
  { keys: ['Space'], label: 'Play / pause', command: 'toggle' },
  { keys: ['←'], label: 'Step back one event', command: 'back' },
  { keys: ['→'], label: 'Step forward one event', command: 'forward' },
  { keys: ['Shift', '←'], label: 'Back 10 events', command: 'back10' },
  { keys: ['Shift', '→'], label: 'Forward 10 events', command: 'forward10' },
  { keys: ['Home'], label: 'Go to the start', command: 'start' },
  { keys: ['End'], label: 'Go to the end of the run', command: 'end' },
  { keys: ['['], label: 'Slower (halve the speed)', command: 'slower' },
  { keys: [']'], label: 'Faster (double the speed)', command: 'faster' },
];

/** A view's table: the transport keys, the view's own, then intro, help and Esc (which says what it clears). */
export function viewShortcuts(escapeLabel: string, extra: Shortcut[] = []): Shortcut[] {
  return [
    ...TRANSPORT_SHORTCUTS,
    ...extra,
    { keys: ['I'], label: 'Show or hide the introduction', command: 'intro' },
    { keys: ['?'], label: 'Show this list of shortcuts', command: 'help' },
    { keys: ['Esc'], label: escapeLabel, command: 'escape' },
  ];
}

export interface KeyLike {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** Where focus is: a text field takes every key, a slider its arrows, a button Space. */
export interface FocusKind {
  text: boolean;
  slider: boolean;
  button: boolean;
}

/** The command for a key press, or null; with `table`, only the commands the view has. */
export function commandFor(e: KeyLike, focus: FocusKind, table?: readonly Shortcut[]): Command | null {
  const cmd = anyCommandFor(e, focus);
  return cmd && table && !table.some((s) => s.command === cmd) ? null : cmd;
}

function anyCommandFor(e: KeyLike, focus: FocusKind): Command | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (focus.text) return e.key === 'Escape' ? 'escape' : null;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      // Space activates a focused button (or checkbox); leave it to the control.
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
    case 'e':
    case 'E':
      return 'error';
    case 'd':
    case 'D':
      return 'divergence';
    case 'l':
    case 'L':
      return 'follow';
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

/** What kind of control a key event's target is (DOM). */
export function focusOf(target: EventTarget | null): FocusKind {
  const t = target as HTMLElement | null;
  const tag = t?.tagName;
  const type = tag === 'INPUT' ? (t as HTMLInputElement).type : '';
  const text =
    (tag === 'INPUT' && !['range', 'checkbox', 'radio', 'button', 'submit', 'file'].includes(type)) ||
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    !!t?.isContentEditable;
  const slider = type === 'range';
  const button = !!t?.closest?.('button, [role=button], a[href], summary, input[type=checkbox], input[type=radio]');
  return { text, slider, button };
}

/**
 * The command of a global key press for a view with this table, or null. While a dialog is
 * open only help and escape pass (the dialog owns the other keys).
 */
export function keyCommand(
  e: KeyboardEvent,
  table?: readonly Shortcut[],
): { cmd: Command; dialogOpen: boolean } | null {
  const cmd = commandFor(e, focusOf(e.target), table);
  if (!cmd) return null;
  const dialogOpen = !!document.querySelector('dialog[open]');
  if (dialogOpen && cmd !== 'escape' && cmd !== 'help') return null;
  return { cmd, dialogOpen };
}

/** What the transport commands do, in a view's own terms. */
export interface TransportActions {
  toggle(): void;
  stepBy(delta: number): void;
  toStart(): void;
  toEnd(): void;
  speed(): number;
  setSpeed(stepsPerSecond: number): void;
}

/** Runs a transport command; false for the commands a view handles itself. */
export function runTransport(cmd: Command, t: TransportActions): boolean {
  switch (cmd) {
    case 'toggle':
      t.toggle();
      return true;
    case 'back':
      t.stepBy(-1);
      return true;
    case 'forward':
      t.stepBy(1);
      return true;
    case 'back10':
      t.stepBy(-10);
      return true;
    case 'forward10':
      t.stepBy(10);
      return true;
    case 'start':
      t.toStart();
      return true;
    case 'end':
      t.toEnd();
      return true;
    case 'slower':
      t.setSpeed(t.speed() / 2);
      return true;
    case 'faster':
      t.setSpeed(t.speed() * 2);
      return true;
    default:
      return false;
  }
}

/** What the transport commands need of a store's state. */
export interface Movable {
  speed: number;
  toggle(): void;
  stepBy(delta: number): void;
  pause(): void;
  seek(position: number, cause?: 'seek'): void;
  setSpeed(stepsPerSecond: number): void;
}

/** Transport actions against a store's state; Home and End pause, then seek. */
export function transportFor<S extends Movable>(
  get: () => S,
  length: (s: S) => number,
  clampSpeed: (v: number) => number = (v) => v,
): TransportActions {
  const to = (end: boolean) => {
    const s = get();
    s.pause();
    s.seek(end ? length(s) : 0, 'seek');
  };
  return {
    toggle: () => get().toggle(),
    stepBy: (d) => get().stepBy(d),
    toStart: () => to(false),
    toEnd: () => to(true),
    speed: () => get().speed,
    setSpeed: (v) => get().setSpeed(clampSpeed(v)),
  };
}
