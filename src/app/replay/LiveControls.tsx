/**
 * A live stream's place in the transport: whether more is coming and how many events have
 * arrived, the Follow live switch (the view keeps jumping to the newest step; any manual
 * move turns it off), and Stop (keep what arrived, stop reading).
 */
import { replayStore, useReplay } from './replayStore';
import type { LiveState, TraceInfo } from './protocol';
import './live.css';

const FOLLOW_TITLE =
  'Follow live (L): keep showing the newest step as events arrive. Stepping, seeking or scrubbing turns it off; turn it on again to jump to the newest step.';

function statusText(live: LiveState, events: number): string {
  const n = `${events.toLocaleString('en')} event${events === 1 ? '' : 's'}`;
  if (live === 'receiving') return `Live — ${n} so far`;
  if (live === 'ended') return `Session ended — ${n}`;
  return `Stopped receiving — ${n}`;
}

const STATUS_TITLE: Record<LiveState, string> = {
  receiving:
    'A real device session is still running: its events are streaming in, and every step received so far can be replayed.',
  ended: 'The session has finished and its stream is closed: nothing more will arrive.',
  stopped: 'This page stopped reading the stream; the events received until then stay open.',
};

export function LiveControls() {
  const slots = useReplay((s) => s.slots);
  const follow = useReplay((s) => s.follow);
  const live = slots.flatMap((s, k) =>
    s.status === 'ready' && s.info?.live
      ? [{ k: k as 0 | 1, info: s.info as TraceInfo & { live: LiveState }, label: s.label }]
      : [],
  );
  if (live.length === 0) return null;
  const receiving = live.some((x) => x.info.live === 'receiving');
  return (
    <div className="rp-live" role="group" aria-label="Live session">
      {live.map(({ k, info, label }) => (
        <span key={k} className={`rp-live-state is-${info.live}`} title={STATUS_TITLE[info.live]}>
          <span className="rp-live-dot" aria-hidden="true" />
          <span className="mono" data-testid="live-status" data-live={info.live} data-events={info.steps.time.length}>
            {live.length > 1 || slots.every((s) => s.status === 'ready') ? `${label}: ` : ''}
            {statusText(info.live, info.steps.time.length)}
          </span>
          {info.live === 'receiving' && (
            <button
              className="ghost-btn small"
              onClick={() => replayStore.getState().stop(k)}
              title="Stop reading this stream: keep the events received so far (the live server then ends the session)"
            >
              Stop
            </button>
          )}
        </span>
      ))}
      {receiving && (
        <label className="switch rp-follow" title={FOLLOW_TITLE}>
          <input
            type="checkbox"
            checked={follow}
            onChange={(e) => replayStore.getState().setFollow(e.target.checked)}
            title={FOLLOW_TITLE}
            aria-keyshortcuts="L"
            data-testid="follow-live"
          />
          <span className="switch-track" aria-hidden="true" />
          <span>Follow live</span>
        </label>
      )}
      {/* Announced when the phase changes, not on every event (the count above is not a live region). */}
      <span className="sr-only" role="status">
        {receiving
          ? 'Live session: events are arriving.'
          : live[0].info.live === 'ended'
            ? 'The live session has ended.'
            : 'Stopped receiving the live session.'}
      </span>
    </div>
  );
}
