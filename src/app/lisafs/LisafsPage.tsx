/**
 * The lisafs channel-pool view. The store holds one PoolRun (the model under a Timeline)
 * and the position; every panel re-reads the model's live state whenever the store ticks.
 * URL sync, playback and the test hook start only on this page.
 */
import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import { useReducedMotion } from '../hooks';
import { StepHelpDialog } from '../stepper/HelpDialog';
import { CopyLink } from '../stepper/CopyLink';
import { EventList } from '../stepper/EventList';
import { Transport } from '../stepper/Transport';
import { startPlayLoop } from '../stepper/playLoop';
import { createRenderSignal } from '../stepper/rendered';
import { startUrlSync } from '../stepper/urlSync';
import { useIntro } from '../stepper/useIntro';
import { useStepper } from '../stepper/useStepper';
import { useStepperKeys } from '../stepper/useStepperKeys';
import { channelShares, latencyPoints, logRows, LOG_FILTERS, markers, stackMove } from './derive';
import { selectionExists, type PoolSelection } from './explain';
import { installLisafsHook } from './hook';
import { encodePoolUrl, samePoolSpec, scenarioOf } from './spec';
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

const store = createPoolStore(location.search);
const signal = createRenderSignal();
startPlayLoop(store);
startUrlSync(store, poolCodec);
installLisafsHook(store, signal);

export default function LisafsPage() {
  const run = useStepper(store, (s) => s.run);
  const spec = useStepper(store, (s) => s.spec);
  const position = useStepper(store, (s) => s.position);
  const tick = useStepper(store, (s) => s.tick);
  const playing = useStepper(store, (s) => s.playing);
  const speed = useStepper(store, (s) => s.speed);
  const error = useStepper(store, (s) => s.error);
  const reduced = useReducedMotion();
  const [selection, setSelection] = useState<PoolSelection | null>(null);
  const [help, setHelp] = useState(false);
  const [intro, toggleIntro] = useIntro('ringside.lisafs.intro');

  useStepperKeys(store, {
    help: useCallback(() => setHelp((h) => !h), []),
    intro: toggleIntro,
    escape: useCallback((dialogOpen: boolean) => (dialogOpen ? setHelp(false) : setSelection(null)), []),
  });
  useLayoutEffect(() => signal.notify(tick), [tick]);

  // Whole-run data: computed once per run, not per step.
  const rows = useMemo(() => logRows(run.events), [run]);
  const marks = useMemo(() => markers(run.events), [run]);
  const points = useMemo(() => latencyPoints(run.final), [run]);

  const onSeek = useCallback((p: number) => store.getState().seek(p, 'seek'), []);
  const onJump = useCallback((p: number) => {
    store.getState().pause();
    store.getState().seek(p, 'seek');
  }, []);
  const onSeekTime = useCallback((t: number) => onJump(store.getState().run.positionAtTime(t)), [onJump]);
  const onStep = useCallback((d: number) => store.getState().stepBy(d), []);
  const onToggle = useCallback(() => store.getState().toggle(), []);
  const onSpeed = useCallback((v: number) => store.getState().setSpeed(v), []);

  const state = run.sim.state;
  const current = position > 0 ? run.events[position - 1] : null;
  const now = run.timeAt(position);
  const sc = scenarioOf(spec);
  const shares = channelShares(state);
  const maxUses = Math.max(0, ...shares.map((s) => s.uses));
  const sel = selectionExists(state, selection) ? selection : null;

  return (
    <div className={`app lz-app${reduced ? ' reduced-motion' : ''}`}>
      <header className="topbar">
        <div className="brand">
          <h1>lisafs channel pool</h1>
          <span className="tagline">flipcall channels, the LIFO stack and the socket fallback</span>
        </div>
        <RunControls spec={spec} onChange={(s) => !samePoolSpec(s, spec) && store.getState().load(s, 0)} />
        <div className="top-actions">
          <button className="ghost-btn" onClick={toggleIntro} aria-pressed={intro} title="Show or hide the introduction (I)">
            Intro
          </button>
          <CopyLink search={() => encodePoolUrl(store.getState().spec, store.getState().position)} />
          <button className="ghost-btn help-btn" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts (?)" title="Keyboard shortcuts (?)">
            ?
          </button>
        </div>
      </header>
      {error && (
        <p className="load-error" role="alert">
          {error}
        </p>
      )}
      <Transport
        length={run.length}
        position={position}
        playing={playing}
        speed={speed}
        timeNs={now}
        describe={current ? current.kind.replace(/-/g, ' ') : 'start'}
        markers={marks}
        onSeek={onSeek}
        onStep={onStep}
        onToggle={onToggle}
        onSpeed={onSpeed}
      />
      <main className="layout">
        <div className="col-main">
          <LisafsIntro open={intro} onToggle={toggleIntro} />
          <NowCard event={current} state={state} position={position} length={run.length} title={sc.title} description={sc.description} />
          <section className="panel lz-stage" aria-label="The channel pool" data-testid="lz-stage">
            <CallersPanel state={state} selection={sel} onSelect={setSelection} />
            <StackPanel state={state} move={stackMove(current)} selection={sel} onSelect={setSelection} />
            <div className="lz-col lz-channels-col" role="group" aria-labelledby="lz-channels-h">
              <h3 id="lz-channels-h" className="lz-col-h" title="Each channel: status, uses, state word and packet window">
                Channels ({state.channels.length} of {state.channelTarget})
              </h3>
              {state.channels.length === 0 ? (
                <p className="small muted">{state.channelTarget === 0 ? 'This client has no channels: every RPC uses the socket.' : 'Not created yet: channels are set up by Channel RPCs over the socket right after Mount.'}</p>
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
          <EventList rows={rows} filters={LOG_FILTERS} position={position} startText="Initial state: the client is about to mount." onJump={onJump} />
        </div>
        <aside className="col-side" aria-label="Inspector and figures">
          <PoolInspector state={state} selection={sel} onClear={() => setSelection(null)} />
          <SummaryPanel state={state} now={now} />
        </aside>
      </main>
      <footer className="foot muted small">
        {sc.title} · seed {spec.seed} · {state.channelTarget} channel(s) · {run.length} steps{run.timeline.truncated ? ' (cut short)' : ''} · deterministic: the link reproduces this exact view.
      </footer>
      <StepHelpDialog open={help} onClose={() => setHelp(false)}>
        <h3>Colours</h3>
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
      </StepHelpDialog>
    </div>
  );
}
