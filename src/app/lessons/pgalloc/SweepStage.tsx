/**
 * A sweep as a lesson shows it: the /pgalloc view's sweep charts, the points revealed so far
 * (the run's position), and the same points as a table, the one just revealed outlined.
 */
import { SWEEP_PARAMS } from '../../../model/pgalloc';
import { SweepChart } from '../../pgalloc/SweepChart';
import { crossoversOf, winBands } from '../../pgalloc/sweep-chart';
import { fmtMaybeNs } from '../../pgalloc/format';
import type { SweepRun } from './pg-run';
import '../../pgalloc/sweep.css';
import './pg-lesson.css';

export function SweepStage({ run, position }: { run: SweepRun; position: number }) {
  const shown = run.points.map((p, i) => (i < position ? p : null));
  const all = position >= run.length;
  const cross = all ? crossoversOf(run.sweep, shown) : [];
  const bands = all ? winBands(run.points, cross) : [];
  const info = SWEEP_PARAMS[run.sweep.param];
  return (
    <div className="pg-stage" data-testid="sweep-stage">
      <p className="pg-stage-watch" data-testid="watch">
        <b>Watch:</b> the two finish times (“Application finished”) as {info.label.toLowerCase()} grows, and where the
        shaded stretch — background wins — ends.
      </p>
      <SweepChart spec={run.sweep} values={run.values} points={shown} crossovers={cross} bands={bands} current={null} />
      <div className="pg-sweep-scroll">
        <table className="pg-sweep-table" aria-label="Sweep points shown so far">
          <thead>
            <tr>
              <th scope="col">{info.label}</th>
              <th scope="col">plain restore: done</th>
              <th scope="col">--background: done</th>
              <th scope="col">verdict</th>
            </tr>
          </thead>
          <tbody>
            {run.points.slice(0, position).map((p, i) => (
              <tr key={p.value} className={i === position - 1 ? 'is-marked-panel' : ''}>
                <td>{info.format(p.value)}</td>
                <td>{fmtMaybeNs(p.sync.finishNs)}</td>
                <td>{fmtMaybeNs(p.background.finishNs)}</td>
                <td className={p.backgroundWins ? 'is-win' : 'is-lose'}>
                  {p.backgroundWins ? 'background wins' : 'no win'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
