/**
 * The one "what is this?" panel of every view: a heading, then for the selected or clicked thing
 * its title, a table of live facts and a few sentences; with nothing chosen, what can be clicked.
 * The explanation sits in a polite live region, so a screen reader hears what a click chose.
 */
import { type ReactNode, useId } from 'react';

/** What a view says about one thing: built by its explain module from the model's state. */
export interface Explanation {
  title: string;
  /** Field → value, shown as a table (monospace values). */
  facts?: readonly (readonly [string, ReactNode])[];
  /** Sentences below the facts: what it is and why it is in this state. */
  lines: readonly ReactNode[];
}

/** The two families' looks: step views (lisafs, gofer) and explain views (pgalloc, virtproxy, lessons). */
const LOOKS = {
  inspector: {
    panel: 'panel inspector',
    title: 'insp-title',
    line: 'insp-note small',
    empty: 'insp-empty muted small',
  },
  explain: { panel: 'panel tt-explain', title: 'tt-explain-title', line: 'tt-explain-line', empty: 'muted small' },
} as const;

export function ExplainPanel({
  explanation,
  onClear,
  empty,
  heading = 'Inspector',
  look = 'inspector',
  clearLabel = 'Clear the selection (Esc)',
  monoTitle = false,
  testId,
}: {
  explanation: Explanation | null;
  onClear: () => void;
  /** What to click, said while nothing is chosen. */
  empty: ReactNode;
  heading?: string;
  look?: keyof typeof LOOKS;
  clearLabel?: string;
  /** Titles that are names from the code or the protocol (paths, RPCs) read better in monospace. */
  monoTitle?: boolean;
  testId?: string;
}) {
  const id = useId();
  const l = LOOKS[look];
  const x = explanation;
  return (
    <section className={l.panel} aria-labelledby={id} data-testid={testId}>
      <header className="panel-head">
        <h2 id={id}>{heading}</h2>
        {x && (
          <button type="button" className="link-btn" onClick={onClear} aria-label={clearLabel}>
            clear
          </button>
        )}
      </header>
      <div aria-live="polite" data-testid={look === 'explain' ? 'explain' : undefined}>
        {x ? (
          <>
            <h3 className={monoTitle ? `${l.title} mono` : l.title}>{x.title}</h3>
            {x.facts && x.facts.length > 0 && <FactTable facts={x.facts} />}
            {x.lines.map((t, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one explanation never reorder
              <p key={i} className={l.line}>
                {t}
              </p>
            ))}
          </>
        ) : (
          <p className={l.empty}>{empty}</p>
        )}
      </div>
    </section>
  );
}

/** Field names and live values, two columns; the inspectors' and the summaries' table. */
export function FactTable({
  facts,
  testIds,
}: {
  facts: readonly (readonly [string, ReactNode])[];
  testIds?: string[];
}) {
  return (
    <table className="fields kit-facts">
      <tbody>
        {facts.map(([k, v], i) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td className="mono" data-testid={testIds?.[i]}>
              {v}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
