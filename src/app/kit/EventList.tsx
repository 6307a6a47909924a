/**
 * The run's events in words, one row per event (virtualised: runs have thousands). The current
 * event is marked and the future dimmed; clicking a row goes to the state right after it.
 * Two flavours of the same list: the lisafs/gofer log (rows made by the view) and the
 * pgalloc/virtproxy log (rows made from the recorded events, see eventRows).
 */
import { memo, useMemo, useRef, useState } from 'react';
import { formatTime as formatNs } from '../format';
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
  /** Draw the row as a warning, an error or a good moment. */
  tone?: 'warn' | 'error' | 'good' | null;
  /** The event's kind, for the row's data-kind (explain flavour). */
  kind?: string;
}

export interface LogFilter<R extends LogRow = LogRow> {
  id: string;
  label: string;
  test(row: R): boolean;
}

/** What differs between the two flavours: ids, classes, data attributes and words. */
export interface LogFlavor {
  sectionClass: string;
  headingId: string;
  /** The scroll area's accessible name. */
  label(title: string, count: number): string;
  /** The filter select: wrapped in a labelled .log-filter, or bare with this class. */
  selectClass?: string;
  /** Mark as current only the row exactly at the position (else: the last one at or before it). */
  exactCurrent: boolean;
  data(row: LogRow | null): Record<string, string | number>;
  rowTitle(row: LogRow): string;
  startStep: string;
  /** Time shown on the initial-state row (null: none). */
  startTimeNs: number | null;
}

export const STEP_LOG: LogFlavor = {
  sectionClass: 'panel log-panel',
  headingId: 'steplog-h',
  label: (title, n) => `${title}, ${n} events; the current one is marked`,
  exactCurrent: false,
  data: (row) => ({ 'data-position': row ? row.position : 0 }),
  rowTitle: (row) => `${row.text}\n(click to go to the state right after event ${row.position})`,
  startStep: '—',
  startTimeNs: null,
};

export const EXPLAIN_LOG: LogFlavor = {
  sectionClass: 'panel log-panel tt-log',
  headingId: 'tt-log-h',
  label: (title, n) => `${title}, ${n} events; the current one is marked. Click one to go there.`,
  selectClass: 'tt-small-select',
  exactCurrent: true,
  data: (row) => ({ 'data-step': row ? row.position - 1 : -1, 'data-kind': row?.kind ?? 'start' }),
  rowTitle: (row) => `${row.text}\n(step ${row.position}: click to go to the state right after it)`,
  startStep: '0',
  startTimeNs: 0,
};

export interface ListedEvent {
  step: number;
  time: number;
  kind: string;
  text: string;
}

export type EventRow<E> = LogRow & { event: E };

/** Rows for recorded events: the actor badge and tone come from the view. */
export function eventRows<E extends ListedEvent>(
  events: readonly E[],
  actor: (e: E) => { label: string; cls: string },
  tone?: (e: E) => 'error' | 'warn' | 'good' | null,
): EventRow<E>[] {
  return events.map((e) => {
    const a = actor(e);
    return {
      position: e.step + 1,
      tag: a.label,
      tagClass: a.cls,
      text: e.text,
      timeNs: e.time,
      tone: tone ? tone(e) : null,
      kind: e.kind,
      event: e,
    };
  });
}

/** Event filters as row filters, after an "All events" choice. */
export function eventFilters<E>(
  filters: readonly { id: string; label: string; test: (e: E) => boolean }[],
): LogFilter<EventRow<E>>[] {
  return [
    { id: 'all', label: 'All events', test: () => true },
    ...filters.map((f) => ({ id: f.id, label: f.label, test: (r: EventRow<E>) => f.test(r.event) })),
  ];
}

interface Props<R extends LogRow> {
  title?: string;
  rows: readonly R[];
  filters: readonly LogFilter<R>[];
  position: number;
  startText: string;
  onJump(position: number): void;
  flavor: LogFlavor;
  formatTime?: (ns: number) => string;
}

function EventListImpl<R extends LogRow>({
  title = 'Event log',
  rows,
  filters,
  position,
  startText,
  onJump,
  flavor: f,
  formatTime = formatNs,
}: Props<R>) {
  const [filter, setFilter] = useState(filters[0]?.id ?? 'all');
  const shown = useMemo(() => {
    const x = filters.find((y) => y.id === filter);
    return x ? rows.filter((r) => x.test(r)) : rows;
  }, [rows, filters, filter]);
  const count = shown.length + 1; // +1: the initial-state row
  const ref = useRef<HTMLDivElement>(null);
  const currentRow = useMemo(() => {
    // The last shown event at or before the position (rows are in order).
    let lo = 0;
    let hi = shown.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (shown[mid].position <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }, [shown, position]);
  const v = useVirtual(ref, count, ROW, { center: currentRow, recenterOn: rows });

  const items = [];
  for (let r = v.first; r < v.last; r++) {
    const e = r === 0 ? null : shown[r - 1];
    const p = e ? e.position : 0;
    const state = (f.exactCurrent ? p === position : r === currentRow) ? 'current' : p > position ? 'future' : 'past';
    const tone =
      e?.tone === 'error' ? ' ev-error' : e?.tone === 'warn' ? ' ev-warn' : e?.tone === 'good' ? ' tt-ev-good' : '';
    const timeNs = e ? e.timeNs : f.startTimeNs;
    items.push(
      <button
        key={r}
        className={`ev ev-${state}${tone}`}
        style={{ top: r * ROW }}
        onClick={() => onJump(p)}
        aria-current={state === 'current' ? 'step' : undefined}
        tabIndex={state === 'current' ? 0 : -1}
        {...f.data(e)}
        title={e ? f.rowTitle(e) : 'The initial state, before any event'}
      >
        <span className="ev-step mono">{e ? p : f.startStep}</span>
        <span className={`ev-actor ${e ? e.tagClass : 'actor-start'}`}>{e ? e.tag : 'start'}</span>
        <span className="ev-text">{e ? e.text : startText}</span>
        <span className="ev-time mono">{timeNs !== null ? formatTime(timeNs) : ''}</span>
      </button>,
    );
  }
  const select = (
    <select
      value={filter}
      onChange={(e) => setFilter(e.target.value)}
      aria-label="Which events to show"
      className={f.selectClass}
    >
      {filters.map((x) => (
        <option key={x.id} value={x.id}>
          {x.label}
        </option>
      ))}
    </select>
  );
  return (
    <section className={f.sectionClass} aria-labelledby={f.headingId}>
      <header className="panel-head">
        <h2 id={f.headingId}>{title}</h2>
        {filters.length > 1 &&
          (f.selectClass ? (
            select
          ) : (
            <label className="log-filter">
              <span className="sr-only">Show</span>
              {select}
            </label>
          ))}
      </header>
      <div
        className="log-scroll"
        ref={ref}
        onScroll={v.onScroll}
        tabIndex={0}
        role="group"
        aria-label={f.label(title, rows.length)}
      >
        <div className="log-inner" style={{ height: v.total }}>
          {items}
        </div>
      </div>
    </section>
  );
}

export const EventList = memo(EventListImpl) as typeof EventListImpl;
