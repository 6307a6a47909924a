/** Each process's script, with the current step marked and, if it waits, on whom and why. */
import { memo } from 'react';
import type { Action, VirtproxyModel, WaitEdge } from '../../model/virtproxy';
import type { Explanation } from '../kit/Widgets';
import { procStatus } from './derive';
import { explainProc } from './explain';

const PILL = { done: 'pill-used', sleeping: 'pill-free', waiting: 'pill-other', ready: 'pill-driver' } as const;

function actionText(a: Action): string {
  switch (a.a) {
    case 'send':
      return `send ${a.label} (${a.bytes} B)`;
    case 'recv':
      return `receive ${a.label} (${a.bytes} B)`;
    case 'signal':
      return `tell ${a.to} “${a.label}”`;
    case 'await':
      return `wait for ${a.from}: “${a.label}”`;
    case 'sleep':
      return `other work, ${a.ns} ns`;
  }
}

function ProcessesImpl({
  model,
  edges,
  onExplain,
}: {
  model: VirtproxyModel;
  tick: number;
  edges: WaitEdge[];
  onExplain: (e: Explanation) => void;
}) {
  const s = model.view();
  return (
    <section className="panel vp-procs" aria-labelledby="vp-procs-h">
      <header className="panel-head">
        <h2 id="vp-procs-h">Processes and their scripts</h2>
      </header>
      <div className="vp-proc-grid">
        {s.procs.map((p) => {
          const st = procStatus(s, p.name, edges);
          const script = model.workload.scripts[p.name];
          return (
            <div key={p.name} className={`vp-proc-card is-${st.status}`} data-proc={p.name} data-status={st.status}>
              <button
                className="vp-proc-head"
                onClick={() => onExplain(explainProc(model, p.name, edges))}
                aria-label={`${p.name}, ${p.side}, ${st.status}: explain`}
              >
                <b>{p.name}</b> <span className="muted small">{p.side}</span>{' '}
                <span className={`pill ${PILL[st.status]}`}>{st.status}</span>
              </button>
              <ol className="vp-script">
                {script.map((a, i) => (
                  <li
                    key={i}
                    className={i < p.pc ? 'is-done' : i === p.pc && p.status !== 'done' ? 'is-now' : ''}
                    aria-current={i === p.pc && p.status !== 'done' ? 'step' : undefined}
                  >
                    {actionText(a)}
                    {i === p.pc && (a.a === 'send' || a.a === 'recv') && p.progress > 0 ? (
                      <span className="muted"> · {p.progress} done</span>
                    ) : null}
                  </li>
                ))}
              </ol>
              {st.reason && <p className="vp-reason small">{st.reason}</p>}
            </div>
          );
        })}
      </div>
    </section>
  );
}

export const Processes = memo(ProcessesImpl);
