/** What just happened, in words — with the ring memory it wrote and, on an error, the refusal explained. */
import { memo } from 'react';
import type { Simulation } from '../../../model/vqsim/engine';
import { describeAddress } from '../../../model/virtio/layout';
import { firstError } from '../run-facts';
import { formatTime } from '../../format';

function writesOf(sim: Simulation, step: number) {
  const e = sim.log[step];
  if (!e) return [];
  return e.writes.map((w) => {
    const name = describeAddress(sim.vq.layout, w[0]);
    if (w.length === 2) {
      const bytes = w[1].match(/../g) ?? [];
      return {
        name: name ?? `0x${w[0].toString(16)}`,
        text: bytes.slice(0, 16).join(' ') + (bytes.length > 16 ? ` … (${bytes.length} bytes)` : ''),
      };
    }
    return {
      name: name ?? `buffer 0x${w[0].toString(16)}`,
      text: `${w[1]} bytes of payload (fnv32 ${w[2].toString(16).padStart(8, '0')})`,
    };
  });
}

function NowCardImpl({ sim, position, onJump }: { sim: Simulation; position: number; onJump: (p: number) => void }) {
  const e = position > 0 ? sim.log[position - 1] : null;
  const err = firstError(sim.log);
  const broken = err && position > err.event.step + 1;
  const writes = e ? writesOf(sim, e.step) : [];
  const isError = e?.kind === 'error';
  return (
    <section
      className={`now${isError ? ' now-error' : ''}${e?.kind === 'corrupt' || e?.kind === 'intervention' ? ' now-warn' : ''}`}
      aria-labelledby="now-h"
      data-testid="now"
    >
      <div className="now-main">
        <h2 id="now-h" className="now-title">
          {e ? (
            <>
              <span className={`ev-actor actor-${e.actor}`}>{e.actor}</span> Step {e.step + 1}{' '}
              <span className="muted">
                · {e.kind} · t = {formatTime(e.time)}
              </span>
            </>
          ) : (
            'Start: nothing has happened yet'
          )}
        </h2>
        <p className="now-text" data-testid="now-text" aria-live="polite">
          {e ? e.text : `${sim.scenario.description}`}
        </p>
        {isError && err && e?.error && (
          <div className="err-box" role="alert">
            <p>
              <b>{e.error.side === 'device' ? 'The device' : 'The driver'} refused the ring:</b>{' '}
              <code>{e.error.message}</code> <span className="muted">({e.error.kind})</span>
            </p>
            <p>{e.error.explanation}</p>
            {err.terms.length > 0 && (
              <p className="terms">
                Real implementations say:{' '}
                {err.terms.map(([who, what]) => (
                  <span key={who} className="term">
                    {who}: <code>{what}</code>
                  </span>
                ))}
              </p>
            )}
            {e.error.fatal && (
              <p className="muted">
                The queue is now broken (Linux BAD_RING, QEMU NEEDS_RESET): it refuses all further work; completed
                requests are kept.
              </p>
            )}
          </div>
        )}
        {broken && err && (
          <p className="broken-note">
            Queue broken since step {err.event.step + 1}: <code>{err.info.message}</code>{' '}
            <button className="link-btn" onClick={() => onJump(err.event.step + 1)}>
              Go to the error
            </button>
          </p>
        )}
        {!broken && !isError && err && (
          <p className="hostile-note muted">
            This run ends in an error at step {err.event.step + 1}.{' '}
            <button className="link-btn" onClick={() => onJump(err.event.step + 1)}>
              Jump there (E)
            </button>
          </p>
        )}
      </div>
      {e && (
        <details className="now-writes">
          <summary>Memory writes this step: {writes.length}</summary>
          {writes.length === 0 ? (
            <p className="muted">None: this step changed only private state.</p>
          ) : (
            <ul>
              {writes.map((w, k) => (
                <li key={k}>
                  <span className="mono w-name">{w.name}</span> ← <span className="mono">{w.text}</span>
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
    </section>
  );
}

export const NowCard = memo(NowCardImpl);
