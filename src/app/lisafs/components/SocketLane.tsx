/** The socket fallback: who holds sockMu, who queues behind it (in order), and whether it still works. */
import type { PoolPanelProps } from '../explain';

export function SocketLane({ state, selection, onSelect }: PoolPanelProps) {
  const k = state.socket;
  const sel = selection?.kind === 'socket';
  const status = k.destroyed ? 'destroyed' : k.hungUp ? 'hung up' : k.holder !== null ? 'busy' : 'idle';
  return (
    <button
      className={`lz-socket st-${status.replace(' ', '-')}${sel ? ' is-selected' : ''}`}
      onClick={() => onSelect({ kind: 'socket' })}
      aria-pressed={sel}
      data-testid="lz-socket"
      title="The connection's socket and its mutex. Click to inspect."
    >
      <span className="lz-socket-head">
        <b>Socket</b> <span className="pill lz-pill-socket">{status}</span>
        <span className="small muted">{k.uses} RPCs</span>
      </span>
      <span className="lz-socket-lane">
        <span className="small muted">sockMu</span>
        <span className={`lz-chip lz-chip-holder${k.holder === null ? ' is-empty' : ''}`}>
          {k.holder === null ? 'free' : `caller ${k.holder}`}
        </span>
        <span className="lz-queue" data-testid="lz-socket-queue">
          {k.queue.map((c, i) => (
            <span key={c} className="lz-chip lz-chip-wait" data-caller={c}>
              {i === 0 ? '← ' : ''}caller {c}
            </span>
          ))}
          {k.queue.length === 0 && <span className="small muted">no one waiting</span>}
        </span>
      </span>
      <span className="sr-only">{`Socket: ${status}; holder ${k.holder === null ? 'none' : `caller ${k.holder}`}; ${k.queue.length} waiting on the mutex`}</span>
    </button>
  );
}
