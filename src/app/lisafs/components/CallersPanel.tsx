/**
 * The callers: application goroutines issuing RPCs, each with what it is doing now. Those
 * blocked on the socket mutex show their place in line; start-up callers (Mount, Channel)
 * are folded into one line once they are done.
 */
import { type CallerState, type PoolState, midName } from '../../../model/lisafs/index';
import type { PoolPanelProps } from '../explain';

const STATUS_WORDS: Record<CallerState['status'], string> = {
  idle: 'idle',
  thinking: 'thinking',
  'waiting-socket': 'waits for sockMu',
  'on-socket': 'on the socket',
  'on-channel': 'on a channel',
  done: 'done',
};

function doing(c: CallerState, s: Readonly<PoolState>): string {
  const r = c.current;
  if (!r)
    return c.status === 'done'
      ? `${c.completed} ok, ${c.failed} failed`
      : c.status === 'thinking'
        ? `${Math.max(0, c.rpcsLeft)} RPCs to go`
        : '';
  if (c.status === 'waiting-socket') return `${midName(r.mid)} · #${s.socket.queue.indexOf(c.id) + 1} in line`;
  if (c.status === 'on-channel') return `${midName(r.mid)} on channel ${r.channel}`;
  return midName(r.mid);
}

export function CallersPanel({ state, selection, onSelect }: PoolPanelProps) {
  const apps = state.callers.filter((c) => c.role === 'app');
  const setup = state.callers.filter((c) => c.role !== 'app');
  const setupBusy = setup.filter((c) => c.status !== 'done' && c.status !== 'idle');
  return (
    <div className="lz-col lz-callers" role="group" aria-labelledby="lz-callers-h">
      <h3 id="lz-callers-h" className="lz-col-h" title="Application goroutines in the sentry that issue lisafs RPCs">
        Callers
      </h3>
      <div
        className="lz-setup small muted"
        title="Start-up: Mount, then one Channel RPC per channel, all over the socket"
      >
        start-up:{' '}
        {state.phase === 'mounting'
          ? 'Mount in flight'
          : state.phase === 'creating-channels'
            ? `${setupBusy.length} Channel RPC(s) in flight`
            : `done (${setup.length} RPCs over the socket)`}
      </div>
      <ul className="lz-list">
        {[...setupBusy, ...apps].map((c) => {
          const sel = selection?.kind === 'caller' && selection.id === c.id;
          const name = c.role === 'app' ? `Caller ${c.id}` : c.role === 'mount' ? 'Mount' : `Creator ${c.id}`;
          return (
            <li key={c.id}>
              <button
                className={`lz-caller st-${c.status}${sel ? ' is-selected' : ''}`}
                onClick={() => onSelect({ kind: 'caller', id: c.id })}
                aria-pressed={sel}
                data-caller={c.id}
                data-status={c.status}
                title={`${name}: ${STATUS_WORDS[c.status]}. Click to inspect.`}
              >
                <span className="lz-caller-name">{name}</span>
                <span className="lz-status">{STATUS_WORDS[c.status]}</span>
                <span className="lz-doing mono">{doing(c, state)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
