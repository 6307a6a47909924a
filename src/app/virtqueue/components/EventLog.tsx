/**
 * The event log in words, one row per step (virtualised). The current event is
 * highlighted, the future greyed out, errors shown in red where they happened; clicking
 * a row jumps to the state right after that event.
 */
import { memo, useMemo, useRef, useState } from 'react';
import type { SimEvent } from '../../../model/vqsim/events';
import { formatTime } from '../../format';
import { useVirtual } from '../../hooks';

const ROW = 50;

const FILTERS: { id: string; label: string; test: (e: SimEvent) => boolean }[] = [
  { id: 'all', label: 'All events', test: () => true },
  {
    id: 'notify',
    label: 'Kicks and interrupts',
    test: (e) =>
      e.kind === 'kick' ||
      e.kind === 'kick-suppressed' ||
      e.kind === 'flush' ||
      e.kind === 'device-wake' ||
      e.kind === 'driver-wake',
  },
  {
    id: 'chains',
    label: 'Chains (add, pop, complete, reclaim)',
    test: (e) => ['add', 'pop', 'complete', 'reclaim', 'recycle', 'add-wait'].includes(e.kind),
  },
  {
    id: 'trouble',
    label: 'Errors and interventions',
    test: (e) => ['error', 'corrupt', 'intervention', 'reject'].includes(e.kind),
  },
];

interface Props {
  log: readonly SimEvent[];
  position: number;
  onJump: (position: number) => void;
  follow: boolean;
}

function EventLogImpl({ log, position, onJump, follow }: Props) {
  const [filter, setFilter] = useState('all');
  const rows = useMemo(() => {
    const f = FILTERS.find((x) => x.id === filter)!;
    return filter === 'all' ? null : log.filter(f.test);
  }, [log, filter]);
  const count = (rows ? rows.length : log.length) + 1; // +1: the "start" row
  const ref = useRef<HTMLDivElement>(null);
  const eventAt = (r: number): SimEvent | null => (r === 0 ? null : rows ? rows[r - 1] : log[r - 1]);
  // Row of the current event (the last event at or before the position).
  const currentRow = useMemo(() => {
    if (position === 0) return 0;
    if (!rows) return position;
    let lo = 0,
      hi = rows.length - 1,
      ans = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].step < position) {
        ans = mid + 1;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }, [rows, position]);
  const v = useVirtual(ref, count, ROW, { center: follow ? currentRow : null });

  const items = [];
  for (let r = v.first; r < v.last; r++) {
    const e = eventAt(r);
    const step = e ? e.step + 1 : 0;
    const state = step === position ? 'current' : step > position ? 'future' : 'past';
    const cls = `ev ev-${state}${e?.kind === 'error' ? ' ev-error' : ''}${e && (e.kind === 'corrupt' || e.kind === 'intervention') ? ' ev-warn' : ''}`;
    items.push(
      <button
        key={r}
        className={cls}
        style={{ top: r * ROW }}
        onClick={() => onJump(step)}
        aria-current={state === 'current' ? 'step' : undefined}
        tabIndex={state === 'current' ? 0 : -1}
        data-step={e ? e.step : -1}
        data-kind={e?.kind ?? 'start'}
        title={
          e
            ? `${e.text}\n(click to go to the state right after step ${e.step + 1})`
            : 'The initial state, before any event'
        }
      >
        <span className="ev-step mono">{e ? e.step + 1 : '—'}</span>
        <span className={`ev-actor actor-${e?.actor ?? 'start'}`}>{e ? e.actor : 'start'}</span>
        <span className="ev-text">{e ? e.text : 'Initial state: empty rings, every descriptor free.'}</span>
        <span className="ev-time mono">{e ? formatTime(e.time) : '0 ns'}</span>
      </button>,
    );
  }
  return (
    <section className="panel log-panel" aria-labelledby="log-h">
      <header className="panel-head">
        <h2 id="log-h">Event log</h2>
        <label className="log-filter">
          <span className="sr-only">Show</span>
          <select value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Which events to show">
            {FILTERS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      <div
        className="log-scroll"
        ref={ref}
        onScroll={v.onScroll}
        tabIndex={0}
        role="group"
        aria-label={`Event log, ${log.length} events; the current one is marked`}
      >
        <div className="log-inner" style={{ height: v.total }}>
          {items}
        </div>
      </div>
    </section>
  );
}

export const EventLog = memo(EventLogImpl);
