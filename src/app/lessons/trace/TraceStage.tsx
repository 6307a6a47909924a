/**
 * The log as a lesson shows it: the lines around the current one, the current line marked and
 * split into its parts, and what the importer had counted by then.
 */
import type { TraceRun } from './trace-run';

const WINDOW = 9;

export function TraceStage({ run, position, mark = [] }: { run: TraceRun; position: number; mark?: number[] }) {
  const from = Math.max(1, Math.min(position - WINDOW + 2, run.length - WINDOW + 1));
  const rows = Array.from({ length: Math.min(WINDOW, run.length) }, (_, i) => from + i);
  const c = run.countsAt(position);
  return (
    <div className="trace-stage panel" data-testid="trace-stage">
      <ol className="trace-lines mono" aria-label={`Log lines ${from} to ${from + rows.length - 1}`}>
        {rows.map((n) => (
          <li
            key={n}
            value={n}
            className={`${n === position ? 'is-current' : ''}${n > position ? ' is-ahead' : ''}${mark.includes(n) ? ' is-marked' : ''}`}
            aria-current={n === position ? 'step' : undefined}
          >
            {run.lines[n - 1]}
          </li>
        ))}
      </ol>
      <dl className="trace-counts">
        {(
          [
            ['kicks handled', c.kicks],
            ['requests popped', c.pops],
            ['flushes', c.flushes],
            ['interrupts', c.interrupts],
            ['in flight', c.inFlight],
          ] as const
        ).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className="mono">{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
