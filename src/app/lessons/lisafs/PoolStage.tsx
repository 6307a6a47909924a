/**
 * The channel pool as a lesson shows it: the /lisafs view's callers, stack, channels, socket lane
 * and watchdog, drawn from the lesson's own run, with only the parts the step needs. A channel
 * to watch is outlined; clicking any part explains it below, with its live fields, as the
 * view's inspector does.
 */
import { useState } from 'react';
import { CallersPanel } from '../../lisafs/components/CallersPanel';
import { ChannelCard } from '../../lisafs/components/ChannelCard';
import { PoolInspector } from '../../lisafs/components/Inspector';
import { SocketLane } from '../../lisafs/components/SocketLane';
import { StackPanel } from '../../lisafs/components/StackPanel';
import { WatchdogPanel } from '../../lisafs/components/WatchdogPanel';
import { channelShares, stackMove } from '../../lisafs/derive';
import { type PoolSelection, selectionExists } from '../../lisafs/explain';
import type { PoolLessonRun } from './pool-run';
import './pool-lesson.css';
import { StageWatch } from '../stage-view';

export type PoolPart = 'callers' | 'stack' | 'channels' | 'socket' | 'watchdog';

interface Props {
  run: PoolLessonRun;
  position: number;
  parts: readonly PoolPart[];
  /** A channel to outline. */
  mark?: number | null;
  /** One line saying what to watch. */
  watch?: string;
}

export function PoolStage({ run, position, parts, mark = null, watch }: Props) {
  const [picked, setPicked] = useState<{ at: number; sel: PoolSelection } | null>(null);
  const state = run.state;
  const current = run.eventAt(position);
  const has = (p: PoolPart) => parts.includes(p);
  const sel = picked && selectionExists(state, picked.sel) ? picked.sel : null;
  const onSelect = (s: PoolSelection) => setPicked({ at: position, sel: s });
  const shares = channelShares(state);
  const maxUses = Math.max(0, ...shares.map((s) => s.uses));
  return (
    <div className="pool-stage" data-testid="pool-stage">
      <StageWatch text={watch} />
      <div className="pool-stage-row">
        {has('callers') && <CallersPanel state={state} selection={sel} onSelect={onSelect} />}
        {has('stack') && <StackPanel state={state} move={stackMove(current)} selection={sel} onSelect={onSelect} />}
        {(has('socket') || has('watchdog')) && (
          <div className="lz-col">
            {has('socket') && <SocketLane state={state} selection={sel} onSelect={onSelect} />}
            {has('watchdog') && <WatchdogPanel state={state} selection={sel} onSelect={onSelect} />}
          </div>
        )}
      </div>
      {has('channels') && (
        <div className="pool-stage-channels" role="group" aria-label={`Channels: ${state.channels.length} created`}>
          {state.channels.length === 0 ? (
            <p className="small muted">
              No channels yet: the client makes them with Channel RPCs over the socket, right after Mount.
            </p>
          ) : (
            state.channels.map((ch) => (
              <div key={ch.id} className={mark === ch.id ? 'pool-marked' : undefined} data-marked={mark === ch.id}>
                <ChannelCard
                  ch={ch}
                  maxUses={maxUses}
                  hottest={!!shares[ch.id]?.hottest}
                  dying={current?.kind === 'channel-died' && current.channel === ch.id}
                  selection={sel}
                  onSelect={onSelect}
                />
              </div>
            ))
          )}
        </div>
      )}
      {sel && <PoolInspector state={state} selection={sel} onClear={() => setPicked(null)} />}
    </div>
  );
}
