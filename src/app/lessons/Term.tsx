/**
 * A glossary word inside a lesson's text: underlined, its one-line meaning as the tooltip, and on
 * click (or Enter) a small note with the meaning and a link to the glossary entry. The note
 * stays in the text's flow, so nothing covers the run beside it.
 */
import { type ReactNode, useId, useState } from 'react';
import { GLOSSARY_PATH, glossaryEntry } from './glossary';

export function Term({ id, children }: { id: string; children?: ReactNode }) {
  const g = glossaryEntry(id);
  const [open, setOpen] = useState(false);
  const noteId = useId();
  // An unknown id is a lesson bug; say so in the page rather than show a silent plain word.
  if (!g)
    return (
      <span className="term term-missing">
        {children ?? id} (no glossary entry “{id}”)
      </span>
    );
  const label = children ?? g.term;
  return (
    <>
      <button
        type="button"
        className="term"
        title={g.short}
        aria-expanded={open}
        aria-controls={noteId}
        data-term={g.id}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </button>
      {open && (
        <span className="term-note" id={noteId} role="note" data-testid="term-note">
          <b>{g.term}</b>: {g.short} <a href={`${GLOSSARY_PATH}#${g.id}`}>glossary</a>
        </span>
      )}
    </>
  );
}
