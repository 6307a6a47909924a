/** The watchdog's three phases, the current one lit, and the transport FDs that must all reach zero. */
import type { WatchdogPhase } from '../../../model/lisafs/index';
import { formatTime } from '../../format';
import type { PoolPanelProps } from '../explain';

const PHASES: { id: WatchdogPhase; label: string }[] = [
  { id: 'polling', label: 'polling for hang-up' },
  { id: 'waiting-for-users', label: 'shut down, waiting for users' },
  { id: 'destroyed', label: 'destroyed' },
];

export function WatchdogPanel({ state, selection, onSelect }: PoolPanelProps) {
  const w = state.watchdog;
  const sel = selection?.kind === 'watchdog';
  const fds = state.fds.socket + state.fds.channelFdSockets + state.fds.mappedWindows;
  return (
    <button
      className={`lz-watchdog ph-${w.phase}${sel ? ' is-selected' : ''}`}
      onClick={() => onSelect({ kind: 'watchdog' })}
      aria-pressed={sel}
      data-testid="lz-watchdog"
      data-phase={w.phase}
      title="The watchdog goroutine. Click to inspect."
    >
      <span className="lz-socket-head">
        <b>Watchdog</b>
        {w.firedAt !== null && <span className="small muted">fired at {formatTime(w.firedAt)}</span>}
      </span>
      <span className="lz-phases">
        {PHASES.map((p) => (
          <span key={p.id} className={`lz-phase${p.id === w.phase ? ' is-on' : ''}`}>
            {p.label}
          </span>
        ))}
      </span>
      <span className="small mono lz-fds">
        FDs: socket {state.fds.socket} · fd sockets {state.fds.channelFdSockets} · windows {state.fds.mappedWindows}
      </span>
      <span className="sr-only">{`Watchdog: ${PHASES.find((p) => p.id === w.phase)!.label}; ${fds} transport FDs open`}</span>
    </button>
  );
}
