/**
 * The run's events in words, one row per step (virtualised: runs have thousands). The current
 * event is highlighted and the future greyed; clicking a row goes to the state right after it.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtual } from '../hooks';

const ROW = 50;

export interface ListedEvent {
  step: number;
  time: number;
  kind: string;
  text: string;
}

export interface EventFilter<E> {
  id: string;
  label: string;
  test: (e: E) => boolean;
}

interface Props<E extends ListedEvent> {
  title: string;
  events: readonly E[];
  position: number;
  onJump: (position: number) => void;
  /** Short label and a CSS class for the row's actor badge. */
  actor: (e: E) => { label: string; cls: string };
  tone?: (e: E) => 'error' | 'warn' | 'good' | null;
  filters?: EventFilter<E>[];
  startText: string;
  formatTime: (ns: number) => string;
}

function EventListImpl<E extends ListedEvent>({ title, events, position, onJump, actor, tone, filters = [], startText, formatTime }: Props<E>) {
  const [filter, setFilter] = useState('all');
  const rows = useMemo(() => {
    const f = filters.find((x) => x.id === filter);
    return f ? events.filter(f.test) : null;
  }, [events, filter, filters]);
  const count = (rows ? rows.length : events.length) + 1; // +1: the initial state
  const ref = useRef<HTMLDivElement>(null);
  const v = useVirtual(ref, count, ROW);
  const at = (r: number): E | null => (r === 0 ? null : rows ? rows[r - 1] : events[r - 1]);
  // Row of the last event at or before the position.
  const currentRow = useMemo(() => {
    if (!rows) return position;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].step < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }, [rows, position]);

  useEffect(() => {
    v.scrollToRow(currentRow, 'center');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currentRow, events]);

  const items = [];
  for (let r = v.first; r < v.last; r++) {
    const e = at(r);
    const pos = e ? e.step + 1 : 0;
    const state = pos === position ? 'current' : pos > position ? 'future' : 'past';
    const t = e && tone ? tone(e) : null;
    const a = e ? actor(e) : { label: 'start', cls: 'actor-start' };
    items.push(
      <button
        key={r}
        className={`ev ev-${state}${t === 'error' ? ' ev-error' : t === 'warn' ? ' ev-warn' : t === 'good' ? ' tt-ev-good' : ''}`}
        style={{ top: r * ROW }}
        onClick={() => onJump(pos)}
        aria-current={state === 'current' ? 'step' : undefined}
        tabIndex={state === 'current' ? 0 : -1}
        data-step={e ? e.step : -1}
        data-kind={e?.kind ?? 'start'}
        title={e ? `${e.text}\n(step ${e.step + 1}: click to go to the state right after it)` : 'The initial state, before any event'}
      >
        <span className="ev-step mono">{e ? e.step + 1 : 0}</span>
        <span className={`ev-actor ${a.cls}`}>{a.label}</span>
        <span className="ev-text">{e ? e.text : startText}</span>
        <span className="ev-time mono">{formatTime(e ? e.time : 0)}</span>
      </button>,
    );
  }
  return (
    <section className="panel log-panel tt-log" aria-labelledby="tt-log-h">
      <header className="panel-head">
        <h2 id="tt-log-h">{title}</h2>
        {filters.length > 0 && (
          <select value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Which events to show" className="tt-small-select">
            <option value="all">All events</option>
            {filters.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        )}
      </header>
      <div className="log-scroll" ref={ref} onScroll={v.onScroll} tabIndex={0} role="group" aria-label={`${title}, ${events.length} events; the current one is marked. Click one to go there.`}>
        <div className="log-inner" style={{ height: v.total }}>
          {items}
        </div>
      </div>
    </section>
  );
}

export const EventList = memo(EventListImpl) as typeof EventListImpl;
