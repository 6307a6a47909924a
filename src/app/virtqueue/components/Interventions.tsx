/** Interventions fork the run at the current step into a new branch; the branches list switches between them. */
import { memo, useState } from 'react';
import type { Simulation } from '../../../model/vqsim/engine';
import { CORRUPTIONS, type Corruption } from '../../../model/vqsim/scenarios';
import type { Branch, InterventionAction } from '../store';

const DRIVER_SIDE: Corruption[] = CORRUPTIONS.filter((c) => !c.startsWith('used-'));
const DEVICE_SIDE: Corruption[] = CORRUPTIONS.filter((c) => c.startsWith('used-'));

function InterventionsImpl({
  sim,
  position,
  onIntervene,
}: {
  sim: Simulation;
  tick: number;
  position: number;
  onIntervene: (a: InterventionAction) => void;
}) {
  const heads = Object.keys(sim.engine.chains).map(Number);
  const [head, setHead] = useState<string>('');
  const [bad, setBad] = useState<Corruption>('descriptor-loop');
  const broken = sim.broken !== null && position > 0 && sim.log.slice(0, position).some((e) => e.kind === 'error');
  const chosen = heads.includes(Number(head)) ? Number(head) : heads[0];
  const why = broken ? 'The queue is broken at this step: go back before the error to intervene.' : '';
  return (
    <section className="panel interventions" aria-labelledby="iv-h">
      <header className="panel-head">
        <h2 id="iv-h">Intervene at step {position}</h2>
      </header>
      <p className="muted small">
        Each intervention forks a new run from this step; the original is kept in the branches below.
      </p>
      {why && <p className="warn small">{why}</p>}
      <div className="iv-row">
        <button
          onClick={() => onIntervene({ action: 'add-request' })}
          disabled={broken}
          title="The workload gets one more request right now; the driver adds it next"
        >
          + Add a request
        </button>
      </div>
      <div className="iv-row">
        <label className="sr-only" htmlFor="iv-head">
          Chain held by the device
        </label>
        <select
          id="iv-head"
          value={chosen ?? ''}
          onChange={(e) => setHead(e.target.value)}
          disabled={!heads.length || broken}
        >
          {heads.length === 0 && <option value="">no chain at the device</option>}
          {heads.map((h) => (
            <option key={h} value={h}>
              chain {h} ({sim.engine.chains[h].descriptors.map((d) => d.index).join('→')})
            </option>
          ))}
        </select>
        <button
          onClick={() => chosen !== undefined && onIntervene({ action: 'complete-now', head: chosen })}
          disabled={chosen === undefined || broken}
          title="Make the device finish this chain now, ahead of the others (out-of-order completion)"
        >
          Complete now
        </button>
      </div>
      <div className="iv-row">
        <label className="sr-only" htmlFor="iv-bad">
          Corruption to inject
        </label>
        <select id="iv-bad" value={bad} onChange={(e) => setBad(e.target.value as Corruption)} disabled={broken}>
          <optgroup label="Bad driver: the device must refuse">
            {DRIVER_SIDE.map((c) => (
              <option key={c} value={c}>
                {c.replace(/-/g, ' ')}
              </option>
            ))}
          </optgroup>
          <optgroup label="Bad device: the driver must refuse">
            {DEVICE_SIDE.map((c) => (
              <option key={c} value={c}>
                {c.replace(/-/g, ' ')}
              </option>
            ))}
          </optgroup>
        </select>
        <button
          className="danger"
          onClick={() => onIntervene({ action: 'corrupt', corruption: bad })}
          disabled={broken}
          title="Write a bad ring entry as a buggy or hostile side would, and watch the other side refuse it"
        >
          Corrupt
        </button>
      </div>
    </section>
  );
}

function BranchesImpl({
  branches,
  active,
  onSwitch,
  onRemove,
}: {
  branches: Branch[];
  active: number;
  onSwitch: (id: number) => void;
  onRemove: (id: number) => void;
}) {
  const depth = (b: Branch): number => {
    let d = 0;
    let p = b.parent;
    while (p !== null && d < 20) {
      const x = branches.find((y) => y.id === p);
      p = x ? x.parent : null;
      d++;
    }
    return d;
  };
  return (
    <section className="panel branches" aria-labelledby="br-h">
      <header className="panel-head">
        <h2 id="br-h">Branches</h2>
        <span className="muted small">{branches.length}</span>
      </header>
      <ul className="branch-list">
        {branches.map((b) => {
          const err = b.sim.log.find((e) => e.kind === 'error');
          return (
            <li key={b.id} style={{ paddingLeft: depth(b) * 14 }} className={b.id === active ? 'is-active' : ''}>
              <button
                className="branch-btn"
                aria-pressed={b.id === active}
                onClick={() => onSwitch(b.id)}
                title={b.forkAt === null ? 'The run as the scenario and seed produce it' : `Forked at step ${b.forkAt}`}
                data-branch={b.id}
              >
                <span className="branch-label">
                  {b.forkAt === null ? '● ' : '↳ '}
                  {b.label}
                </span>
                <span className="muted small">
                  {b.sim.log.length} steps{err ? ' · ' : ''}
                  {err && <span className="bad">error @{err.step + 1}</span>}
                </span>
              </button>
              {b.parent !== null && (
                <button
                  className="icon-btn small"
                  onClick={() => onRemove(b.id)}
                  aria-label={`Remove branch: ${b.label}`}
                  title="Remove this branch"
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export const Interventions = memo(InterventionsImpl);
export const Branches = memo(BranchesImpl);
