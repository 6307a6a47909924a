/**
 * The chrome every time-travelled view has: the global key handler (transport keys against the
 * view's store, plus intro, help and escape), the help dialog's open state and the intro toggle.
 */
import { useEffect, useMemo, useState } from 'react';
import { type Command, keyCommand, runTransport, type Shortcut, type TransportActions } from '../shared/shortcuts';
import { useIntroToggle } from './Widgets';

export interface ShortcutActions {
  intro: () => void;
  help: () => void;
  escape: (dialogOpen: boolean) => void;
  /** The view's own commands, those its table adds to the common ones (the virtqueue view's E). */
  commands?: ViewCommands;
}

/** What a view's own keys do, by command. */
export type ViewCommands = Partial<Record<Command, () => void>>;

export function useShortcuts(table: readonly Shortcut[], transport: TransportActions, actions: ShortcutActions): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = keyCommand(e, table);
      if (!k) return;
      e.preventDefault();
      if (runTransport(k.cmd, transport)) return;
      if (k.cmd === 'intro') actions.intro();
      else if (k.cmd === 'help') actions.help();
      else if (k.cmd === 'escape') actions.escape(k.dialogOpen);
      else actions.commands?.[k.cmd]?.();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [table, transport, actions]);
}

export interface ViewChrome {
  help: boolean;
  setHelp: (open: boolean) => void;
  intro: boolean;
  toggleIntro: () => void;
}

/**
 * Keys, help dialog and intro of a view; Esc closes the dialog if one is open, else calls `clear`.
 * `commands` (kept stable by the caller) does what the view's own keys in `table` ask.
 */
export function useViewChrome(
  introKey: string,
  table: readonly Shortcut[],
  transport: TransportActions,
  clear: () => void,
  commands?: ViewCommands,
): ViewChrome {
  const [help, setHelp] = useState(false);
  const [intro, toggleIntro] = useIntroToggle(introKey);
  const actions = useMemo(
    () => ({
      intro: toggleIntro,
      help: () => setHelp((h) => !h),
      escape: (dialogOpen: boolean) => (dialogOpen ? setHelp(false) : clear()),
      commands,
    }),
    [toggleIntro, clear, commands],
  );
  useShortcuts(table, transport, actions);
  return { help, setHelp, intro, toggleIntro };
}
