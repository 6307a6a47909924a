/** The same scenario and seed under all three multiplexers, run to the end: which one deadlocks. */
import { memo } from 'react';
import type { MuxMode, VirtproxySummary } from '../../model/virtproxy';
import { MODE_HELP, MODE_TITLE, MODES } from './spec';

function ModeCompareImpl({
  modes,
  current,
  onPick,
}: {
  modes: Record<MuxMode, VirtproxySummary>;
  current: MuxMode;
  onPick: (m: MuxMode) => void;
}) {
  return (
    <section className="panel vp-modes" aria-labelledby="vp-modes-h">
      <header className="panel-head">
        <h2 id="vp-modes-h">Same scenario, every mode</h2>
      </header>
      <table className="pg-fig-table">
        <caption className="sr-only">Outcome of this scenario and seed under each multiplexer</caption>
        <thead>
          <tr>
            <th scope="col">Mode</th>
            <th scope="col">Outcome</th>
            <th scope="col" title="Virtual time when the run ended">
              Time (ns)
            </th>
            <th scope="col" title="Data packets / control packets (CREDIT_UPDATE and CREDIT_REQUEST)">
              Packets
            </th>
            <th scope="col" title="Time demultiplexers spent blocked on a full socket">
              Blocked (ns)
            </th>
          </tr>
        </thead>
        <tbody>
          {MODES.map((m) => {
            const s = modes[m];
            return (
              <tr key={m} className={m === current ? 'is-current' : ''} data-mode={m} data-outcome={s.outcome}>
                <th scope="row">
                  <button
                    className="link-btn"
                    onClick={() => onPick(m)}
                    title={MODE_HELP[m]}
                    aria-pressed={m === current}
                  >
                    {MODE_TITLE[m]}
                  </button>
                </th>
                <td>
                  <span className={`pill ${s.outcome === 'deadlock' ? 'pill-other' : 'pill-used'}`}>{s.outcome}</span>
                </td>
                <td className="mono" data-testid={`mode-time-${m}`}>
                  {s.timeNs}
                </td>
                <td className="mono">
                  {s.dataPackets} / {s.controlPackets}
                </td>
                <td className="mono">{s.demuxBlockedNs}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {modes.shared.cycle && (
        <p className="small muted">
          Without flow control the cycle is: {modes.shared.cycle.join(' → ')} → back to {modes.shared.cycle[0]}.
        </p>
      )}
    </section>
  );
}

export const ModeCompare = memo(ModeCompareImpl);
