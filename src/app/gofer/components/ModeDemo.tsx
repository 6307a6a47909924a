/**
 * The demo's own comparison: the runs the scenario lists (often one design in each interop
 * mode), each run to the end, showing per operation whether the answer matched the host.
 * This is where a host-side change is seen in one mode and missed in another.
 */
import { useMemo } from 'react';
import { DESIGNS, GoferSim, type GoferScenario, type OpRecord } from '../../../model/gofer/index';
import { describeItem, outcomeWords } from '../derive';
import { SHORT_LABEL } from '../run';

function runAll(sc: GoferScenario): { label: string; ops: OpRecord[] }[] {
  return sc.runs
    .filter((r) => DESIGNS[r.design].modes.includes(r.mode))
    .map((r) => {
      const sim = new GoferSim({ design: r.design, mode: r.mode, tree: sc.tree, script: sc.script });
      sim.run();
      return { label: `${SHORT_LABEL[r.design]} · ${r.mode}`, ops: sim.state.ops };
    });
}

export function ModeDemo({ scenario, item }: { scenario: GoferScenario; item: number }) {
  const runs = useMemo(() => runAll(scenario), [scenario]);
  return (
    <section className="panel" aria-labelledby="gf-demo-h" data-testid="gf-demo">
      <header className="panel-head">
        <h2 id="gf-demo-h">This demo, mode by mode</h2>
        <span className="muted small">each run to the end: does the answer match the host?</span>
      </header>
      <p className="small muted gf-demo-desc">{scenario.description}</p>
      <div className="gf-scroll">
        <table className="gf-table">
          <thead>
            <tr>
              <th scope="col">Step</th>
              {runs.map((r) => (
                <th scope="col" key={r.label}>
                  {r.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {scenario.script.map((it, i) => (
              <tr
                key={i}
                className={`${i === item ? 'gf-row-current' : ''}${it.type === 'remote' ? ' gf-row-remote' : ''}`}
                aria-current={i === item ? 'step' : undefined}
              >
                <th scope="row">{describeItem(it)}</th>
                {runs.map((r) => {
                  const op = r.ops.find((o) => o.index === i);
                  if (!op)
                    return (
                      <td key={r.label} className="muted small">
                        —
                      </td>
                    );
                  const o = outcomeWords(op.outcome);
                  return (
                    <td key={r.label}>
                      <span className="mono gf-cell-n">{op.count}</span>
                      <span className={`gf-out gf-out-${o.tone}`}>{o.text}</span>
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
