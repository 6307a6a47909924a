/**
 * One channel: status, holder, how often it was used (the hot one stands out), its handoff
 * word and its packet window. A dying channel is drawn in the error colour, and stays so.
 */
import type { ChannelState } from '../../../model/lisafs/index';
import type { PoolSelection } from '../explain';
import { HandoffWord } from './HandoffWord';
import { PacketWindow } from './PacketWindow';

interface Props {
  ch: ChannelState;
  maxUses: number;
  hottest: boolean;
  /** The current event killed this channel. */
  dying: boolean;
  selection: PoolSelection | null;
  onSelect: (s: PoolSelection) => void;
}

export function ChannelCard({ ch, maxUses, hottest, dying, selection, onSelect }: Props) {
  const is = (k: PoolSelection['kind']) => selection?.kind === k && 'id' in selection && selection.id === ch.id;
  const status =
    ch.status === 'dead'
      ? ch.deathReason === 'transport-error'
        ? 'dead'
        : ch.deathReason === 'shutdown'
          ? 'shut down'
          : 'closed'
      : ch.status;
  return (
    <article
      className={`lz-ch st-${ch.status}${dying ? ' is-dying' : ''}${ch.destroyed ? ' is-destroyed' : ''}`}
      data-channel={ch.id}
      data-status={ch.status}
      aria-label={`Channel ${ch.id}`}
    >
      <button
        className={`lz-ch-head${is('channel') ? ' is-selected' : ''}`}
        onClick={() => onSelect({ kind: 'channel', id: ch.id })}
        aria-pressed={is('channel')}
        title="Click to inspect this channel"
      >
        <span className="lz-ch-name">Channel {ch.id}</span>
        <span className={`pill lz-pill-${ch.status}`}>{status}</span>
        <span className="lz-holder small">
          {ch.holder !== null ? `caller ${ch.holder}` : ch.destroyed ? 'destroyed' : ''}
        </span>
      </button>
      <div
        className="lz-uses"
        title={`${ch.uses} RPCs went through this channel${hottest ? ' — the hottest one' : ''}`}
      >
        <span className="lz-uses-bar" aria-hidden="true">
          <span style={{ width: `${maxUses ? (ch.uses / maxUses) * 100 : 0}%` }} />
        </span>
        <span className="small mono" data-testid={`lz-uses-${ch.id}`}>
          {ch.uses} uses{hottest ? ' · hot' : ''}
        </span>
      </div>
      <HandoffWord
        channel={ch.id}
        word={ch.word}
        selected={is('word')}
        onSelect={() => onSelect({ kind: 'word', id: ch.id })}
      />
      <PacketWindow
        channel={ch.id}
        win={ch.packetWindow}
        selected={is('window')}
        onSelect={() => onSelect({ kind: 'window', id: ch.id })}
      />
    </article>
  );
}
