/**
 * A channel's packet window: its size, and what the last writer put in the header — dataLen
 * (drawn on a log scale, since a 16-byte FStat and a 2 MiB write share one window), the
 * message id and the FD count.
 */
import { type PacketWindow as Win, midName } from '../../../model/lisafs/index';
import { bytes } from '../explain';

export function PacketWindow({
  channel,
  win,
  selected,
  onSelect,
}: {
  channel: number;
  win: Win;
  selected: boolean;
  onSelect: () => void;
}) {
  const frac = win.dataLen > 0 ? Math.min(1, Math.log2(1 + win.dataLen) / Math.log2(1 + win.bytes)) : 0;
  const mid = win.mid === null ? '—' : `${win.mid} ${midName(win.mid)}`;
  return (
    <button
      className={`lz-win${selected ? ' is-selected' : ''}${win.mid === 0 ? ' is-error' : ''}`}
      onClick={onSelect}
      data-datalen={win.dataLen}
      data-mid={win.mid ?? ''}
      title="The shared-memory packet window and its header. Click to inspect."
    >
      {/* Named by its visible header fields, after words for screen readers (WCAG 2.5.3). */}
      <span className="sr-only">
        Channel {channel} packet window, {bytes(win.bytes)}:{' '}
      </span>
      <span className="lz-win-bar" aria-hidden="true">
        <span className="lz-win-fill" style={{ width: `${frac * 100}%` }} />
      </span>
      <span className="lz-win-text mono small">
        <span>dataLen {win.dataLen.toLocaleString('en-US')}</span> <span>MID {mid}</span> <span>{win.numFDs} FD</span>
      </span>
    </button>
  );
}
