/**
 * The virtqueue run's event log: the kit's event list with this view's filters, actor badges and
 * tones (errors red where they happened, corruptions and interventions amber).
 */
import { memo, useMemo } from 'react';
import type { SimEvent } from '../../../model/vqsim/events';
import { EventList, eventFilters, eventRows, type LogFlavor } from '../../kit/EventList';

const FILTERS = eventFilters<SimEvent>([
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
]);

/** The virtqueue log's ids and words (its tests and the replay's read `data-step` and `data-kind`). */
const VQ_LOG: LogFlavor = {
  sectionClass: 'panel log-panel',
  headingId: 'log-h',
  label: (title, n) => `${title}, ${n} events; the current one is marked`,
  exactCurrent: true,
  data: (row) => ({ 'data-step': row ? row.position - 1 : -1, 'data-kind': row?.kind ?? 'start' }),
  rowTitle: (row) => `${row.text}\n(click to go to the state right after step ${row.position})`,
  startStep: '—',
  startTimeNs: 0,
};

const actorOf = (e: SimEvent) => ({ label: e.actor, cls: `actor-${e.actor}` });
const toneOf = (e: SimEvent) =>
  e.kind === 'error' ? 'error' : e.kind === 'corrupt' || e.kind === 'intervention' ? 'warn' : null;

interface Props {
  log: readonly SimEvent[];
  position: number;
  onJump: (position: number) => void;
}

function EventLogImpl({ log, position, onJump }: Props) {
  const rows = useMemo(() => eventRows(log, actorOf, toneOf), [log]);
  return (
    <EventList
      rows={rows}
      filters={FILTERS}
      flavor={VQ_LOG}
      position={position}
      startText="Initial state: empty rings, every descriptor free."
      onJump={onJump}
    />
  );
}

export const EventLog = memo(EventLogImpl);
