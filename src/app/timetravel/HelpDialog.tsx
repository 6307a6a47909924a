/** The shortcuts dialog (listing the same table the handler uses) plus a view's own legend. */
import { useEffect, useRef, type ReactNode } from 'react';
import { SHORTCUTS } from './keys';

export function HelpDialog({ open, onClose, children }: { open: boolean; onClose: () => void; children?: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="help-dialog" aria-labelledby="tt-help-h" onClose={onClose} onCancel={onClose}>
      <header className="panel-head">
        <h2 id="tt-help-h">Keyboard shortcuts</h2>
        <button className="icon-btn" onClick={onClose} aria-label="Close the shortcuts dialog" autoFocus>
          ×
        </button>
      </header>
      <table className="shortcuts">
        <caption className="sr-only">Every keyboard shortcut</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.command}>
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
      <p className="muted small">Tab reaches every control. Anything drawn that you can click (a page range, a read, a buffer, a node of the graph) is also a button: Enter explains it.</p>
      {children}
    </dialog>
  );
}
