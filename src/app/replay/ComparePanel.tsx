/** Two traces side by side: where they first differ, and a button to go there. */
import type { Divergence } from './divergence';

export function ComparePanel({
  divergence,
  labels,
  onJump,
  position,
}: {
  divergence: Divergence | null;
  labels: [string, string];
  onJump: (p: number) => void;
  position: number;
}) {
  return (
    <section
      className={`panel rp-compare${divergence ? ' has-divergence' : ''}`}
      aria-labelledby="rp-compare-h"
      data-testid="compare"
    >
      <header className="panel-head">
        <h2 id="rp-compare-h">Side by side</h2>
        <span className="muted small">
          {labels[0]} ⟷ {labels[1]} · steps aligned by index
        </span>
      </header>
      {divergence ? (
        <p className="rp-diverge-line">
          <span className="pill rp-pill-diverge">first divergence</span> at step{' '}
          <b className="mono" data-testid="divergence-step">
            {divergence.index + 1}
          </b>
          : {divergence.field} is <b className="mono">{divergence.left}</b> in the first and{' '}
          <b className="mono">{divergence.right}</b> in the second.{' '}
          <button
            onClick={() => onJump(divergence.index + 1)}
            disabled={position === divergence.index + 1}
            title="Go to the step where the traces first differ (D)"
          >
            Jump to divergence
          </button>
        </p>
      ) : (
        <p className="rp-same" data-testid="no-divergence">
          No divergence: the traces agree on every step’s kind, actor, head and request (times are not compared).
        </p>
      )}
    </section>
  );
}
