/**
 * Rings and descriptor table of a Ringside trace at the current step, drawn by the live
 * view's own components from the trace's memory (memoryAt) and replayed private state.
 */
import { memo, useMemo, useState } from 'react';
import { RingPair } from '../rings/RingPair';
import { DescriptorTable } from '../rings/DescriptorTable';
import type { Selection } from '../rings/selection';
import { useReducedMotion } from '../hooks';
import type { StepState, TraceInfo } from './protocol';
import { ringView } from './ring-view';

/** Memoised on the step state: a position change alone (before the worker answers) does not redraw it. */
export const RingsidePanel = memo(function RingsidePanel({
  info,
  view,
  title,
}: {
  info: TraceInfo;
  view: StepState | null;
  title: string;
}) {
  const [selection, setSelection] = useState<Selection | null>(null);
  const reduced = useReducedMotion();
  const rs = info.ringside;
  const rv = useMemo(
    () => (rs && view?.ring ? ringView(view.ring.memory, rs.layout, rs.eventIdx, view.ring.priv, rs.bases) : null),
    [rs, view],
  );
  if (!rs || !rv || !view) return null;
  const p = rv.pointers;
  return (
    <section
      className="panel rp-ring-panel"
      aria-label={`${title}: rings and descriptors at step ${view.position}`}
      data-testid="ring-panel"
      data-position={view.position}
    >
      <header className="panel-head">
        <h2>
          {title}: rings at step {view.position.toLocaleString('en')}
        </h2>
        <span className="muted small mono" data-testid="ring-indices">
          avail.idx {p.availIdx} · used.idx {p.usedIdx} · last_avail {p.lastAvail}
          {rv.lastAvailInferred ? ' (inferred)' : ''} · last_used {p.lastUsed}
          {p.usedEvent !== null ? ` · used_event ${p.usedEvent}` : ''}
          {p.availEvent !== null ? ` · avail_event ${p.availEvent}` : ''}
        </span>
      </header>
      <div className="rp-ring-grid">
        <RingPair
          className="rp-ring-pair"
          pointers={p}
          avail={rv.avail}
          used={rv.used}
          owners={rv.owners}
          selection={selection}
          onSelect={setSelection}
          duration={reduced ? 0 : 140}
        />
        <DescriptorTable
          sim={rv.source}
          tick={view.position}
          owners={rv.owners}
          selection={selection}
          onSelect={setSelection}
          errorDesc={null}
          freeOrderKnown={false}
          name={`${title}: descriptor table`}
        />
      </div>
    </section>
  );
});
