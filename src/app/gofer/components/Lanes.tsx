/**
 * The designs side by side: for each, its running RPC count and the sequence diagram of the
 * current operation. A fourth lane shows a measured count (e.g. virtiofsd's FUSE requests)
 * for operations that match a walk case — only when measured data exists.
 */
import { WALK_CASES, type CountColumn } from '../../../model/gofer/index';
import type { GoferRun } from '../run';
import type { GoferSelection } from '../explain';
import { SequenceDiagram } from './SequenceDiagram';

interface Props {
  run: GoferRun;
  measured: CountColumn | null;
  /** Walk case of the current item, for the measured lane. */
  caseId: string | null;
  selection: GoferSelection | null;
  onSelect: (s: GoferSelection) => void;
}

export function Lanes({ run, measured, caseId, selection, onSelect }: Props) {
  const item = run.item;
  // Reserve as many rows as the longest design needs for this item, over the whole run.
  const rows = Math.max(
    1,
    ...run.columns.map((c) => c.timeline.events.filter((e) => e.item === item && e.kind === 'rpc').length),
  );
  const wc = caseId ? WALK_CASES.find((w) => w.id === caseId) : undefined;
  const mCount = measured && wc ? measured.countFor(wc) : null;
  return (
    <section
      className={`panel gf-lanes${measured ? ' has-measured' : ''}`}
      aria-labelledby="gf-lanes-h"
      data-testid="gf-lanes"
    >
      <header className="panel-head">
        <h2 id="gf-lanes-h">Round trips, side by side</h2>
        <span className="muted small">the same operations through each design, in lockstep</span>
      </header>
      <div className="gf-lane-grid">
        {run.columns.map((c) => {
          const st = c.timeline.sim.state;
          return (
            <div key={c.design} className={`gf-lane gf-lane-${c.design}`} data-design={c.design}>
              <div className="gf-lane-head">
                <div>
                  <h3 className="gf-lane-title">{c.label}</h3>
                  <span className="small muted">
                    {c.mode} mode{c.note ? ' (its only mode)' : ''}
                  </span>
                </div>
                <div
                  className="gf-count"
                  title="RPCs sent so far in this run"
                  aria-label={`${c.label}: ${st.run.runningCount} RPCs so far`}
                >
                  <span className="gf-count-n mono" data-testid={`gf-count-${c.design}`}>
                    {st.run.runningCount}
                  </span>
                  <span className="small muted">RPCs</span>
                </div>
              </div>
              <SequenceDiagram
                design={c.design}
                label={c.label}
                events={item >= 0 ? run.eventsOfItem(c, item) : []}
                rows={rows}
                fresh={run.freshEvent(c)}
                selection={selection}
                onSelect={onSelect}
              />
            </div>
          );
        })}
        {measured && (
          <div className="gf-lane gf-lane-measured" data-testid="gf-lane-measured">
            <div className="gf-lane-head">
              <div>
                <h3 className="gf-lane-title">{measured.label}</h3>
                <span className="small muted">measured ({measured.protocol})</span>
              </div>
              <div className="gf-count">
                <span className="gf-count-n mono">{mCount ? mCount.count : '—'}</span>
                <span className="small muted">this op</span>
              </div>
            </div>
            <p className="small muted gf-measured-note">
              {mCount
                ? `Counted on a real mount replaying walk case “${caseId}”.${mCount.rpcs ? ` Requests: ${mCount.rpcs.join(', ')}.` : ''}`
                : 'No measurement for this operation: measured counts exist per walk case, and this step is not one.'}
            </p>
          </div>
        )}
      </div>
    </section>
  );
}
