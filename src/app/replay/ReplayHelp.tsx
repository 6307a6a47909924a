/** The replay's shortcuts dialog: the live view's keys that apply here, plus the replay's own. */
import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../keyboard';

export const REPLAY_SHORTCUTS = [
  ...SHORTCUTS.filter((s) => !['intro', 'error'].includes(s.command)).map((s) => ({ keys: s.keys, label: s.label.replace('of the run', 'of the trace') })),
  { keys: ['E'], label: 'Jump to the first error in the trace' },
  { keys: ['D'], label: 'Jump to the first divergence (two traces open)' },
];

export function ReplayHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="help-dialog" aria-labelledby="rp-help-h" onClose={onClose} onCancel={onClose}>
      <header className="panel-head">
        <h2 id="rp-help-h">Keyboard shortcuts</h2>
        <button className="icon-btn" onClick={onClose} aria-label="Close the shortcuts dialog" autoFocus>
          ×
        </button>
      </header>
      <table className="shortcuts">
        <caption className="sr-only">Every keyboard shortcut of the replay</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {REPLAY_SHORTCUTS.map((s) => (
            <tr key={s.label}>
              <td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' + '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">On the timeline: the mouse wheel zooms, dragging pans, a click goes to that moment. Drop a file anywhere to open it; hold Shift while dropping to compare it with the open trace.</p>
    </dialog>
  );
}
