/** What the focused design just did, in words, and what the demo is about. */
import type { GoferEvent } from '../../../model/gofer/index';

export function GoferNowCard({
  event,
  label,
  position,
  length,
  title,
}: {
  event: GoferEvent | null;
  label: string;
  position: number;
  length: number;
  title: string;
}) {
  const warn = event?.kind === 'remote-change';
  const bad = event?.outcome && event.outcome.divergence !== 'none';
  return (
    <section className={`now lz-now${bad ? ' now-error' : warn ? ' now-warn' : ''}`} aria-labelledby="gf-now-h">
      <div className="now-main">
        <h2 id="gf-now-h" className="now-title">
          <span className="sr-only">Now: </span>
          <span className={`ev-actor gf-tag-${event?.kind ?? 'start'}`}>
            {event ? (event.kind === 'rpc' ? event.rpc!.name : event.kind.replace('-', ' ')) : 'start'}
          </span>
          <span className="muted small mono">
            step {position} of {length} · {label}
          </span>
        </h2>
        <p className="now-text" aria-live="polite" data-testid="gf-now-text">
          {event ? event.text : 'Before anything runs: a fresh mount; the client knows only the root.'}
        </p>
      </div>
      <div className="small">
        <b>{title}</b>
      </div>
    </section>
  );
}
