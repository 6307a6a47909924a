/**
 * The figures the issue asks for — time to first instruction, total application stall, total
 * restore time — plus when the application finishes, for both modes side by side, and, when the
 * user changed settings, the same with the scenario's own settings. The model's comparison says
 * in words who wins and why; the bars make the difference visible at a glance.
 */
import * as d3 from 'd3';
import { memo } from 'react';
import type { ModeComparison, PgallocSummary } from '../../model/pgalloc';
import { MODE_COLOR, MODE_LABEL } from './charts';
import { fmtBytes, fmtMaybeNs } from './format';
import type { Explanation } from '../kit/Widgets';
import type { PgRun } from './run';

type Key = 'ttfi' | 'stall' | 'restore' | 'finish';

const ROWS: { key: Key; label: string; help: string; get: (s: PgallocSummary) => number | null }[] = [
  {
    key: 'ttfi',
    label: 'Time to first instruction',
    help: 'When the application runs its first instruction. Sync: after all memory is loaded. Background: as soon as the kernel is restored.',
    get: (s) => s.timeToFirstInstructionNs,
  },
  {
    key: 'stall',
    label: 'Total application stall',
    help: 'Time application threads spent blocked on memory that was not loaded yet, summed over threads. Always zero with a synchronous restore.',
    get: (s) => s.totalStallNs,
  },
  {
    key: 'restore',
    label: 'Total restore time',
    help: 'When the last saved page is back in memory (and the pages file could be closed). Empty if loading failed.',
    get: (s) => s.restoreTimeNs,
  },
  {
    key: 'finish',
    label: 'Application finishes',
    help: 'When every thread has done all its work: the honest bottom line.',
    get: (s) => s.appFinishNs,
  },
];

function Bars({ c }: { c: ModeComparison }) {
  const max = d3.max(ROWS.flatMap((r) => [r.get(c.sync) ?? 0, r.get(c.background) ?? 0])) || 1;
  const x = d3.scaleLinear().domain([0, max]).range([0, 150]);
  const rowH = 24;
  return (
    <svg width={300} height={ROWS.length * rowH + 4} className="pg-bars" aria-hidden="true">
      {ROWS.map((r, i) => (
        <g key={r.key} transform={`translate(0,${i * rowH + 2})`}>
          <text x={0} y={13} className="pg-bar-label">
            {r.label.replace('Total ', '').replace('Time to first instruction', 'first instruction')}
          </text>
          {(['sync', 'background'] as const).map((m, k) => {
            const v = r.get(c[m]);
            return (
              <rect
                key={m}
                x={140}
                y={2 + k * 9}
                height={8}
                width={v === null ? 0 : Math.max(1, x(v))}
                fill={MODE_COLOR[m]}
                rx={2}
              />
            );
          })}
        </g>
      ))}
    </svg>
  );
}

function FiguresImpl({ run, onExplain }: { run: PgRun; onExplain: (e: Explanation) => void }) {
  const c = run.comparison;
  const b = run.baseline;
  return (
    <section className={`panel pg-figures ${c.backgroundWins ? 'is-win' : 'is-nowin'}`} aria-labelledby="pg-fig-h">
      <header className="panel-head">
        <h2 id="pg-fig-h">Figures: sync vs --background</h2>
      </header>
      <table className="pg-fig-table">
        <caption className="sr-only">
          Restore figures for both modes{b ? ', with your settings and with the scenario’s' : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col" style={{ color: MODE_COLOR.sync }}>
              {MODE_LABEL.sync}
            </th>
            <th scope="col" style={{ color: MODE_COLOR.background }}>
              {MODE_LABEL.background}
            </th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r) => (
            <tr key={r.key} title={r.help}>
              <th scope="row">
                <button
                  className="link-btn pg-fig-btn"
                  onClick={() =>
                    onExplain({
                      title: r.label,
                      lines: [
                        r.help,
                        `${MODE_LABEL.sync}: ${fmtMaybeNs(r.get(c.sync))}. ${MODE_LABEL.background}: ${fmtMaybeNs(r.get(c.background))}.`,
                        ...(b
                          ? [
                              `With the scenario’s own settings: ${fmtMaybeNs(r.get(b.sync))} and ${fmtMaybeNs(r.get(b.background))}.`,
                            ]
                          : []),
                      ],
                    })
                  }
                >
                  {r.label}
                </button>
              </th>
              {(['sync', 'background'] as const).map((m) => {
                const v = r.get(c[m]);
                const bv = b ? r.get(b[m]) : null;
                return (
                  <td key={m} className="mono" data-testid={`fig-${r.key}-${m}`} data-ns={v === null ? '' : String(v)}>
                    {fmtMaybeNs(v)}
                    {b && <span className="pg-fig-base">scenario: {fmtMaybeNs(bv)}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
          <tr title="Reads issued in all; awaited ones were issued for a waiting thread.">
            <th scope="row">Reads (awaited)</th>
            {(['sync', 'background'] as const).map((m) => (
              <td key={m} className="mono" data-testid={`fig-reads-${m}`}>
                {c[m].reads} ({c[m].awaitedReads})
              </td>
            ))}
          </tr>
          <tr title="Bytes loaded divided by reads: small reads pay the per-read cost more often.">
            <th scope="row">Mean read</th>
            {(['sync', 'background'] as const).map((m) => (
              <td key={m} className="mono">
                {fmtBytes(c[m].meanReadBytes)}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <Bars c={c} />
      <p className={`pg-verdict ${c.backgroundWins ? 'is-win' : 'is-nowin'}`} data-testid="verdict" role="note">
        {c.text}
      </p>
      {b && (
        <p className="small muted" data-testid="baseline-note">
          With your settings the application finishes at {fmtMaybeNs(c.background.appFinishNs)} in background mode and{' '}
          {fmtMaybeNs(c.sync.appFinishNs)} with a synchronous restore; with the scenario’s settings it was{' '}
          {fmtMaybeNs(b.background.appFinishNs)} and {fmtMaybeNs(b.sync.appFinishNs)}.
        </p>
      )}
    </section>
  );
}

export const Figures = memo(FiguresImpl);
