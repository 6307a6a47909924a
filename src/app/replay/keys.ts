/**
 * Keyboard of the replay page: the kit's key handler with the transport keys, E for the first
 * error, D for the divergence and L to follow a live stream. Until a trace is open only ? and Esc
 * are in the table, so the other keys are left to the page. The shortcuts dialog (the kit's,
 * through RunPage's `help`) lists the same table.
 */
import { useMemo } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { RunHelp } from '../kit/RunPage';
import { useShortcuts, type ViewCommands } from '../kit/useShortcuts';
import { transportFor, viewShortcuts } from '../shared/shortcuts';
import type { ReplayState } from './store';

/** The dialog's table and the handler's: the transport keys over the trace, plus the replay's own. */
export const REPLAY_SHORTCUTS = viewShortcuts('Close dialogs, clear the selection', [
  { keys: ['E'], label: 'Jump to the first error in the trace', command: 'error' },
  { keys: ['D'], label: 'Jump to the first divergence (two traces open)', command: 'divergence' },
  {
    keys: ['L'],
    label: 'Follow live on or off: keep showing the newest step of a session that is still arriving',
    command: 'follow',
  },
])
  .filter((s) => s.command !== 'intro')
  .map((s) => ({ ...s, label: s.label.replace('of the run', 'of the trace') }));

/** Before a trace is open: only the dialog's keys. */
const IDLE_SHORTCUTS = REPLAY_SHORTCUTS.filter((s) => s.command === 'help' || s.command === 'escape');

export const REPLAY_HELP: RunHelp = {
  headingId: 'rp-help-h',
  shortcuts: REPLAY_SHORTCUTS,
  caption: 'Every keyboard shortcut of the replay',
  note: 'On the timeline: the mouse wheel zooms, dragging pans, a click goes to that moment. Drop a file anywhere to open it; hold Shift while dropping to compare it with the open trace. While following a live session, any step, seek or scrub stops following; L (or the Follow live switch) jumps back to the newest step.',
};

function commandsOf(store: StoreApi<ReplayState>): ViewCommands {
  const jump = (step: number) => {
    store.getState().pause();
    store.getState().seek(step);
  };
  return {
    error: () => {
      const m = store
        .getState()
        .slots.find((s) => s.info)
        ?.info?.markers.find((x) => x.kind === 'error');
      if (m) jump(m.step + 1);
    },
    divergence: () => {
      const d = store.getState().divergence;
      if (d) jump(d.index + 1);
    },
    follow: () => {
      const st = store.getState();
      if (st.receiving()) st.setFollow(!st.follow);
    },
  };
}

/** The replay's keys while the page is mounted; `open` says whether a trace is open. */
export function useReplayKeys(
  store: StoreApi<ReplayState>,
  open: boolean,
  setHelp: (f: (open: boolean) => boolean) => void,
): void {
  const transport = useMemo(() => transportFor(store.getState, (x) => x.count()), [store]);
  const actions = useMemo(
    () => ({
      intro: () => {},
      help: () => setHelp((h) => !h),
      escape: () => setHelp(() => false),
      commands: commandsOf(store),
    }),
    [store, setHelp],
  );
  useShortcuts(open ? REPLAY_SHORTCUTS : IDLE_SHORTCUTS, transport, actions);
}
