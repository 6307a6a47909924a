/** Explains the selected RPC, dentry or reference cell; empty, it says what can be clicked. */
import { DEFAULT_COLUMNS, WALK_CASES, type CountColumn } from '../../../model/gofer/index';
import { explainDentry, explainRef, explainRpc, type Explanation, type GoferSelection } from '../explain';
import type { GoferRun } from '../run';
import type { DesignId } from '../../../model/gofer/index';

function explainSelection(
  run: GoferRun,
  focus: DesignId,
  sel: GoferSelection,
  measured: CountColumn | null,
): Explanation | null {
  if (sel.kind === 'rpc') {
    const col = run.columns.find((c) => c.design === sel.design);
    const ev = col?.timeline.events.find((e) => e.rpc?.seq === sel.seq);
    return ev?.rpc && col ? explainRpc(ev.rpc, `${col.label}, ${col.mode} mode`) : null;
  }
  if (sel.kind === 'dentry') {
    const st = run.column(focus).timeline.sim.state;
    return explainDentry(sel.path, st.run.cache.dentries[sel.path] ?? null, st.run.remote.nodes[sel.path] ?? null);
  }
  const wc = WALK_CASES.find((w) => w.id === sel.caseId);
  const col = [...DEFAULT_COLUMNS, ...(measured ? [measured] : [])].find((c) => c.id === sel.column);
  if (!wc || !col) return null;
  return explainRef(wc.title, wc.description, col.label, col.id, wc.id, col.countFor(wc));
}

export function GoferInspector({
  run,
  focus,
  selection,
  measured,
  onClear,
}: {
  run: GoferRun;
  focus: DesignId;
  selection: GoferSelection | null;
  measured: CountColumn | null;
  onClear: () => void;
}) {
  const x = selection ? explainSelection(run, focus, selection, measured) : null;
  return (
    <section className="panel inspector" aria-labelledby="gf-insp-h" data-testid="gf-inspector">
      <header className="panel-head">
        <h2 id="gf-insp-h">Inspector</h2>
        {x && (
          <button className="link-btn" onClick={onClear} aria-label="Clear the selection (Esc)">
            clear
          </button>
        )}
      </header>
      {!x ? (
        <p className="insp-empty muted small">
          Click an RPC arrow, a dentry or a cell of the reference table to see what it is and why it happens.
        </p>
      ) : (
        <>
          <h3 className="insp-title mono">{x.title}</h3>
          <table className="fields lz-facts">
            <tbody>
              {x.facts.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td className="mono">{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {x.text.map((t) => (
            <p key={t} className="insp-note small">
              {t}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
