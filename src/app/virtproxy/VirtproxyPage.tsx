/**
 * The virtproxy view: several connections multiplexed over one byte stream, the deadlock the
 * review found, and its two fixes on the same scenario and seed. The page starts its store from
 * the URL, runs the play loop and URL sync, and exposes `window.__ringsideVirtproxy` for tests.
 */
import { useMemo } from 'react';
import { findCycle, VIRTPROXY_SCENARIOS, waitEdges, type VpEvent } from '../../model/virtproxy';
import { eventFilters, eventRows } from '../kit/EventList';
import { startExplainView, useExplainView } from '../kit/explainView';
import { RunPage, RunPageLoading, useStepTime, useStepWords } from '../kit/RunPage';
import type { Mark } from '../kit/Transport';
import { ExplainBox, IntroBox, RunBar, ScenarioDescription, scenarioSpec } from '../kit/Widgets';
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
import { COLORS } from '../shared/tokens';
import { VP_PARAMS } from './spec';

// ---- start-up (this module loads only on /virtproxy) ----
const search = () => vpSearch({ spec: view.getState().spec, step: player.getState().position });
const signal = startExplainView({
  params: VP_PARAMS,
  view,
  player,
  applyUrl: (search) => {
    const u = parseVpUrl(search);
    applySpec(u.spec, u.step);
  },
  search,
  pushes: (s, prev) => !sameVpRun(s.spec, prev.spec),
});
installVirtproxyHook(signal);

const SCENARIO_OPTIONS = VIRTPROXY_SCENARIOS.map((s) => ({ id: s.id, title: s.title, description: s.description }));
const PROC_KINDS = new Set<VpEvent['kind']>(['send', 'recv', 'signal', 'await-done', 'sleep', 'wake', 'proc-done']);
const FILTERS = eventFilters<VpEvent>([
  { id: 'procs', label: 'Processes (writes, reads, signals)', test: (e) => PROC_KINDS.has(e.kind) },
  {
    id: 'proxy',
    label: 'Proxy (packets, reads, deliveries)',
    test: (e) => e.kind.startsWith('mux') || e.kind.startsWith('demux'),
  },
  {
    id: 'trouble',
    label: 'Blocking and the outcome',
    test: (e) =>
      !!e.blocked || e.kind === 'deadlock' || e.kind === 'complete' || (e.kind === 'demux-deliver' && !e.blocked),
  },
  { id: 'credit', label: 'Credit packets', test: (e) => e.kind === 'mux-packet' && e.bytes === 0 },
]);
const actorOf = (e: VpEvent) => {
  if (!e.agent)
    return {
      label: e.kind === 'deadlock' ? 'deadlock' : 'end',
      cls: e.kind === 'deadlock' ? 'actor-hostile' : 'actor-start',
    };
  const [kind, rest] = e.agent.split(':');
  if (kind === 'proc') return { label: rest, cls: 'actor-workload' };
  const hostSide = (kind === 'mux') === rest.startsWith('h2g');
  return { label: `${hostSide ? 'host' : 'guest'} ${kind}`, cls: hostSide ? 'actor-driver' : 'actor-device' };
};
const labelOf = (e: VpEvent) => vpKindLabel(e.kind);
const fmtNs = (ns: number) => `${ns} ns`;
const toneOf = (e: VpEvent) =>
  e.kind === 'deadlock' ? 'error' : e.blocked ? 'warn' : e.kind === 'complete' ? 'good' : null;

export default function VirtproxyPage() {
  const { tick, position, spec, run, error, explain, clearExplain, onExplain, onJump, chrome, frame } = useExplainView(
    view,
    player,
    signal,
    'ringside.virtproxy.intro',
  );
  const events = run?.recording.events ?? [];
  const rows = useMemo(() => eventRows(events, actorOf, toneOf), [events]);
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
  const describe = useStepWords(events, labelOf);
  const timeAt = useStepTime(events, fmtNs);
  const model = run?.cursor.model ?? null;
  // The live wait-for graph at this step; the cycle is the model's once it has declared the deadlock.
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick: the model is mutable; a new tick means it moved
  const graph = useMemo(() => {
    if (!model) return { edges: [], cycle: null };
    const s = model.view();
    const edges = waitEdges(s, model.config, model.workload);
    return { edges, cycle: s.deadlock?.cycle ?? findCycle(edges) };
  }, [model, tick]);
  const cycleAgents = useMemo(() => new Set((graph.cycle ?? []).map((e) => e.from)), [graph]);

  if (!run || !model) {
    return <RunPageLoading title="Multiplexing" error={error} />;
  }
  const scenario = SCENARIO_OPTIONS.find((s) => s.id === spec.scenario);
  const current = position > 0 ? events[position - 1] : null;

  return (
    <RunPage
      {...frame}
      log={{ rows, filters: FILTERS, startText: 'Initial state: empty sockets, an empty channel.', formatTime: fmtNs }}
      className="tt-app vp-app"
      title="Multiplexing without flow control"
      tagline="virtproxy’s deadlock and two fixes"
      settings={
        <RunBar
          scenarios={SCENARIO_OPTIONS}
          scenario={spec.scenario}
          onScenario={(id) => applySpec(scenarioSpec(VIRTPROXY_SCENARIOS, id))}
          seed={spec.seed}
          onSeed={(seed) => patchSpec({ seed })}
          seedHelp="The run’s seed: it decides the interleaving of every agent and how the byte stream is chunked. The same seed gives exactly the same run."
          modeLabel="Multiplexer mode"
          modeCaption="Mode"
          modes={MODES}
          mode={spec.mode}
          onMode={(mode) => patchSpec({ mode })}
          modeTitle={(m) => MODE_HELP[m]}
          modeText={(m) => MODE_TITLE[m]}
          tagModes
        />
      }
      transport={{ store: player, describe, timeAt, marks }}
      asideLabel="Modes, explanations and sizes"
      aside={
        <>
          <ModeCompare modes={run.modes} current={spec.mode} onPick={(mode) => patchSpec({ mode })} />
          <ExplainBox
            explanation={explain}
            onClear={clearExplain}
            placeholder="Click a process, a buffer, the channel, a multiplexer, a node or a wait of the graph to have it explained here."
          />
          <Settings spec={spec} error={error} onChange={(overrides) => applySpec({ ...spec, overrides })} />
        </>
      }
      footer={`${scenario?.title} · seed ${spec.seed} · ${MODE_TITLE[spec.mode]} · ${events.length} steps`}
      legend={
        <p className="small">
          Each connection has its own colour in buffers, packets and plots. <span className="c-error">Red</span>: a
          blocked demultiplexer, a full buffer, an exhausted credit window, and the edges of a deadlock cycle.{' '}
          <span style={{ color: COLORS.warn }}>Amber</span>: an agent that waits but is not (yet) on a cycle.
        </p>
      }
    >
      <IntroBox open={chrome.intro} onHide={chrome.toggleIntro} title="New here? What you are looking at">
        <p className="tt-intro-text">
          A proxy carries several connections between host and guest processes over <b>one byte stream</b>. A
          multiplexer cuts each connection’s data into fixed-size packets; on the other side a single{' '}
          <b>demultiplexer</b> reads the stream in arbitrary chunks, reassembles packets and writes each one into its
          process’s socket. If that socket is full the write <span className="c-error">blocks</span> — and with one
          shared reader, every other connection stops behind it. Add a dependency between two conversations (Joe waits
          for Bob, who waits for Alice’s request stuck behind Mary’s data) and nothing can ever move: the{' '}
          <b>wait-for graph</b> has a cycle. Switch the mode to give each stream its own <b>port</b>, or per-stream{' '}
          <b>credit</b> as virtio-vsock does, and replay the same seed. Press <kbd>Space</kbd> to play, <kbd>←</kbd>/
          <kbd>→</kbd> to step, <kbd>?</kbd> for keys; click anything to have it explained.
        </p>
      </IntroBox>
      <ScenarioDescription scenario={scenario} />
      <VpNowCard model={model} event={current} />
      <Streams model={model} tick={tick} edges={graph.edges} cycleAgents={cycleAgents} onExplain={onExplain} />
      <WaitGraph model={model} tick={tick} edges={graph.edges} cycle={graph.cycle} onExplain={onExplain} />
      <Processes model={model} tick={tick} edges={graph.edges} onExplain={onExplain} />
      {spec.mode === 'credit' && <CreditTable model={model} tick={tick} />}
      <StreamChart run={run} model={model} position={position} onSeek={onJump} />
    </RunPage>
  );
}
