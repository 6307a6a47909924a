/**
 * The availableChannels stack, drawn as a tower with its top at the top. Slots are keyed by
 * channel and positioned by depth, so a push or pop slides the others (unless motion is
 * reduced). The current event's pop, push or refusal to re-pool is shown beside it.
 */
import type { StackMove } from '../derive';
import type { PoolPanelProps } from '../explain';

const SLOT = 34;

export function StackPanel({ state, move, selection, onSelect }: PoolPanelProps & { move: StackMove | null }) {
  const topFirst = state.stack ? [...state.stack].reverse() : null;
  const rows = Math.max(state.channelTarget, 1);
  const stackSel = selection?.kind === 'stack';
  return (
    <div className="lz-col lz-stack-col" role="group" aria-labelledby="lz-stack-h">
      <h3 id="lz-stack-h" className="lz-col-h">
        <button
          className={`lz-head-btn${stackSel ? ' is-selected' : ''}`}
          onClick={() => onSelect({ kind: 'stack' })}
          aria-pressed={stackSel}
          title="availableChannels: a LIFO stack. Click to inspect."
        >
          Stack (LIFO)
        </button>
      </h3>
      <div className="lz-move small" aria-live="off" data-testid="lz-stack-move">
        {move?.op === 'pop' && <span className="lz-move-pop">↑ popped channel {move.channel}</span>}
        {move?.op === 'push' && <span className="lz-move-push">↓ pushed channel {move.channel} on top</span>}
        {move?.op === 'drop' && <span className="lz-move-drop">✕ channel {move.channel} not re-pooled</span>}
      </div>
      {topFirst === null ? (
        <div
          className="lz-stack-nil"
          data-testid="lz-stack-nil"
          title="The watchdog set availableChannels to nil: nothing can be popped or pushed again"
        >
          <span className="mono">nil</span>
          <span className="small muted">thrown away by the watchdog</span>
        </div>
      ) : (
        <ol
          className="lz-stack"
          style={{ height: rows * SLOT + 6 }}
          aria-label={`Available channels, top first: ${topFirst.length ? topFirst.map((c) => `channel ${c}`).join(', ') : 'empty'}`}
          data-testid="lz-stack"
        >
          {topFirst.map((id, depth) => {
            const ch = state.channels[id];
            const sel = selection?.kind === 'channel' && selection.id === id;
            return (
              <li key={id} className="lz-slot-li" style={{ top: depth * SLOT }}>
                <button
                  className={`lz-slot${depth === 0 ? ' is-top' : ''}${sel ? ' is-selected' : ''}${move?.op === 'push' && move.channel === id ? ' is-pushed' : ''}`}
                  onClick={() => onSelect({ kind: 'channel', id })}
                  data-channel={id}
                  data-depth={depth}
                  title={depth === 0 ? 'Top of the stack: the next caller pops this one' : `${depth} below the top`}
                >
                  {/* The name is the visible words with the rest for screen readers between them
                      (WCAG 2.5.3), and spaces between the spans so "ch 2" and "1 use" stay apart. */}
                  <span className="mono">ch {id}</span>{' '}
                  <span className="small">
                    {ch.uses} {ch.uses === 1 ? 'use' : 'uses'}
                  </span>
                  {depth === 0 ? (
                    <>
                      {' '}
                      <span className="lz-top-tag">top</span>
                      <span className="sr-only"> of the stack, popped next</span>
                    </>
                  ) : (
                    <span className="sr-only">, {depth} below the top</span>
                  )}
                </button>
              </li>
            );
          })}
          {topFirst.length === 0 && (
            <li className="lz-stack-empty small muted">empty: callers fall back to the socket</li>
          )}
        </ol>
      )}
    </div>
  );
}
