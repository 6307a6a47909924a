/**
 * The reference table, computed live from the model: round trips per walk case for each
 * design and mode, with the seed's and the reference notes' figures checked beside them.
 * A measured column (real virtiofsd counts) joins when supplied.
 */
import { useMemo } from 'react';
import {
  comparisonTable,
  DEFAULT_COLUMNS,
  REFERENCE_COUNTS,
  WALK_CASES,
  type CountColumn,
} from '../../../model/gofer/index';
import type { GoferSelection } from '../explain';
import { SHORT_LABEL } from '../run';

/** Model columns are named design/mode; a short name fits the header. */
function columnName(c: { id: string; label: string; origin: string }): string {
  if (c.origin !== 'model') return c.label;
  const [design, mode] = c.id.split('/');
  return `${SHORT_LABEL[design as keyof typeof SHORT_LABEL] ?? design} · ${mode}`;
}

export function ReferenceTable({
  measured,
  selection,
  onSelect,
}: {
  measured: CountColumn | null;
  selection: GoferSelection | null;
  onSelect: (s: GoferSelection) => void;
}) {
  const table = useMemo(
    () => comparisonTable(WALK_CASES, measured ? [...DEFAULT_COLUMNS, measured] : DEFAULT_COLUMNS),
    [measured],
  );
  return (
    <section className="panel" aria-labelledby="gf-ref-h" data-testid="gf-reference">
      <header className="panel-head">
        <h2 id="gf-ref-h">Reference: RPCs per walk case</h2>
        <span className="muted small">computed now from the model; ✓ = matches the seed or reference figure</span>
      </header>
      <div className="gf-scroll">
        <table className="gf-table gf-ref">
          <thead>
            <tr>
              <th scope="col">Case</th>
              {table.columns.map((c) => (
                <th
                  scope="col"
                  key={c.id}
                  data-column={c.id}
                  className={c.origin === 'measured' ? 'gf-measured' : undefined}
                >
                  {columnName(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.caseId} data-case={r.caseId}>
                <th scope="row" title={WALK_CASES.find((w) => w.id === r.caseId)?.description}>
                  {r.title}
                </th>
                {r.counts.map((c, i) => {
                  const col = table.columns[i];
                  const ref = REFERENCE_COUNTS.find((x) => x.caseId === r.caseId && x.column === col.id);
                  const sel = selection?.kind === 'ref' && selection.caseId === r.caseId && selection.column === col.id;
                  if (!c)
                    return (
                      <td key={col.id} className="muted">
                        n/a
                      </td>
                    );
                  const ok = ref ? ref.count === c.count : null;
                  return (
                    <td key={col.id} data-column={col.id} data-count={c.count}>
                      <button
                        className={`gf-ref-cell${sel ? ' is-selected' : ''}${ok === false ? ' is-mismatch' : ''}`}
                        onClick={() => onSelect({ kind: 'ref', caseId: r.caseId, column: col.id })}
                        aria-pressed={sel}
                        aria-label={`${r.title}, ${col.label}: ${c.count} RPCs${ref ? `; reference ${ref.count}` : ''}`}
                        title={ref ? `${ref.source}: ${ref.count}` : 'Click for the RPC sequence'}
                      >
                        <span className="mono">{c.count}</span>
                        {ok === true && <span className="gf-ref-ok">✓</span>}
                        {ok === false && <span className="gf-ref-bad">ref {ref!.count}</span>}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
