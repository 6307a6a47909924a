/**
 * The chrome every time-travelled view has: the global key handler (transport keys against the
 * view's store, plus intro, help and escape), the help dialog's open state and the intro toggle.
 */
import { useEffect, useMemo, useState } from 'react';
import { keyCommand, runTransport, type Shortcut, type TransportActions } from '../shared/shortcuts';
import { useIntroToggle } from './Widgets';

export interface ShortcutActions {
  intro: () => void;
  help: () => void;
  escape: (dialogOpen: boolean) => void;
}

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

/** Keys, help dialog and intro of a view; Esc closes the dialog if one is open, else calls `clear`. */
export function useViewChrome(
  introKey: string,
  table: readonly Shortcut[],
  transport: TransportActions,
  clear: () => void,
): ViewChrome {
  const [help, setHelp] = useState(false);
  const [intro, toggleIntro] = useIntroToggle(introKey);
  const actions = useMemo(
    () => ({
      intro: toggleIntro,
      help: () => setHelp((h) => !h),
      escape: (dialogOpen: boolean) => (dialogOpen ? setHelp(false) : clear()),
    }),
    [toggleIntro, clear],
  );
  useShortcuts(table, transport, actions);
  return { help, setHelp, intro, toggleIntro };
}
