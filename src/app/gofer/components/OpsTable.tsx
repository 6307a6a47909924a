/**
 * Every step of the demo's script with each design's RPC count for it, filling in as the
 * run plays; finished operations say whether their answer matched the host. Clicking a row
 * goes to the start of that item.
 */
import type { CountColumn } from '../../../model/gofer/index';
import { WALK_CASES } from '../../../model/gofer/index';
import { caseForItem, describeItem, outcomeWords } from '../derive';
import type { GoferRun } from '../run';

export function OpsTable({
  run,
  measured,
  onJump,
}: {
  run: GoferRun;
  measured: CountColumn | null;
  onJump: (p: number) => void;
}) {
  const sc = run.scenario;
  const cur = run.item;
  return (
    <section className="panel" aria-labelledby="gf-ops-h" data-testid="gf-ops">
      <header className="panel-head">
        <h2 id="gf-ops-h">RPCs per operation</h2>
        <span className="muted small">click a row to go to it</span>
      </header>
      <table className="gf-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Operation</th>
            {run.columns.map((c) => (
              <th scope="col" key={c.design} title={c.note ?? `${c.label} in ${c.mode} mode`}>
                {c.label} <span className="muted small">{c.mode}</span>
              </th>
            ))}
            {measured && <th scope="col">{measured.label}</th>}
          </tr>
        </thead>
        <tbody>
          {sc.script.map((it, i) => {
            const first = run.columns.map((c, ci) => {
              const k = c.timeline.events.findIndex((e) => e.item === i);
              return k < 0 ? Infinity : run.lock.globalOf(ci, k + 1);
            });
            const start = Math.min(...first) - 1;
            const state = i < cur ? 'past' : i === cur ? 'current' : 'future';
            const wc = measured ? caseForItem(sc.tree, sc.script, i) : null;
            const m = wc && measured ? measured.countFor(WALK_CASES.find((w) => w.id === wc)!) : null;
            return (
              <tr
                key={i}
                className={`gf-row-${state}${it.type === 'remote' ? ' gf-row-remote' : ''}`}
                aria-current={state === 'current' ? 'step' : undefined}
                data-item={i}
              >
                <td className="mono">{i + 1}</td>
                <th scope="row">
                  <button
                    className="link-btn gf-op-btn"
                    onClick={() => onJump(Math.max(0, start))}
                    title="Go to the start of this step"
                  >
                    {describeItem(it)}
                  </button>
                </th>
                {run.columns.map((c) => {
                  if (it.type === 'remote')
                    return (
                      <td key={c.design} className="muted small">
                        host
                      </td>
                    );
                  if (state === 'future') return <td key={c.design} />;
                  const evs = run.eventsOfItem(c, i);
                  const n = evs.filter((e) => e.kind === 'rpc').length;
                  const end = evs.find((e) => e.kind === 'op-end');
                  const o = end?.outcome ? outcomeWords(end.outcome) : null;
                  return (
                    <td key={c.design} data-design={c.design} data-count={n}>
                      <span className="mono gf-cell-n">{n}</span>
                      {o && <span className={`gf-out gf-out-${o.tone}`}>{o.text}</span>}
                    </td>
                  );
                })}
                {measured && (
                  <td className="mono">{it.type === 'op' && state !== 'future' ? (m ? m.count : '—') : ''}</td>
                )}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <td />
            <th scope="row">total so far</th>
            {run.columns.map((c) => (
              <td key={c.design} className="mono gf-total" data-design={c.design}>
                {c.timeline.sim.state.run.runningCount}
              </td>
            ))}
            {measured && <td />}
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
