/**
 * The events around the current step (click one to go there) and the current event in
 * full, fetched from the file. Trace text is rendered as React text only, never as HTML.
 */
import { memo, useId } from 'react';
import type { StepState, TraceInfo } from './protocol';
import { formatTraceTime } from './units';

// Both panels are memoised on the step state they show: a seek first moves the position (which
// redraws the transport and cursors) and only later brings the new step state from the worker.
export const EventList = memo(function EventList({
  view,
  info,
  divergence,
  onJump,
  title,
}: {
  view: StepState | null;
  info: TraceInfo;
  divergence: number | null;
  onJump: (p: number) => void;
  title: string;
}) {
  const cur = view ? view.position - 1 : -1;
  return (
    <section className="panel rp-events" aria-label={`${title}: events around the current step`}>
      <header className="panel-head">
        <h2>{title}</h2>
        <span className="muted small">
          step {view?.position.toLocaleString('en') ?? '…'} of {info.steps.time.length.toLocaleString('en')}
        </span>
      </header>
      <ol className="rp-rows" data-testid="event-rows">
        {/* Keyed by place in the window, not by step: a jump then rewrites each row's text instead of
            removing and recreating every row (the largest part of a seek's DOM work). */}
        {(view?.rows ?? []).map((r, i) => (
          <li
            key={i}
            className={`rp-row${r.step === cur ? ' is-current' : ''}${r.step === divergence ? ' is-diverge' : ''}${r.step > cur ? ' is-future' : ''}`}
            data-step={r.step}
          >
            <button
              className="rp-row-btn"
              onClick={() => onJump(r.step + 1)}
              aria-current={r.step === cur ? 'step' : undefined}
            >
              <span className="rp-row-step mono">{r.step + 1}</span>
              <span className="rp-row-time mono muted">{formatTraceTime(r.time, info.timeUnit)}</span>
              <span className={`rp-kind k-${r.kind}`}>{r.kind}</span>
              <span className="rp-row-text">{r.text}</span>
              {r.step === divergence && <span className="pill rp-pill-diverge">diverges</span>}
              <span className="sr-only">{`Step ${r.step + 1}: ${r.kind}${r.step === divergence ? ' (first divergence)' : ''}. ${r.text}`}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
});

export const EventDetail = memo(function EventDetail({ view, title }: { view: StepState | null; title: string }) {
  const e = view?.event ?? null;
  const id = useId();
  return (
    <section className="panel rp-detail" aria-labelledby={id}>
      <header className="panel-head">
        <h2 id={id}>{title}</h2>
        {e && <span className="muted small mono">step {e.step + 1}</span>}
      </header>
      {!e && <p className="muted">Before the first event. Press → or Play.</p>}
      {e && (
        <>
          <table className="fields rp-fields" data-testid="event-detail">
            <tbody>
              {e.fields.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td className="mono">{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {e.raw !== null && (
            <details className="rp-raw">
              <summary>The line as written in the file</summary>
              <pre className="mono">{e.raw.length > 20000 ? `${e.raw.slice(0, 20000)}…` : e.raw}</pre>
            </details>
          )}
        </>
      )}
    </section>
  );
});
