/**
 * "When does background stop winning?" — pick one setting and a range, and the same restore runs
 * in both modes at each value (same seed) in a worker, point by point, with a progress bar. The
 * four figures are plotted against the setting, the crossovers marked, and the result said in
 * words. The sweep goes in the URL, so a link brings it back.
 */
import { memo, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import {
  describeSweep,
  SWEEP_MAX_POINTS,
  SWEEP_MIN_POINTS,
  SWEEP_PARAM_IDS,
  SWEEP_PARAMS,
  WIN_MARGIN,
  type PgallocConfig,
  type SweepParam,
  type SweepSpec,
} from '../../model/pgalloc';
import { LegendItem } from '../shared/LegendItem';
import { NumberField } from '../kit/NumberField';
import { MODE_COLOR, MODE_LABEL } from './charts';
import { fmtMaybeNs } from './format';
import { completePoints, crossoversOf, SWEEP_METRICS, SWEEP_MODES, SWEEP_UNIT, winBands } from './sweep-chart';
import { pointsDone, type SweepController } from './sweep-store';
import { defaultSweep, sameSweep } from './sweep-url';
import { SweepChart } from './SweepChart';
import './sweep.css';

interface Props {
  controller: SweepController;
  /** The restore being swept (its mode does not matter: both are run). */
  base: PgallocConfig;
  seed: number;
}

function SweepPanelImpl({ controller, base, seed }: Props) {
  const st = useStore(controller.store);
  const [draft, setDraft] = useState<SweepSpec>(() => st.spec ?? defaultSweep('seek'));
  // A sweep from the URL (a link, Back) shows up in the controls too.
  useEffect(() => {
    if (st.spec) setDraft(st.spec);
  }, [st.spec]);
  const info = SWEEP_PARAMS[draft.param];
  const shown = st.spec;
  const cross = useMemo(() => (shown ? crossoversOf(shown, st.points) : []), [shown, st.points]);
  const all = completePoints(st.points);
  const bands = useMemo(() => (all ? winBands(all, cross) : []), [all, cross]);
  const running = st.status === 'running';
  const total = st.values.length;
  const done = pointsDone(st);
  const current = shown ? SWEEP_PARAMS[shown.param].get(base) : null;
  const run = () => (sameSweep(draft, st.spec) ? controller.rerun() : controller.request(draft));
  const pickParam = (p: SweepParam) => setDraft({ ...defaultSweep(p), points: draft.points });

  return (
    <section className="panel pg-sweep" aria-labelledby="pg-sweep-h">
      <header className="panel-head">
        <h2 id="pg-sweep-h">Sweep: when does background stop winning?</h2>
        <span className="chart-legend small">
          {SWEEP_MODES.map((m) => (
            <LegendItem key={m} color={MODE_COLOR[m]} label={MODE_LABEL[m]} />
          ))}
          <span className="lg">
            <span className="pg-sw-key-win" aria-hidden="true" /> background wins
          </span>
        </span>
      </header>
      <p className="muted small pg-sw-intro">
        Runs this restore (seed {seed}) in both modes at each value of one setting, everything else unchanged, and plots
        the figures. Background “wins” when the application finishes more than {WIN_MARGIN * 100}% sooner; the dashed
        line marks where that flips.
      </p>
      <div className="pg-sw-controls">
        <label
          className="field"
          title="The loader, disk or application setting to vary. Each value is two full runs of the restore: synchronous and --background."
        >
          <span className="field-label">Setting to sweep</span>
          <select
            aria-label="Setting to sweep"
            value={draft.param}
            onChange={(e) => pickParam(e.target.value as SweepParam)}
          >
            {SWEEP_PARAM_IDS.map((p) => {
              const applies = SWEEP_PARAMS[p].get(base) !== null;
              return (
                <option
                  key={p}
                  value={p}
                  disabled={!applies}
                  title={applies ? SWEEP_PARAMS[p].help : 'Only for the locality access pattern'}
                >
                  {SWEEP_PARAMS[p].label}
                  {applies ? '' : ' (locality pattern only)'}
                </option>
              );
            })}
          </select>
        </label>
        <NumberField
          label="From"
          unit={SWEEP_UNIT[draft.param]}
          value={draft.from}
          min={info.min}
          max={info.max}
          help={`First value of the sweep. ${info.help}`}
          onChange={(from) => setDraft({ ...draft, from: Math.round(from) })}
        />
        <NumberField
          label="To"
          unit={SWEEP_UNIT[draft.param]}
          value={draft.to}
          min={info.min}
          max={info.max}
          help={`Last value of the sweep. Values in between are spread ${info.scale === 'log' ? 'by ratio (log scale)' : 'evenly'}.`}
          onChange={(to) => setDraft({ ...draft, to: Math.round(to) })}
        />
        <NumberField
          label="Points"
          value={draft.points}
          min={SWEEP_MIN_POINTS}
          max={SWEEP_MAX_POINTS}
          help={`How many values to run (${SWEEP_MIN_POINTS}–${SWEEP_MAX_POINTS}); each is two complete restores.`}
          onChange={(points) => setDraft({ ...draft, points: Math.round(points) })}
        />
        <div className="pg-sw-buttons">
          <button
            onClick={run}
            disabled={running && sameSweep(draft, st.spec)}
            title="Run the restore in both modes at every value of the range and plot the figures (in the background: the page stays usable)"
          >
            Run sweep
          </button>
          <button
            onClick={controller.stop}
            disabled={!running}
            title="Stop computing; the points done so far stay on the plot"
          >
            Stop
          </button>
          <button
            className="ghost-btn"
            onClick={() => controller.request(null)}
            disabled={!st.spec}
            title="Remove the sweep from the page and from the link"
          >
            Clear
          </button>
        </div>
      </div>
      <p className="muted small">{info.help}</p>
      {shown && (
        <>
          <div className="pg-sw-status" data-testid="sweep-status" data-status={st.status}>
            {(running || st.status === 'stopped') && (
              <div className="pg-sw-progress-row">
                <div
                  className="rp-progress pg-sw-progress"
                  role="progressbar"
                  aria-label="Sweep progress: values computed"
                  aria-valuemin={0}
                  aria-valuemax={total}
                  aria-valuenow={done}
                  aria-valuetext={`${done} of ${total} values`}
                >
                  <div className="rp-progress-fill" style={{ width: `${total ? (100 * done) / total : 0}%` }} />
                </div>
                <span className="small mono">
                  {done} of {total} values{st.status === 'stopped' ? ' — stopped' : ''}
                </span>
              </div>
            )}
            {st.status === 'error' && (
              <p className="load-error" role="alert">
                Sweep not run: {st.error}
              </p>
            )}
          </div>
          {st.status !== 'error' && total > 0 && (
            <SweepChart
              spec={shown}
              values={st.values}
              points={st.points}
              crossovers={cross}
              bands={bands}
              current={current}
            />
          )}
          {st.status === 'done' && all && (
            <p
              className={`pg-verdict ${all.every((p) => p.backgroundWins) ? 'is-win' : 'is-nowin'}`}
              data-testid="sweep-verdict"
              role="note"
            >
              {describeSweep(shown, all, cross)}
            </p>
          )}
          {all && (
            <details className="pg-sw-table">
              <summary title="Show the figures at every value of the sweep as a table">The numbers</summary>
              <table className="pg-fig-table" data-testid="sweep-table">
                <caption className="sr-only">
                  Figures at each value of {SWEEP_PARAMS[shown.param].label.toLowerCase()}, synchronous / --background
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{SWEEP_PARAMS[shown.param].label}</th>
                    {SWEEP_METRICS.map((m) => (
                      <th key={m.key} scope="col" title={m.help}>
                        {m.label} (sync / bg)
                      </th>
                    ))}
                    <th scope="col">Background wins?</th>
                  </tr>
                </thead>
                <tbody>
                  {all.map((p) => (
                    <tr key={p.value}>
                      <th scope="row" className="mono">
                        {SWEEP_PARAMS[shown.param].format(p.value)}
                      </th>
                      {SWEEP_METRICS.map((m) => (
                        <td key={m.key} className="mono">
                          {fmtMaybeNs(m.get(p.sync))} / {fmtMaybeNs(m.get(p.background))}
                        </td>
                      ))}
                      <td>{p.backgroundWins ? 'yes' : 'no'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
          <p className="muted small">
            Shaded: background wins. Dashed: crossover. Thin line: the setting in the restore above.
          </p>
        </>
      )}
    </section>
  );
}

/** Memoised: its props (the controller, the restore's config, the seed) stay the same while playing; the sweep's own store re-renders it. */
export const SweepPanel = memo(SweepPanelImpl);
