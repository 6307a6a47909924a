/**
 * The pgalloc view: restoring a sandbox's memory from a pages file, synchronously or with
 * `runsc restore --background`, step by step. The page starts its store from the URL, runs the
 * play loop and URL sync, and exposes `window.__ringsidePgalloc` for tests.
 */
import { useCallback, useMemo } from 'react';
import { PGALLOC_SCENARIOS, type PgEvent, type RestoreMode } from '../../model/pgalloc';
import { eventFilters, eventRows } from '../kit/EventList';
import { startExplainView, useExplainView } from '../kit/explainView';
import { positionAtTime } from '../../model/sim/recording';
import { RunPage, RunPageLoading, useStepTime, useStepWords } from '../kit/RunPage';
import type { Mark } from '../kit/Transport';
import { ExplainBox, IntroBox, RunBar, ScenarioDescription, scenarioSpec } from '../kit/Widgets';
import { AppTimeline } from './AppTimeline';
import { MODE_LABEL } from './charts';
import { Figures } from './Figures';
import { fmtNs } from './format';
import { installPgallocHook } from './hook';
import { OpSlots, PriorityDeque, Threads } from './LoaderPanels';
import { LoadChart } from './LoadChart';
import { MemoryStrip } from './MemoryStrip';
import { kindLabel, NowCard } from './NowCard';
import { Settings } from './Settings';
import { configOf, parsePgUrl, pgSearch, sameRun, settingsKey } from './spec';
import { applySpec, patchSpec, player, view } from './store';
import { SweepPanel } from './SweepPanel';
import { createSweepController, inlineBackend, workerBackend } from './sweep-store';
import { parseSweepUrl, sameSweep, sweepQuery } from './sweep-url';
import { COLORS } from '../shared/tokens';
import { PG_PARAMS } from './spec';
import { SWEEP_PARAMS_RULES } from './sweep-url';

// ---- start-up (this module loads only on /pgalloc) ----
// The sweep varies one setting of the restore on screen; it follows that restore when it changes.
const sweeps = createSweepController(typeof Worker === 'function' ? workerBackend : inlineBackend, () => {
  const s = view.getState();
  return s.run ? { key: settingsKey(s.spec), base: configOf(s.spec), seed: s.spec.seed } : null;
});
const search = () =>
  pgSearch({ spec: view.getState().spec, step: player.getState().position }, sweepQuery(sweeps.store.getState().spec));
const signal = startExplainView({
  params: { ...PG_PARAMS, ...SWEEP_PARAMS_RULES },
  view,
  player,
  applyUrl: (q) => {
    const u = parsePgUrl(q);
    applySpec(u.spec, u.step);
    sweeps.request(parseSweepUrl(q));
  },
  search,
  pushes: (s, prev) => !sameRun(s.spec, prev.spec) || s.spec.mode !== prev.spec.mode,
});
view.subscribe((s, prev) => {
  if (s.spec !== prev.spec) sweeps.retarget();
});
// Asking for a sweep is a change of the view worth a history entry, like a change of settings.
// (Subscribed after start-up, and the URL sync ignores changes while Back/Forward applies the URL.)
sweeps.store.subscribe((s, prev) => {
  if (!sameSweep(s.spec, prev.spec)) signal.urlSync.changed(true);
});
installPgallocHook(signal, sweeps, search);

const RESTORE_MODES = ['sync', 'background'] as const;
const SCENARIO_OPTIONS = PGALLOC_SCENARIOS.map((s) => ({ id: s.id, title: s.title, description: s.description }));

const LOADER_KINDS = new Set<PgEvent['kind']>(['loader-start', 'pump', 'read-complete', 'short-read']);
const FILTERS = eventFilters<PgEvent>([
  {
    id: 'stalls',
    label: 'Stalls and wake-ups',
    test: (e) =>
      e.kind === 'access-blocked' ||
      (e.kind === 'read-complete' && !!e.woken?.length) ||
      e.kind === 'access-eio' ||
      e.kind === 'short-read',
  },
  { id: 'loader', label: 'Loader (reads issued and done)', test: (e) => LOADER_KINDS.has(e.kind) },
  {
    id: 'app',
    label: 'Application milestones',
    test: (e) => e.kind === 'app-start' || e.kind === 'thread-done' || e.kind === 'finished' || !!e.loaderDone,
  },
]);
const actorOf = (e: PgEvent) =>
  LOADER_KINDS.has(e.kind)
    ? { label: 'loader', cls: 'actor-device' }
    : e.kind === 'finished'
      ? { label: 'end', cls: 'actor-start' }
      : { label: e.thread !== undefined ? `thread ${e.thread}` : 'app', cls: 'actor-driver' };
const labelOf = (e: PgEvent) => kindLabel(e.kind);
const toneOf = (e: PgEvent) =>
  e.kind === 'short-read' || e.kind === 'access-eio'
    ? 'error'
    : e.kind === 'access-blocked'
      ? 'warn'
      : e.kind === 'app-start' || e.loaderDone
        ? 'good'
        : null;

export default function PgallocPage() {
  const { tick, position, spec, run, error, explain, clearExplain, onExplain, chrome, frame } = useExplainView(
    view,
    player,
    signal,
    'ringside.pgalloc.intro',
  );
  const onSeekTime = useCallback((mode: RestoreMode, t: number) => {
    const r = view.getState().run;
    if (r) player.getState().seek(positionAtTime(r.modes[mode].recording.events, t));
  }, []);

  const shown = run ? run.modes[spec.mode] : null;
  const events = shown?.recording.events ?? [];
  const rows = useMemo(() => eventRows(events, actorOf, toneOf), [events]);
  const marks = useMemo<Mark[]>(() => {
    const out: Mark[] = [];
    events.forEach((e, i) => {
      if (e.kind === 'app-start') out.push({ position: i + 1, tone: 'good', label: 'The application starts' });
      if (e.loaderDone && e.kind !== 'short-read')
        out.push({ position: i + 1, tone: 'good', label: 'All memory loaded' });
      if (e.kind === 'short-read') out.push({ position: i + 1, tone: 'error', label: 'Short read: EIO' });
    });
    return out;
  }, [events]);
  const describe = useStepWords(events, labelOf);
  const timeAt = useStepTime(events, fmtNs);

  if (!run || !shown) {
    return <RunPageLoading title="Page loading on restore" error={error} />;
  }
  const model = run.cursor.model;
  const scenario = SCENARIO_OPTIONS.find((s) => s.id === spec.scenario);
  const totalAccesses = model.plan.reduce((a, l) => a + l.length, 0);
  const now = model.now;
  const current = position > 0 ? events[position - 1] : null;

  return (
    <RunPage
      {...frame}
      log={{
        rows,
        filters: FILTERS,
        startText: 'Initial state: all saved memory is in the pages file.',
        formatTime: fmtNs,
      }}
      className="tt-app pg-app"
      title="Page loading on restore"
      tagline="gVisor pgalloc, sync vs --background"
      settings={
        <RunBar
          scenarios={SCENARIO_OPTIONS}
          scenario={spec.scenario}
          onScenario={(id) => applySpec(scenarioSpec(PGALLOC_SCENARIOS, id))}
          seed={spec.seed}
          onSeed={(seed) => patchSpec({ seed })}
          seedHelp="The run’s seed: memory layout, access pattern and disk jitter. The same seed gives exactly the same run, in both modes."
          modeLabel="Restore mode"
          modeCaption="Restore mode"
          modes={RESTORE_MODES}
          mode={spec.mode}
          onMode={(mode) => patchSpec({ mode })}
          modeTitle={(m) =>
            m === 'sync'
              ? 'Plain restore: load every page, then run the application'
              : 'runsc restore --background: run the application as soon as the kernel is restored; it waits only for pages it touches before they arrive'
          }
          modeText={(m) => MODE_LABEL[m]}
        />
      }
      transport={{ store: player, describe, timeAt, marks }}
      asideLabel="Figures, settings and explanations"
      aside={
        <>
          <Figures run={run} onExplain={onExplain} />
          <ExplainBox
            explanation={explain}
            onClear={clearExplain}
            placeholder="Click a cell of the memory strip, a read in a slot, a deque entry or a thread to have it explained here."
          />
          <Settings spec={spec} error={error} onChange={(overrides) => applySpec({ ...spec, overrides })} />
        </>
      }
      footer={`${scenario?.title} · seed ${spec.seed} · ${MODE_LABEL[spec.mode]} · ${events.length} steps`}
      legend={
        <ul className="legend legend-col">
          <li>
            <span className="c-free">Grey</span>: saved, not loaded, nobody waiting.{' '}
            <span style={{ color: COLORS.held }}>Purple</span>: queued for a waiting thread.{' '}
            <span className="c-device">Orange</span>: being read. <span className="c-used">Green</span>: loaded.{' '}
            <span className="c-error">Red</span>: a thread is stalled on it.
          </li>
        </ul>
      }
    >
      <IntroBox open={chrome.intro} onHide={chrome.toggleIntro} title="New here? What you are looking at">
        <p className="tt-intro-text">
          When gVisor restores a sandbox, the application’s memory comes back from a <b>pages file</b> on disk. A plain
          restore reads all of it before the application runs its first instruction. With{' '}
          <code>runsc restore --background</code> the application starts as soon as the kernel is restored, and a loader
          keeps reading in the background: up to <b>128 reads in flight</b>, each at most 256 KiB and 64 memory ranges.
          When a thread touches a page that is not back yet, it <span className="c-error">stalls</span>, and its range
          jumps the queue through a <b>priority deque</b>. Watch the <span className="c-used">memory strip</span> fill,
          the <span className="c-device">operation slots</span> churn and the threads’ timeline: background wins when
          the application needs little of its memory early, and gains nothing when it needs everything at once. The{' '}
          <b>sweep</b> below the charts runs both modes across a range of one setting and marks where background stops
          winning. Press <kbd>Space</kbd> to play, <kbd>←</kbd>/<kbd>→</kbd> to step, <kbd>?</kbd> for keys; click
          anything to have it explained.
        </p>
      </IntroBox>
      <ScenarioDescription scenario={scenario} />
      <NowCard model={model} event={current} savedBytes={run.savedBytes} />
      <MemoryStrip model={model} tick={tick} onExplain={onExplain} />
      <div className="pg-row3">
        <OpSlots model={model} tick={tick} onExplain={onExplain} />
        <PriorityDeque model={model} tick={tick} onExplain={onExplain} />
        <Threads model={model} tick={tick} onExplain={onExplain} />
      </div>
      <AppTimeline run={run} now={now} onSeekTime={onSeekTime} />
      <LoadChart run={run} now={now} totalAccesses={totalAccesses} onSeekTime={onSeekTime} />
      <SweepPanel controller={sweeps} base={run.modes.background.config} seed={spec.seed} />
    </RunPage>
  );
}
