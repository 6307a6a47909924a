/**
 * Ringside's visualizer. The model drives everything: the store holds the Simulation(s)
 * and the position; every view re-reads the model's live state at that position. The frame
 * (top bar, link notice, transport, columns, footer, shortcuts dialog) is the kit's RunPage;
 * this view fills in its panels, including its own branches and interventions.
 */
import { useCallback, useLayoutEffect, useMemo } from 'react';
import { store, useApp, useSim } from './appStore';
import { OWNER_HELP, OWNER_LABEL, OWNERS } from '../rings/owners';
import { errorFocus, firstError, markers } from './run-facts';
import type { Selection } from '../rings/selection';
import { SHORTCUTS, VQ_HELP } from './keyboard';
import { transportFor } from '../shared/shortcuts';
import { useReducedMotion } from '../hooks';
import { formatTime } from '../format';
import { notifyRendered } from './runtime';
import { activeBranch, urlStateOf } from './store';
import { parseUrl, toSearch, VQ_PARAMS } from './url';
import { refusedParams } from '../kit/link-check';
import { RunPage, RunPageLoading, stepWords } from '../kit/RunPage';
import type { Mark } from '../kit/Transport';
import { useViewChrome, type ViewCommands } from '../kit/useShortcuts';
import { SIM_VERSION } from '../../model/vqsim/engine';
import { DescriptorTable } from '../rings/DescriptorTable';
import { EventLog } from './components/EventLog';
import { RunControls } from './components/Controls';
import { NowCard } from './components/NowCard';
import { Inspector } from './components/Inspector';
import { Plots } from './components/Plots';
import { Branches, Interventions } from './components/Interventions';
import { Intro } from './components/Intro';
import { COLORS } from '../shared/tokens';
import { QueueStage, useQueueView } from '../rings/QueueStage';

const INTRO_KEY = 'ringside.intro';

// What the link asked and this view refused, read before anything rewrites the address.
const REFUSED = refusedParams(location.search, VQ_PARAMS);
const ASKED_STEP = parseUrl(location.search).step;
const currentSearch = () => toSearch(urlStateOf(store.getState()));

// The keys against this view's store; [ and ] keep the speed within the slider's range (a test hook may have set it outside).
const TRANSPORT_KEYS = transportFor(
  store.getState,
  (s) => s.length,
  (v) => (v > store.getState().speed ? Math.min(2000, v) : Math.max(0.25, v)),
);
const clearSelection = () => store.getState().select(null);
// E: the first error of a hostile run.
const COMMANDS: ViewCommands = {
  error: () => {
    const st = store.getState();
    const err = firstError(activeBranch(st).sim.log);
    if (err) {
      st.pause();
      st.seek(err.event.step + 1, 'seek');
    }
  },
};

const MARK_WORDS = { error: 'Refused', intervention: 'Your intervention', corrupt: 'Corrupted ring' } as const;

function wrapNote(data: Record<string, unknown> | undefined, keys: [string, string][]): string | null {
  if (!data) return null;
  for (const [k, name] of keys) {
    const v = data[k] as { from?: number; to?: number } | undefined;
    if (v && typeof v.from === 'number' && typeof v.to === 'number' && v.to < v.from && v.from - v.to > 0x8000)
      return `${name} wrapped ${v.from} → ${v.to}`;
  }
  return null;
}

export function App() {
  const { sim, position, tick } = useSim();
  const spec = useApp((s) => s.spec);
  const speed = useApp((s) => s.speed);
  const fullSpeed = useApp((s) => s.fullSpeed);
  const cause = useApp((s) => s.cause);
  const selection = useApp((s) => s.selection);
  const branches = useApp((s) => s.branches);
  const active = useApp((s) => s.active);
  const loadError = useApp((s) => s.loadError);
  const reduced = useReducedMotion();
  const chrome = useViewChrome(INTRO_KEY, SHORTCUTS, TRANSPORT_KEYS, clearSelection, COMMANDS);

  // Everything the ring views show, recomputed from the model whenever it moves.
  const derived = useQueueView(sim, tick);

  useLayoutEffect(() => {
    notifyRendered(tick);
  }, [tick]);

  // Whole-run data for the transport: once per run, not per step.
  const log = sim?.log;
  const marks = useMemo<Mark[]>(
    () =>
      markers(log ?? []).map((m) => ({
        position: m.step + 1,
        tone: m.kind,
        label: `${MARK_WORDS[m.kind]} at step ${m.step + 1}`,
      })),
    [log],
  );
  const describe = useCallback(
    (p: number) => stepWords(p, log?.length ?? 0, p > 0 && log ? log[p - 1].kind : null),
    [log],
  );
  const timeAt = useCallback((p: number) => formatTime(p > 0 && log ? log[p - 1].time : 0), [log]);

  const onSelect = useCallback((sel: Selection | null) => store.getState().select(sel), []);
  const onJump = useCallback((p: number) => {
    store.getState().pause();
    store.getState().seek(p, 'seek');
  }, []);

  if (!sim || !derived) return <RunPageLoading title="Ringside" error={loadError} />;

  const current = position > 0 ? sim.log[position - 1] : null;
  const animate = !reduced && !fullSpeed && (cause === 'step' || cause === 'play');
  const duration = animate ? Math.max(0, Math.min(320, (0.8 * 1000) / speed)) : 0;
  const errorDesc = current?.kind === 'error' ? errorFocus(current.error, spec.queueSize) : null;
  const availWrap = wrapNote(current?.data, [
    ['availIdx', 'avail.idx'],
    ['lastAvail', 'last_avail'],
  ]);
  const usedWrap = wrapNote(current?.data, [
    ['usedIdx', 'used.idx'],
    ['lastUsed', 'last_used'],
  ]);
  const refused =
    ASKED_STEP !== null && ASKED_STEP > sim.log.length
      ? [...REFUSED, `step=${ASKED_STEP} (past the end: this run has ${sim.log.length} steps; the last is shown)`]
      : REFUSED;

  return (
    <RunPage
      family="step"
      className="vq-app"
      title="Ringside"
      tagline="virtio split virtqueues, step by step"
      logo={LOGO}
      settings={<RunControls spec={spec} onChange={(p) => store.getState().setSpec(p)} />}
      error={loadError}
      chrome={chrome}
      search={currentSearch}
      refused={refused}
      transport={{ store, describe, timeAt, marks }}
      asideLabel="Inspector and interventions"
      aside={
        <>
          <Inspector sim={sim} tick={tick} selection={selection} owners={derived.owners} onSelect={onSelect} />
          <Interventions sim={sim} tick={tick} position={position} onIntervene={(a) => store.getState().intervene(a)} />
          <Branches
            branches={branches}
            active={active}
            onSwitch={(id) => store.getState().switchBranch(id)}
            onRemove={(id) => store.getState().removeBranch(id)}
          />
        </>
      }
      footer={`${sim.scenario.title} · seed ${spec.seed} · QS ${spec.queueSize} · ${sim.log.length} steps · sim v${SIM_VERSION}`}
      legend={LEGEND}
      help={VQ_HELP}
    >
      <Intro open={chrome.intro} onToggle={chrome.toggleIntro} />
      <NowCard sim={sim} position={position} onJump={onJump} />
      <QueueStage
        sim={sim}
        tick={tick}
        view={derived}
        current={current}
        selection={selection}
        onSelect={onSelect}
        duration={duration}
        wrapped={{ avail: availWrap, used: usedWrap }}
      />
      <div className="row-two">
        <DescriptorTable
          sim={sim}
          tick={tick}
          owners={derived.owners}
          selection={selection}
          onSelect={onSelect}
          errorDesc={errorDesc}
        />
        <EventLog log={sim.log} position={position} onJump={onJump} />
      </div>
      <Plots log={sim.log} position={position} onSeek={onJump} queueSize={spec.queueSize} />
    </RunPage>
  );
}

const LOGO = (
  <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
    <circle cx="14" cy="14" r="11" fill="none" stroke={COLORS.driver} strokeWidth="4" strokeDasharray="10 4" />
    <circle cx="14" cy="14" r="4" fill={COLORS.device} />
  </svg>
);

const LEGEND = (
  <ul className="legend legend-col">
    {OWNERS.map((o) => (
      <li key={o} className={`legend-item own-${o}`}>
        <span className="swatch" aria-hidden="true" />
        <span>
          <b>{OWNER_LABEL[o]}</b> — {OWNER_HELP[o]}
        </span>
      </li>
    ))}
  </ul>
);
