/**
 * The loader's state at this step: its operation slots (reads in flight), the priority deque of
 * awaited ranges, and the application's threads. Every item is a button that explains itself.
 */
import { PAGE_SIZE, type PgallocModel, type ReadOp } from '../../model/pgalloc';
import type { Explanation } from '../kit/Widgets';
import { explainDequeEntry, explainRead, explainThread } from './explain';
import { fmtBytes, fmtNs } from './format';

interface Props {
  model: PgallocModel;
  tick: number;
  onExplain: (e: Explanation) => void;
}

export function OpSlots({
  model,
  onExplain,
  marked,
}: Props & {
  /** Reads to outline (a lesson's "watch these reads"). */
  marked?: (op: ReadOp) => boolean;
}) {
  const L = model.view().loader;
  const cap = model.config.loader.maxInflight;
  const awaited = L.inflight.filter((o) => o.awaited).length;
  const empty = Math.max(0, cap - L.inflight.length);
  return (
    <section className="panel pg-slots" aria-labelledby="pg-slots-h">
      <header className="panel-head">
        <h2 id="pg-slots-h">Operation slots</h2>
        <span className="muted small" data-testid="slots-summary">
          {L.inflight.length} of {cap} in flight · {awaited} awaited
        </span>
      </header>
      <div
        className="pg-slot-grid"
        role="group"
        aria-label={`${L.inflight.length} reads in flight out of ${cap} slots`}
      >
        {L.inflight.map((o) => (
          <button
            key={o.id}
            className={`pg-slot ${o.awaited ? 'is-awaited' : 'is-background'}${o.short ? ' is-short' : ''}${marked?.(o) ? ' is-marked' : ''}`}
            data-op={o.id}
            onClick={() => onExplain(explainRead(model, o))}
            aria-label={`Read #${o.id}: ${fmtBytes(o.pages * PAGE_SIZE)}, ${o.awaited ? 'awaited' : 'background'}, ${o.iovecs.length} iovecs`}
            title={`Read #${o.id}: ${fmtBytes(o.pages * PAGE_SIZE)} ${o.awaited ? '(awaited)' : '(background)'}, done at ${fmtNs(o.completesAt)}`}
          />
        ))}
        {Array.from({ length: Math.min(empty, 2048) }, (_, i) => (
          <span key={`f${i}`} className="pg-slot is-free" aria-hidden="true" />
        ))}
      </div>
      <p className="muted small pg-key">
        <span className="pg-key-sq is-background" aria-hidden="true" /> background read ·{' '}
        <span className="pg-key-sq is-awaited" aria-hidden="true" /> awaited read (a thread waits) ·{' '}
        <span className="pg-key-sq is-free" aria-hidden="true" /> free slot
        {L.err ? <b className="bad"> · loader stopped: {L.err}</b> : null}
      </p>
    </section>
  );
}

export function PriorityDeque({ model, onExplain }: Props) {
  const s = model.view();
  const q = s.loader.priority;
  const shown = q.slice(0, 40);
  const st = s.stats;
  return (
    <section className="panel pg-deque" aria-labelledby="pg-deque-h">
      <header className="panel-head">
        <h2 id="pg-deque-h">Priority deque</h2>
        <span className="muted small" data-testid="deque-summary">
          {q.length} range{q.length === 1 ? '' : 's'} waiting for a slot
        </span>
      </header>
      {q.length === 0 ? (
        <p className="muted small">Empty: every range a thread waits for is already being read (or nobody waits).</p>
      ) : (
        <ol className="pg-deque-list" aria-label="Awaited ranges, front first">
          {shown.map((e, i) => (
            <li key={`${e.memPage}-${i}`}>
              <button
                className="pg-chip"
                onClick={() => onExplain(explainDequeEntry(model, e, i))}
                data-mem={e.memPage}
              >
                <span className="mono">{fmtBytes(e.memPage * PAGE_SIZE)}</span>{' '}
                <span className="muted">+{fmtBytes(e.pages * PAGE_SIZE)}</span>
              </button>
            </li>
          ))}
          {q.length > shown.length && <li className="muted small">… {q.length - shown.length} more</li>}
        </ol>
      )}
      <p
        className="muted small pg-key"
        data-testid="deque-stats"
        title="Since the restore began: awaited ranges put in the deque; times a range bigger than one read was split (the rest sent to the back); the most ranges waiting at once; threads woken by a read issued from the deque."
      >
        So far: {st.priorityQueued} queued · {st.prioritySplits} split · at most {st.maxPriorityRanges} waiting ·{' '}
        {st.wakeupsByAwaitedReads} wake-up{st.wakeupsByAwaitedReads === 1 ? '' : 's'} by awaited reads
      </p>
    </section>
  );
}

const STATUS_PILL: Record<string, string> = {
  'not-started': 'pill-free',
  running: 'pill-driver',
  blocked: 'pill-other',
  done: 'pill-used',
  faulted: 'pill-other',
};

export function Threads({ model, onExplain }: Props) {
  const s = model.view();
  return (
    <section className="panel pg-threads" aria-labelledby="pg-threads-h">
      <header className="panel-head">
        <h2 id="pg-threads-h">Application threads</h2>
      </header>
      <ul className="pg-thread-list">
        {s.threads.map((t) => {
          const stall = t.stallNs + (t.blockedSince !== null ? model.now - t.blockedSince : 0);
          const total = model.plan[t.id].length;
          return (
            <li key={t.id}>
              <button
                className="pg-thread"
                onClick={() => onExplain(explainThread(model, t))}
                data-thread={t.id}
                data-status={t.status}
              >
                <span className="pg-thread-name">thread {t.id}</span>
                <span className={`pill ${STATUS_PILL[t.status]}`}>{t.status}</span>
                <span className="pg-progress" aria-hidden="true">
                  <span style={{ width: `${total ? (100 * t.next) / total : 0}%` }} />
                </span>
                <span className="muted small mono">
                  {t.next}/{total} · stalled {fmtNs(stall)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
