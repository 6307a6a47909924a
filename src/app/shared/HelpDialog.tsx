/** The keyboard-shortcuts dialog of every view: the view's own table, a note, and its legend as children. */
import { useEffect, useRef, type ReactNode } from 'react';

export interface HelpRow {
  keys: string[];
  label: string;
}

interface Props {
  open: boolean;
  onClose: () => void;
  /** Id of the heading that names the dialog (unique per view). */
  headingId: string;
  shortcuts: readonly HelpRow[];
  caption?: string;
  note: ReactNode;
  children?: ReactNode;
}

export function HelpDialog({
  open,
  onClose,
  headingId,
  shortcuts,
  caption = 'Every keyboard shortcut',
  note,
  children,
}: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="help-dialog" aria-labelledby={headingId} onClose={onClose} onCancel={onClose}>
      <header className="panel-head">
        <h2 id={headingId}>Keyboard shortcuts</h2>
        <button className="icon-btn" onClick={onClose} aria-label="Close the shortcuts dialog" autoFocus>
          ×
        </button>
      </header>
      <table className="shortcuts">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {shortcuts.map((s) => (
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
      <p className="muted small">{note}</p>
      {children}
    </dialog>
  );
}
