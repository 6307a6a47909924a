/** The current event in words, with the run's outcome once it is known. */
import type { VirtproxyModel, VpEvent } from '../../model/virtproxy';

const KIND_LABEL: Record<VpEvent['kind'], string> = {
  send: 'write',
  recv: 'read',
  signal: 'signal',
  'await-done': 'heard',
  sleep: 'busy',
  wake: 'wakes',
  'proc-done': 'done',
  'mux-packet': 'mux',
  'demux-read': 'demux read',
  'demux-packet': 'demux',
  'demux-deliver': 'deliver',
  complete: 'complete',
  deadlock: 'deadlock',
};
export const vpKindLabel = (k: VpEvent['kind']) => KIND_LABEL[k];

export function VpNowCard({ model, event }: { model: VirtproxyModel; event: VpEvent | null }) {
  const s = model.view();
  const dead = event?.kind === 'deadlock';
  const blocked = !!event?.blocked;
  const done = event?.kind === 'complete';
  return (
    <section
      className={`now${dead ? ' now-error' : blocked ? ' now-warn' : ''}${done ? ' vp-now-done' : ''}`}
      aria-label="Current step"
      aria-live="polite"
    >
      <div className="now-main">
        <div className="now-title">
          <span className={`pill ${dead ? 'pill-other' : blocked ? 'pill-held' : done ? 'pill-used' : 'pill-driver'}`}>
            {event ? KIND_LABEL[event.kind] : 'start'}
          </span>
          <span className="muted small mono">
            step {s.step} · {model.now} ns · {model.config.mode}
          </span>
        </div>
        <p className="now-text" data-testid="now-text">
          {event ? event.text : 'Nothing has moved yet. Press Space or → to begin.'}
        </p>
        <p className="muted small">
          {s.stats.dataPackets} data packets · {s.stats.controlPackets} control packets ·{' '}
          {s.lanes.filter((l) => l.pending).length} demultiplexer(s) blocked ·{' '}
          {s.procs.filter((p) => p.status === 'done').length}/{s.procs.length} processes done
        </p>
      </div>
    </section>
  );
}
