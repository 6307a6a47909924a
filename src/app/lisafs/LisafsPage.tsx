/**
 * The lisafs channel-pool view. The store holds one PoolRun (the model under a Timeline)
 * and the position; every panel re-reads the model's live state whenever the store ticks.
 * URL sync, playback and the test hook start only on this page.
 */
import { useCallback, useMemo } from 'react';
import { formatTime } from '../format';
import { kindWords, RunPage, useStepWords } from '../kit/RunPage';
import { startStepperPage } from '../kit/stepperView';
import { channelShares, latencyPoints, logRows, LOG_FILTERS, markers, stackMove } from './derive';
import { selectionExists, type PoolSelection } from './explain';
import { installLisafsHook } from './hook';
import { POOL_PARAMS, samePoolSpec, scenarioOf } from './spec';
import { createPoolStore, poolCodec } from './store';
import { CallersPanel } from './components/CallersPanel';
import { ChannelCard } from './components/ChannelCard';
import { PoolInspector } from './components/Inspector';
import { LisafsIntro } from './components/Intro';
import { LatencyPlot } from './components/LatencyPlot';
import { NowCard } from './components/NowCard';
import { OccupancyPlot } from './components/OccupancyPlot';
import { RunControls } from './components/RunControls';
import { SocketLane } from './components/SocketLane';
import { StackPanel } from './components/StackPanel';
import { SummaryPanel } from './components/SummaryPanel';
import { WatchdogPanel } from './components/WatchdogPanel';

const page = startStepperPage({
  params: POOL_PARAMS,
  createStore: createPoolStore,
  codec: poolCodec,
  installHook: installLisafsHook,
  introKey: 'ringside.lisafs.intro',
});
const { store } = page;

export default function LisafsPage() {
  const { run, spec, position, selection, setSelection, clearSelection, onJump, chrome, frame } =
    page.use<PoolSelection>();

  // Whole-run data: computed once per run, not per step.
  const rows = useMemo(() => logRows(run.events), [run]);
  const marks = useMemo(() => markers(run.events), [run]);
  const describe = useStepWords(run.events, kindWords);
  const timeAt = useCallback((p: number) => formatTime(run.timeAt(p)), [run]);
  const points = useMemo(() => latencyPoints(run.final), [run]);

  const onSeekTime = useCallback((t: number) => onJump(store.getState().run.positionAtTime(t)), [onJump]);

  const state = run.sim.state;
  const current = position > 0 ? run.events[position - 1] : null;
  const now = run.timeAt(position);
  const sc = scenarioOf(spec);
  const shares = channelShares(state);
  const maxUses = Math.max(0, ...shares.map((s) => s.uses));
  const sel = selectionExists(state, selection) ? selection : null;

  return (
    <RunPage
      {...frame}
      log={{ rows, filters: LOG_FILTERS, startText: 'Initial state: the client is about to mount.' }}
      className="lz-app"
      title="lisafs channel pool"
      tagline="flipcall channels, the LIFO stack and the socket fallback"
      settings={<RunControls spec={spec} onChange={(s) => !samePoolSpec(s, spec) && store.getState().load(s, 0)} />}
      transport={{ store, describe, timeAt, marks }}
      asideLabel="Inspector and figures"
      aside={
        <>
          <PoolInspector state={state} selection={sel} onClear={clearSelection} />
          <SummaryPanel state={state} now={now} />
        </>
      }
      footer={`${sc.title} · seed ${spec.seed} · ${state.channelTarget} channel(s) · ${run.length} steps${
        run.timeline.truncated ? ' (cut short)' : ''
      }`}
      legend={LEGEND}
    >
      <LisafsIntro open={chrome.intro} onToggle={chrome.toggleIntro} />
      <NowCard
        event={current}
        state={state}
        position={position}
        length={run.length}
        title={sc.title}
        description={sc.description}
      />
      <section className="panel lz-stage" aria-label="The channel pool" data-testid="lz-stage">
        <CallersPanel state={state} selection={sel} onSelect={setSelection} />
        <StackPanel state={state} move={stackMove(current)} selection={sel} onSelect={setSelection} />
        <div className="lz-col lz-channels-col" role="group" aria-labelledby="lz-channels-h">
          <h3 id="lz-channels-h" className="lz-col-h" title="Each channel: status, uses, state word and packet window">
            Channels ({state.channels.length} of {state.channelTarget})
          </h3>
          {state.channels.length === 0 ? (
            <p className="small muted">
              {state.channelTarget === 0
                ? 'This client has no channels: every RPC uses the socket.'
                : 'Not created yet: channels are set up by Channel RPCs over the socket right after Mount.'}
            </p>
          ) : (
            <div className="lz-channels">
              {state.channels.map((ch) => (
                <ChannelCard
                  key={ch.id}
                  ch={ch}
                  maxUses={maxUses}
                  hottest={!!shares[ch.id]?.hottest}
                  dying={current?.kind === 'channel-died' && current.channel === ch.id}
                  selection={sel}
                  onSelect={setSelection}
                />
              ))}
            </div>
          )}
        </div>
        <div className="lz-col lz-side-col">
          <h3 className="lz-col-h">Socket and watchdog</h3>
          <SocketLane state={state} selection={sel} onSelect={setSelection} />
          <WatchdogPanel state={state} selection={sel} onSelect={setSelection} />
        </div>
      </section>
      <section className="panel plots" aria-labelledby="lz-plots-h">
        <header className="panel-head">
          <h2 id="lz-plots-h">Over the run</h2>
          <span className="muted small">click a plot to go to that moment</span>
        </header>
        <div className="lz-charts">
          <LatencyPlot points={points} endTime={run.endTime} now={now} onSeekTime={onSeekTime} />
          <OccupancyPlot samples={run.final.occupancy} endTime={run.endTime} now={now} onSeekTime={onSeekTime} />
        </div>
      </section>
    </RunPage>
  );
}

const LEGEND = (
  <ul className="legend legend-col">
    <li className="legend-item">
      <span className="pill lz-pill-available">available</span> on the stack, ready to be popped
    </li>
    <li className="legend-item">
      <span className="pill lz-pill-active">active</span> held by a caller for one RPC
    </li>
    <li className="legend-item">
      <span className="pill lz-pill-dead">dead</span> failed or shut down; never re-pooled
    </li>
    <li className="legend-item">
      <span className="pill lz-pill-socket">socket</span> the fallback path behind sockMu
    </li>
  </ul>
);
