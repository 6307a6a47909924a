/** The replay's shortcuts dialog: the live view's keys that apply here, plus the replay's own. */
import { SHORTCUTS } from '../virtqueue/keyboard';
import { HelpDialog } from '../shared/HelpDialog';

export const REPLAY_SHORTCUTS = [
  ...SHORTCUTS.filter((s) => !['intro', 'error'].includes(s.command)).map((s) => ({
    keys: s.keys,
    label: s.label.replace('of the run', 'of the trace'),
  })),
  { keys: ['E'], label: 'Jump to the first error in the trace' },
  { keys: ['D'], label: 'Jump to the first divergence (two traces open)' },
  { keys: ['L'], label: 'Follow live on or off: keep showing the newest step of a session that is still arriving' },
];

export function ReplayHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <HelpDialog
      open={open}
      onClose={onClose}
      headingId="rp-help-h"
      shortcuts={REPLAY_SHORTCUTS}
      caption="Every keyboard shortcut of the replay"
      note="On the timeline: the mouse wheel zooms, dragging pans, a click goes to that moment. Drop a file anywhere to open it; hold Shift while dropping to compare it with the open trace. While following a live session, any step, seek or scrub stops following; L (or the Follow live switch) jumps back to the newest step."
    />
  );
}
