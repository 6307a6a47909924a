/**
 * The event log of a stepper view: every event of the run in words, the current one
 * marked, the future dimmed; clicking a row goes to the state right after that event.
 * Rows are virtualised so a long run stays cheap.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { formatTime } from '../format';
import { useVirtual } from '../hooks';

const ROW = 50;

export interface LogRow {
  /** Position right after this event (1-based step). */
  position: number;
  tag: string;
  /** CSS class for the tag pill. */
  tagClass: string;
  text: string;
  timeNs: number | null;
  /** Draw the row as a warning or an error. */
  tone?: 'warn' | 'error';
}

export interface LogFilter {
  id: string;
  label: string;
  test(row: LogRow): boolean;
}

interface Props {
  rows: readonly LogRow[];
  filters: readonly LogFilter[];
  position: number;
  startText: string;
  onJump(position: number): void;
}

function EventListImpl({ rows, filters, position, startText, onJump }: Props) {
  const [filter, setFilter] = useState(filters[0]?.id ?? 'all');
  const shown = useMemo(() => {
    const f = filters.find((x) => x.id === filter);
    return f ? rows.filter(f.test) : rows;
  }, [rows, filters, filter]);
  const count = shown.length + 1; // +1: the initial-state row
  const ref = useRef<HTMLDivElement>(null);
  const v = useVirtual(ref, count, ROW);
  const currentRow = useMemo(() => {
    // The last shown event at or before the position (rows are in order).
    let lo = 0;
    let hi = shown.length - 1;
    let ans = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (shown[mid].position <= position) {
        ans = mid + 1;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }, [shown, position]);
  useEffect(() => {
    v.scrollToRow(currentRow, 'center');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [currentRow]);

  const items = [];
  for (let r = v.first; r < v.last; r++) {
    const e = r === 0 ? null : shown[r - 1];
    const p = e ? e.position : 0;
    // The current row is the last event at or before the position (in a lockstep view the
    // shown column may have been waiting, so no event sits exactly at the position).
    const state = r === currentRow ? 'current' : p > position ? 'future' : 'past';
    const tone = e?.tone === 'error' ? ' ev-error' : e?.tone === 'warn' ? ' ev-warn' : '';
    items.push(
      <button
        key={r}
        className={`ev ev-${state}${tone}`}
        style={{ top: r * ROW }}
        onClick={() => onJump(p)}
        aria-current={state === 'current' ? 'step' : undefined}
        tabIndex={state === 'current' ? 0 : -1}
        data-position={p}
        title={e ? `${e.text}\n(click to go to the state right after event ${p})` : 'The initial state, before any event'}
      >
        <span className="ev-step mono">{e ? p : '—'}</span>
        <span className={`ev-actor ${e ? e.tagClass : 'actor-start'}`}>{e ? e.tag : 'start'}</span>
        <span className="ev-text">{e ? e.text : startText}</span>
        <span className="ev-time mono">{e && e.timeNs !== null ? formatTime(e.timeNs) : ''}</span>
      </button>,
    );
  }
  return (
    <section className="panel log-panel" aria-labelledby="steplog-h">
      <header className="panel-head">
        <h2 id="steplog-h">Event log</h2>
        {filters.length > 1 && (
          <label className="log-filter">
            <span className="sr-only">Show</span>
            <select value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Which events to show">
              {filters.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      <div className="log-scroll" ref={ref} onScroll={v.onScroll} tabIndex={0} role="group" aria-label={`Event log, ${rows.length} events; the current one is marked`}>
        <div className="log-inner" style={{ height: v.total }}>
          {items}
        </div>
      </div>
    </section>
  );
}

export const EventList = memo(EventListImpl);
