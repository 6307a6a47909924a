/** Explains whatever is selected, with its live fields; empty, it says how to use it. */
import type { PoolState } from '../../../model/lisafs/index';
import { explain, type PoolSelection } from '../explain';

export function PoolInspector({
  state,
  selection,
  onClear,
}: {
  state: Readonly<PoolState>;
  selection: PoolSelection | null;
  onClear: () => void;
}) {
  const x = selection ? explain(state, selection) : null;
  return (
    <section className="panel inspector" aria-labelledby="lz-insp-h" data-testid="lz-inspector">
      <header className="panel-head">
        <h2 id="lz-insp-h">Inspector</h2>
        {x && (
          <button className="link-btn" onClick={onClear} aria-label="Clear the selection (Esc)">
            clear
          </button>
        )}
      </header>
      {!x ? (
        <p className="insp-empty muted small">
          Click a caller, a channel, its state word or window, the stack, the socket or the watchdog to see what it is
          and why it is in this state.
        </p>
      ) : (
        <>
          <h3 className="insp-title">{x.title}</h3>
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
