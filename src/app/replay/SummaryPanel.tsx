/** What a trace holds: counts per device and queue, bad lines skipped, and what it cannot tell. */
import { memo, useState } from 'react';
import type { TraceInfo } from './protocol';
import { formatBytes, formatTraceTime } from './units';

function dist(d: { median: number; p99: number } | null, unit: TraceInfo['timeUnit']): string {
  return d ? `${formatTraceTime(d.median, unit)} median, ${formatTraceTime(d.p99, unit)} p99` : 'n/a';
}

/** Memoised: a summary changes with the trace, not with the step shown. */
export const SummaryPanel = memo(function SummaryPanel({
  info,
  title,
  onExport,
}: {
  info: TraceInfo;
  title: string;
  onExport: () => Promise<void>;
}) {
  const [exporting, setExporting] = useState(false);
  const s = info.summary;
  const h = info.header;
  return (
    <section className="panel rp-summary" aria-label={`${title}: summary`} data-testid="summary">
      <header className="panel-head">
        <h2>{title}</h2>
        <button
          className="ghost-btn"
          disabled={exporting}
          onClick={() => {
            setExporting(true);
            void onExport().finally(() => setExporting(false));
          }}
          title="Chrome trace-event JSON: open it in ui.perfetto.dev or chrome://tracing"
        >
          {exporting ? 'Exporting…' : 'Export for Perfetto'}
        </button>
      </header>
      <p className="muted small">
        {info.format === 'ringside'
          ? `Ringside trace from ${h?.source ?? '?'}${h?.scenario ? `, scenario ${h.scenario}` : ''}${h?.seed !== null && h?.seed !== undefined ? `, seed ${h.seed}` : ''}`
          : 'QEMU trace log'}{' '}
        · {formatBytes(info.bytes)} · {info.steps.time.length.toLocaleString('en')} steps ·{' '}
        {info.live === null ? 'loaded in' : info.live === 'receiving' ? 'receiving for' : 'received in'}{' '}
        {(info.loadMs / 1000).toFixed(2)} s{info.retainedBytes ? ` · index ${formatBytes(info.retainedBytes)}` : ''}
      </p>
      {info.badLines.count > 0 && (
        <p className="rp-warn small" role="status">
          {info.badLines.count} bad line{info.badLines.count === 1 ? '' : 's'} skipped.
          {info.badLines.samples.length > 0 && ` First: ${info.badLines.samples[0]}`}
        </p>
      )}
      <table className="fields rp-counts">
        <thead>
          <tr>
            <th scope="col">device · queue</th>
            <th scope="col">requests</th>
            <th scope="col">kicks</th>
            <th scope="col">interrupts</th>
            <th scope="col">batches</th>
            <th scope="col">in flight max</th>
            <th scope="col">latency</th>
          </tr>
        </thead>
        <tbody>
          {s.devices.flatMap((d) =>
            d.queues.map((q) => (
              <tr key={`${d.device}/${q.queue}`}>
                <th scope="row">
                  {d.device} · {q.queue}
                </th>
                <td className="mono" data-testid="count-requests">
                  {q.requests}
                </td>
                <td className="mono" data-testid="count-kicks">
                  {q.kicks}
                </td>
                <td className="mono" data-testid="count-interrupts">
                  {q.interrupts}
                </td>
                <td className="mono">{q.batches}</td>
                <td className="mono">{q.inFlight.max}</td>
                <td className="mono small">{dist(q.latency.service, s.timeUnit)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      {info.limitations.length > 0 && (
        <div className="rp-limits" data-testid="limitations">
          <h3>What this trace cannot tell</h3>
          <ul>
            {info.limitations.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
});
