/** What just happened, in words: the current event, its tag and the client's phase. */
import type { PoolEvent, PoolState } from '../../../model/lisafs/index';
import { formatTime } from '../../format';
import { eventGroup } from '../derive';

export function NowCard({
  event,
  state,
  position,
  length,
  title,
  description,
}: {
  event: PoolEvent | null;
  state: Readonly<PoolState>;
  position: number;
  length: number;
  title: string;
  description: string;
}) {
  const g = event ? eventGroup(event.kind) : null;
  return (
    <section
      className={`now lz-now${g === 'fault' ? ' now-error' : g === 'watchdog' ? ' now-warn' : ''}`}
      aria-labelledby="lz-now-h"
    >
      <div className="now-main">
        <h2 id="lz-now-h" className="now-title">
          <span className="sr-only">Now: </span>
          {event ? (
            <span className={`ev-actor lz-tag-${g}`}>{event.kind.replace(/-/g, ' ')}</span>
          ) : (
            <span className="ev-actor actor-start">start</span>
          )}
          <span className="muted small mono">
            step {position} of {length} · {formatTime(event?.time ?? 0)} · client {state.phase}
          </span>
        </h2>
        <p className="now-text" aria-live="polite" data-testid="lz-now-text">
          {event
            ? event.text
            : 'Before anything runs: the client is about to send Mount over the socket. Nothing is mapped yet.'}
        </p>
      </div>
      {/* Shown, not folded away: the scenario says what to watch, as in the other views. */}
      <div className="lz-scenario" data-testid="lz-scenario">
        <p className="lz-scenario-title">
          <b>{title}</b>
        </p>
        <p className="small">{description}</p>
      </div>
    </section>
  );
}
