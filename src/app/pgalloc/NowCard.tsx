/** The current event in words, and the loader's state at this step in one line. */
import type { PgallocModel, PgEvent } from '../../model/pgalloc';
import { fmtBytes, fmtNs, pct } from './format';

const KIND_LABEL: Record<PgEvent['kind'], string> = {
  'loader-start': 'restore begins',
  pump: 'loader',
  'read-complete': 'read done',
  'short-read': 'short read',
  'app-start': 'app starts',
  'access-hit': 'access',
  'access-blocked': 'stall',
  'access-eio': 'EIO',
  'thread-done': 'thread done',
  finished: 'end',
};
export const kindLabel = (k: PgEvent['kind']) => KIND_LABEL[k];

export function NowCard({
  model,
  event,
  savedBytes,
}: {
  model: PgallocModel;
  event: PgEvent | null;
  savedBytes: number;
}) {
  const s = model.view();
  const bad = event?.kind === 'short-read' || event?.kind === 'access-eio';
  const stall = event?.kind === 'access-blocked';
  const running = s.threads.filter((t) => t.status === 'running').length;
  const blocked = s.threads.filter((t) => t.status === 'blocked').length;
  return (
    <section
      className={`now${bad ? ' now-error' : stall ? ' now-warn' : ''}`}
      aria-label="Current step"
      aria-live="polite"
    >
      <div className="now-main">
        <div className="now-title">
          <span className={`pill ${bad ? 'pill-other' : stall ? 'pill-held' : 'pill-driver'}`}>
            {event ? KIND_LABEL[event.kind] : 'start'}
          </span>
          <span className="muted small mono">
            step {s.step} · {fmtNs(model.now)}
          </span>
        </div>
        <p className="now-text" data-testid="now-text">
          {event
            ? event.text
            : `Nothing has happened yet. ${fmtBytes(savedBytes)} of saved memory waits in the pages file; press Space or → to begin.`}
        </p>
        <p className="muted small" data-testid="now-state">
          loaded {fmtBytes(s.stats.bytesLoaded)} of {fmtBytes(savedBytes)} ({pct(s.stats.bytesLoaded, savedBytes)}) ·{' '}
          {s.loader.inflight.length} reads in flight · {s.loader.priority.length} in the priority deque · threads:{' '}
          {running} running, {blocked} blocked
        </p>
      </div>
    </section>
  );
}
