/**
 * The virtproxy view: several connections multiplexed over one byte stream, the deadlock the
 * review found, and its two fixes on the same scenario and seed. The page starts its store from
 * the URL, runs the play loop and URL sync, and exposes `window.__ringsideVirtproxy` for tests.
 */
import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { findCycle, VIRTPROXY_SCENARIOS, waitEdges, type VpEvent } from '../../model/virtproxy';
import { useReducedMotion } from '../hooks';
import { EventList, type EventFilter } from '../timetravel/EventList';
import { HelpDialog } from '../timetravel/HelpDialog';
import { startPlayLoop } from '../timetravel/player';
import { createRenderSignal } from '../timetravel/render-signal';
import { Transport, type Mark } from '../timetravel/Transport';
import { startUrlSync } from '../timetravel/url-sync';
import { useShortcuts } from '../timetravel/useShortcuts';
import { CopyLink, ExplainBox, IntroBox, NumberField, ScenarioDescription, ScenarioPicker, useIntroToggle, type Explanation } from '../timetravel/Widgets';
import { CreditTable } from './CreditTable';
import { installVirtproxyHook } from './hook';
import { ModeCompare } from './ModeCompare';
import { VpNowCard, vpKindLabel } from './NowCard';
import { Processes } from './Processes';
import { Settings } from './Settings';
import { MODE_HELP, MODE_TITLE, MODES, parseVpUrl, sameVpRun, vpSearch } from './spec';
import { applySpec, patchSpec, player, view } from './store';
import { StreamChart } from './StreamChart';
import { Streams } from './Streams';
import { WaitGraph } from './WaitGraph';

// ---- start-up (this module loads only on /virtproxy) ----
const signal = createRenderSignal();
{
  const u = parseVpUrl(location.search);
  applySpec(u.spec, u.step);
}
startPlayLoop(player);
const urlSync = startUrlSync(
  () => vpSearch({ spec: view.getState().spec, step: player.getState().position }),
  (search) => {
    const u = parseVpUrl(search);
    applySpec(u.spec, u.step);
  },
);
view.subscribe((s, prev) => {
  if (s.run !== prev.run) urlSync.changed(!prev.run || !sameVpRun(s.spec, prev.spec));
});
player.subscribe((s, prev) => {
  if (s.position !== prev.position) urlSync.changed(false);
});
installVirtproxyHook(signal);

const SCENARIO_OPTIONS = VIRTPROXY_SCENARIOS.map((s) => ({ id: s.id, title: s.title, description: s.description }));
const PROC_KINDS = new Set<VpEvent['kind']>(['send', 'recv', 'signal', 'await-done', 'sleep', 'wake', 'proc-done']);
const FILTERS: EventFilter<VpEvent>[] = [
  { id: 'procs', label: 'Processes (writes, reads, signals)', test: (e) => PROC_KINDS.has(e.kind) },
  { id: 'proxy', label: 'Proxy (packets, reads, deliveries)', test: (e) => e.kind.startsWith('mux') || e.kind.startsWith('demux') },
  { id: 'trouble', label: 'Blocking and the outcome', test: (e) => !!e.blocked || e.kind === 'deadlock' || e.kind === 'complete' || (e.kind === 'demux-deliver' && !e.blocked) },
  { id: 'credit', label: 'Credit packets', test: (e) => e.kind === 'mux-packet' && e.bytes === 0 },
];
const actorOf = (e: VpEvent) => {
  if (!e.agent) return { label: e.kind === 'deadlock' ? 'deadlock' : 'end', cls: e.kind === 'deadlock' ? 'actor-hostile' : 'actor-start' };
  const [kind, rest] = e.agent.split(':');
  if (kind === 'proc') return { label: rest, cls: 'actor-workload' };
  const hostSide = (kind === 'mux') === rest.startsWith('h2g');
  return { label: `${hostSide ? 'host' : 'guest'} ${kind}`, cls: hostSide ? 'actor-driver' : 'actor-device' };
};
const toneOf = (e: VpEvent) => (e.kind === 'deadlock' ? 'error' : e.blocked ? 'warn' : e.kind === 'complete' ? 'good' : null);

export default function VirtproxyPage() {
  const tick = useStore(player, (s) => s.tick);
  const position = useStore(player, (s) => s.position);
  const spec = useStore(view, (s) => s.spec);
  const run = useStore(view, (s) => s.run);
  const error = useStore(view, (s) => s.error);
  const explain = useStore(view, (s) => s.explain);
  const reduced = useReducedMotion();
  const [help, setHelp] = useState(false);
  const [intro, toggleIntro] = useIntroToggle('ringside.virtproxy.intro');
  const actions = useMemo(
    () => ({
      intro: toggleIntro,
      help: () => setHelp((h) => !h),
      escape: () => {
        if (document.querySelector('dialog[open]')) setHelp(false);
        else view.setState({ explain: null });
      },
    }),
    [toggleIntro],
  );
  useShortcuts(player, actions);
  useLayoutEffect(() => signal.rendered(tick), [tick]);
  const onExplain = useCallback((e: Explanation) => view.setState({ explain: e }), []);
  const onJump = useCallback((p: number) => player.getState().seek(p), []);
  const events = run?.recording.events ?? [];
  const marks = useMemo<Mark[]>(() => {
    const out: Mark[] = [];
    let wasBlocked = false;
    events.forEach((e, i) => {
      if (e.kind === 'deadlock') out.push({ position: i + 1, tone: 'error', label: 'Deadlock' });
      if (e.kind === 'complete') out.push({ position: i + 1, tone: 'good', label: 'Every script finished' });
      if (e.blocked && !wasBlocked) out.push({ position: i + 1, tone: 'warn', label: 'A demultiplexer blocks' });
      wasBlocked = !!e.blocked;
    });
    return out;
  }, [events]);
  const describe = useCallback((p: number) => (p === 0 ? 'step 0: start' : `step ${p} of ${events.length}: ${vpKindLabel(events[p - 1].kind)}`), [events]);
  const timeAt = useCallback((p: number) => `${p === 0 ? 0 : events[p - 1].time} ns`, [events]);
  const model = run?.cursor.model ?? null;
  // The live wait-for graph at this step; the cycle is the model's once it has declared the deadlock.
  const graph = useMemo(() => {
    if (!model) return { edges: [], cycle: null };
    const s = model.view();
    const edges = waitEdges(s, model.config, model.workload);
    return { edges, cycle: s.deadlock?.cycle ?? findCycle(edges) };
    // tick: the model is mutable; a new tick means it moved.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, tick]);
  const cycleAgents = useMemo(() => new Set((graph.cycle ?? []).map((e) => e.from)), [graph]);

  if (!run || !model) {
    return (
      <main className="boot">
        <h1>Multiplexing</h1>
        <p>{error ?? 'Computing the run…'}</p>
      </main>
    );
  }
  const scenario = SCENARIO_OPTIONS.find((s) => s.id === spec.scenario);
  const current = position > 0 ? events[position - 1] : null;

  return (
    <div className={`app tt-app vp-app${reduced ? ' reduced-motion' : ''}`}>
      <header className="topbar">
        <div className="brand">
          <h1>Multiplexing without flow control</h1>
          <span className="tagline">virtproxy’s deadlock and two fixes</span>
        </div>
        <div className="run-controls" role="group" aria-label="Run settings">
          <ScenarioPicker scenarios={SCENARIO_OPTIONS} value={spec.scenario} onChange={(id) => applySpec({ scenario: id, seed: VIRTPROXY_SCENARIOS.find((s) => s.id === id)!.seed, mode: VIRTPROXY_SCENARIOS.find((s) => s.id === id)!.config.mode, overrides: {} })} />
          <NumberField label="Seed" value={spec.seed} min={0} max={4294967295} onChange={(seed) => patchSpec({ seed })} help="The run’s seed: it decides the interleaving of every agent and how the byte stream is chunked. The same seed gives exactly the same run." />
          <div className="field" role="radiogroup" aria-label="Multiplexer mode">
            <span className="field-label" aria-hidden="true">
              Mode
            </span>
            <div className="tt-seg">
              {MODES.map((m) => (
                <button key={m} role="radio" aria-checked={spec.mode === m} className={spec.mode === m ? 'is-on' : ''} onClick={() => patchSpec({ mode: m })} title={MODE_HELP[m]} data-mode={m}>
                  {MODE_TITLE[m]}
                </button>
              ))}
            </div>
          </div>
        </div>
        <div className="top-actions">
          <button className="ghost-btn" onClick={toggleIntro} aria-pressed={intro} title="Show or hide the introduction (I)">
            Intro
          </button>
          <CopyLink />
          <button className="ghost-btn help-btn" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts (?)" title="Keyboard shortcuts (?)">
            ?
          </button>
        </div>
      </header>
      <Transport player={player} describe={describe} timeAt={timeAt} marks={marks} />
      <main className="tt-layout">
        <div className="col-main">
          <IntroBox open={intro} onHide={toggleIntro} title="New here? What you are looking at">
            <p className="tt-intro-text">
              A proxy carries several connections between host and guest processes over <b>one byte stream</b>. A multiplexer cuts each connection’s data into fixed-size packets; on the other side a single <b>demultiplexer</b> reads the stream in
              arbitrary chunks, reassembles packets and writes each one into its process’s socket. If that socket is full the write <span className="c-error">blocks</span> — and with one shared reader, every other connection stops behind it. Add a
              dependency between two conversations (Joe waits for Bob, who waits for Alice’s request stuck behind Mary’s data) and nothing can ever move: the <b>wait-for graph</b> has a cycle. Switch the mode to give each stream its own{' '}
              <b>port</b>, or per-stream <b>credit</b> as virtio-vsock does, and replay the same seed. Press <kbd>Space</kbd> to play, <kbd>←</kbd>/<kbd>→</kbd> to step, <kbd>?</kbd> for keys; click anything to have it explained.
            </p>
          </IntroBox>
          <ScenarioDescription scenario={scenario} />
          <VpNowCard model={model} event={current} />
          <Streams model={model} tick={tick} edges={graph.edges} cycleAgents={cycleAgents} onExplain={onExplain} />
          <WaitGraph model={model} tick={tick} edges={graph.edges} cycle={graph.cycle} onExplain={onExplain} />
          <Processes model={model} tick={tick} edges={graph.edges} onExplain={onExplain} />
          {spec.mode === 'credit' && <CreditTable model={model} tick={tick} />}
          <StreamChart run={run} model={model} position={position} onSeek={onJump} />
          <EventList title="Event log" events={events} position={position} onJump={onJump} actor={actorOf} tone={toneOf} filters={FILTERS} startText="Initial state: empty sockets, an empty channel." formatTime={(ns) => `${ns} ns`} />
        </div>
        <aside className="col-side" aria-label="Modes, explanations and sizes">
          <ModeCompare modes={run.modes} current={spec.mode} onPick={(mode) => patchSpec({ mode })} />
          <ExplainBox explanation={explain} onClear={() => view.setState({ explain: null })} placeholder="Click a process, a buffer, the channel, a multiplexer, a node or a wait of the graph to have it explained here." />
          <Settings spec={spec} error={error} onChange={(overrides) => applySpec({ ...spec, overrides })} />
        </aside>
      </main>
      <footer className="foot muted small">
        {scenario?.title} · seed {spec.seed} · {MODE_TITLE[spec.mode]} · {events.length} steps · deterministic: the link reproduces this exact view.
      </footer>
      <HelpDialog open={help} onClose={() => setHelp(false)}>
        <h3>Colours</h3>
        <p className="small">
          Each connection has its own colour in buffers, packets and plots. <span className="c-error">Red</span>: a blocked demultiplexer, a full buffer, an exhausted credit window, and the edges of a deadlock cycle. <span style={{ color: '#e3b341' }}>Amber</span>: an
          agent that waits but is not (yet) on a cycle.
        </p>
      </HelpDialog>
    </div>
  );
}
