/** A trace slot while loading (progress, cancel) or after failing (the error, retry skipping bad lines). */
import { formatBytes } from './units';
import { replayStore } from './replayStore';
import type { Slot } from './store';

const PHASE: Record<string, string> = { reading: 'Reading', summarising: 'Summarising' };

export function SlotStatus({ slot, k }: { slot: Slot; k: 0 | 1 }) {
  if (slot.status === 'loading') {
    const p = slot.progress;
    const total = p?.totalBytes ?? null;
    const frac = p && total ? Math.min(1, p.bytes / total) : null;
    const pct = frac === null ? null : Math.round(frac * 100);
    const text = p
      ? `${PHASE[p.phase]}: ${formatBytes(p.bytes)}${total ? ` of ${formatBytes(total)}` : ''}${p.events ? `, ${p.events.toLocaleString('en')} events` : ''}`
      : 'Starting…';
    return (
      <section className="panel rp-loading" aria-label={`Loading ${slot.label}`}>
        <div className="rp-load-head">
          <b>{slot.label}</b>
          <button onClick={() => replayStore.getState().cancel(k)}>Cancel</button>
        </div>
        <div
          className="rp-progress"
          role="progressbar"
          aria-label={`Loading ${slot.label}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct ?? undefined}
          aria-valuetext={text}
          data-testid="load-progress"
        >
          <div
            className={`rp-progress-fill${pct === null ? ' is-indeterminate' : ''}`}
            style={{ width: pct === null ? '30%' : `${pct}%` }}
          />
        </div>
        <p className="muted small mono" aria-live="polite">
          {text}
        </p>
      </section>
    );
  }
  if (slot.status === 'failed' && slot.error) {
    return (
      <section className="panel rp-failed" aria-label={`Could not open ${slot.label}`}>
        <p role="alert" className="load-error rp-error" data-testid="load-error">
          <b>Could not open {slot.label || 'the trace'}.</b> {slot.error.message}
        </p>
        <div className="rp-fail-actions">
          {slot.error.line !== null && slot.source && (
            <button onClick={() => void replayStore.getState().retrySkipping(k)}>Skip bad lines and retry</button>
          )}
          <button className="ghost-btn" onClick={() => replayStore.getState().close(k)}>
            Dismiss
          </button>
        </div>
      </section>
    );
  }
  return null;
}
