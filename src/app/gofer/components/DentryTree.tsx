/**
 * The chosen design's dentry cache next to the host's truth: each name with its cache state,
 * the attributes the client holds (with the clock its mtime came from), the host's, and the
 * fids/FDs it holds. The current event's changes are highlighted.
 */
import type { DesignId } from '../../../model/gofer/index';
import { clockName, clockTime, dentryRows } from '../derive';
import type { GoferSelection } from '../explain';
import { SHORT_LABEL, type GoferRun } from '../run';

const STATUS_LABEL = {
  fresh: 'fresh',
  stale: 'stale',
  negative: 'negative',
  'wrong-negative': 'negative, wrong',
  uncached: 'not cached',
} as const;

export function DentryTree({
  run,
  focus,
  onFocus,
  selection,
  onSelect,
}: {
  run: GoferRun;
  focus: DesignId;
  onFocus: (d: DesignId) => void;
  selection: GoferSelection | null;
  onSelect: (s: GoferSelection) => void;
}) {
  const col = run.column(focus);
  const st = col.timeline.sim.state;
  const fresh = run.freshEvent(col);
  const rows = dentryRows(st.run.cache.dentries, st.run.remote.nodes, fresh?.touched);
  return (
    <section className="panel gf-tree" aria-labelledby="gf-tree-h" data-testid="gf-tree">
      <header className="panel-head">
        <h2 id="gf-tree-h">Dentry cache vs the host</h2>
        <div className="gf-tabs" role="radiogroup" aria-label="Whose cache to show">
          {run.columns.map((c) => (
            <label key={c.design} className={`gf-tab${c.design === focus ? ' is-on' : ''}`}>
              <input
                type="radio"
                name="gf-focus"
                value={c.design}
                checked={c.design === focus}
                onChange={() => onFocus(c.design)}
              />
              {SHORT_LABEL[c.design]}
            </label>
          ))}
        </div>
      </header>
      <table className="gf-table gf-dentries">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Cache</th>
            <th scope="col" title="What the client believes: inode, size, and mtime with the clock that produced it">
              Client holds
            </th>
            <th scope="col" title="The truth on the host: inode, size, mtime on the host clock">
              Host has
            </th>
            <th scope="col" title="The fid (9P) or control FD (lisafs) the dentry holds, and its open handle">
              fid / handle
            </th>
            <th scope="col" title="When the client last checked this dentry against the host (sandbox clock)">
              Checked at
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const d = r.dentry;
            const sel = selection?.kind === 'dentry' && selection.path === r.path;
            return (
              <tr
                key={r.path}
                className={`gf-dentry st-${r.status}${r.touched ? ` touched-${r.touched}` : ''}`}
                data-path={r.path}
                data-status={r.status}
              >
                <th scope="row">
                  <button
                    className={`gf-name${sel ? ' is-selected' : ''}`}
                    style={{ paddingLeft: 6 + r.depth * 14 }}
                    onClick={() => onSelect({ kind: 'dentry', path: r.path })}
                    aria-pressed={sel}
                    title={`${r.path}: click to inspect`}
                  >
                    <span className="mono">{r.name}</span>
                    {r.touched && <span className="gf-touch">{r.touched}</span>}
                  </button>
                </th>
                <td>
                  <span className={`pill gf-pill-${r.status}`}>{STATUS_LABEL[r.status]}</span>
                </td>
                <td className="mono small">
                  {d?.attrs ? (
                    <>
                      ino {d.attrs.ino} · {d.attrs.type === 'file' ? `${d.attrs.size} B` : 'dir'}
                      <br />
                      mtime {clockTime(d.attrs.mtime)}{' '}
                      <span className={`gf-clock gf-clock-${d.attrs.mtimeClock}`}>{clockName(d.attrs.mtimeClock)}</span>
                    </>
                  ) : d?.negative ? (
                    'does not exist (negative)'
                  ) : (
                    '—'
                  )}
                </td>
                <td className="mono small">
                  {r.remote ? (
                    <>
                      ino {r.remote.ino} · {r.remote.type === 'file' ? `${r.remote.size} B` : 'dir'}
                      <br />
                      mtime {clockTime(r.remote.mtime)} <span className="gf-clock gf-clock-remote">host clock</span>
                    </>
                  ) : (
                    'absent'
                  )}
                </td>
                <td className="mono small">
                  {d?.fid ?? '—'} / {d?.handle ?? '—'}
                  {d?.hostFd ? ' (host FD)' : ''}
                  {d && d.page.dirtyBytes > 0 ? ` · ${d.page.dirtyBytes} B dirty` : ''}
                </td>
                <td className="mono small">{d ? clockTime(d.revalidatedAt) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {col.note && <p className="small muted">{col.note}</p>}
    </section>
  );
}
