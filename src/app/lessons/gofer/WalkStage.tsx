/**
 * A path walk as a lesson shows it: the /gofer view's sequence diagram for the operation in
 * progress, and the client's dentry cache beside the host's files (what the client believes
 * against what is true). Clicking an RPC says why the client sent it.
 */
import { dentryRows } from '../../gofer/derive';
import type { GoferSelection } from '../../gofer/explain';
import { SequenceDiagram } from '../../gofer/components/SequenceDiagram';
import { SHORT_LABEL } from '../../gofer/run';
import type { WalkRun } from './walk-run';
import './walk-lesson.css';
import { StageWatch, usePickedHere } from '../stage-view';

const STATUS: Record<string, string> = {
  fresh: 'fresh',
  stale: 'stale',
  negative: 'negative',
  'wrong-negative': 'negative, wrong',
  uncached: 'not cached',
};

export function WalkStage({ run, position, watch }: { run: WalkRun; position: number; watch?: string }) {
  const [sel, setSel] = usePickedHere<GoferSelection>(position);
  const shown = run.shown(position);
  const events = shown.events;
  const fresh = position > 0 ? run.events[position - 1] : null;
  const st = run.state.run;
  const rows = dentryRows(st.cache.dentries, st.remote.nodes, fresh?.touched);
  const picked = sel?.kind === 'rpc' ? events.find((e) => e.rpc?.seq === sel.seq)?.rpc : null;
  const item = run.script[shown.item];
  const label = `${SHORT_LABEL[run.spec.design]}, ${run.spec.mode}`;
  return (
    <div className="walk-stage" data-testid="walk-stage">
      <StageWatch text={watch} />
      <p className="walk-stage-op small">
        <b>{label}</b> · {events.length === 0 ? 'next: ' : ''}
        {item
          ? item.type === 'op'
            ? `${item.op}("${item.path}")`
            : `the host: ${item.change} ${item.path}`
          : 'the script is done'}
      </p>
      <SequenceDiagram
        design={run.spec.design}
        label={label}
        events={events}
        rows={Math.max(1, run.maxRpcs())}
        fresh={fresh}
        selection={sel}
        onSelect={setSel}
      />
      {picked && (
        <p className="walk-stage-why small" data-testid="rpc-why">
          <b>{picked.name}</b> {picked.args} → {picked.result}: {picked.why}
        </p>
      )}
      <table className="walk-cache" aria-label="The client's dentry cache against the host's files">
        <thead>
          <tr>
            <th scope="col">path</th>
            <th scope="col">cached</th>
            <th scope="col">client's inode · size</th>
            <th scope="col">host's inode · size</th>
            <th scope="col">fid</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.path} className={`st-${r.status}${r.touched ? ' is-touched' : ''}`} data-path={r.path}>
              <th scope="row" className="mono">
                {r.path}
              </th>
              <td>{STATUS[r.status] ?? r.status}</td>
              <td className="mono">
                {r.dentry?.attrs ? `${r.dentry.attrs.ino} · ${r.dentry.attrs.size}` : r.dentry?.negative ? 'none' : '—'}
              </td>
              <td className="mono">{r.remote ? `${r.remote.ino} · ${r.remote.size}` : 'absent'}</td>
              <td className="mono">{r.dentry?.fid ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
