/**
 * The gofer path-walk view. The store holds one GoferRun (three designs in lockstep) and
 * the position; every panel re-reads the models' live state whenever the store ticks. URL
 * sync, playback and the test hook start only on this page.
 */
import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { useReducedMotion } from '../hooks';
import { CopyLink } from '../stepper/CopyLink';
import { EventList } from '../stepper/EventList';
import { StepHelpDialog } from '../stepper/HelpDialog';
import { Transport } from '../stepper/Transport';
import { startPlayLoop } from '../stepper/playLoop';
import { createRenderSignal } from '../stepper/rendered';
import { startUrlSync } from '../stepper/urlSync';
import { useIntro } from '../stepper/useIntro';
import { useStepper } from '../stepper/useStepper';
import { useStepperKeys } from '../stepper/useStepperKeys';
import { caseForItem, goferLogRows, goferMarkers } from './derive';
import type { GoferSelection } from './explain';
import { installGoferHook } from './hook';
import { loadRecordedCounts, measuredStore } from './measured';
import { SHORT_LABEL } from './run';
import { encodeGoferUrl, sameGoferSpec } from './spec';
import { createGoferStore, goferCodec } from './store';
import { DentryTree } from './components/DentryTree';
import { GoferInspector } from './components/Inspector';
import { GoferIntro } from './components/Intro';
import { Lanes } from './components/Lanes';
import { ModeDemo } from './components/ModeDemo';
import { GoferNowCard } from './components/NowCard';
import { OpsTable } from './components/OpsTable';
import { ReferenceTable } from './components/ReferenceTable';
import { GoferRunControls } from './components/RunControls';

const store = createGoferStore(location.search);
const signal = createRenderSignal();
startPlayLoop(store);
startUrlSync(store, goferCodec);
installGoferHook(store, signal);
// The fourth column: FUSE requests measured on the real virtiofsd (npm run measure:fuse).
void loadRecordedCounts();

const LOG_FILTERS = [
  { id: 'all', label: 'All events', test: () => true },
  { id: 'rpc', label: 'RPCs only', test: (r: { tagClass: string }) => r.tagClass === 'gf-tag-rpc' },
  { id: 'ops', label: 'Operations and host changes', test: (r: { tagClass: string }) => r.tagClass !== 'gf-tag-rpc' },
];

export default function GoferPage() {
  const run = useStepper(store, (s) => s.run);
  const spec = useStepper(store, (s) => s.spec);
  const position = useStepper(store, (s) => s.position);
  const tick = useStepper(store, (s) => s.tick);
  const playing = useStepper(store, (s) => s.playing);
  const speed = useStepper(store, (s) => s.speed);
  const error = useStepper(store, (s) => s.error);
  const measured = useStore(measuredStore, (s) => s.column);
  const reduced = useReducedMotion();
  const [selection, setSelection] = useState<GoferSelection | null>(null);
  const [help, setHelp] = useState(false);
  const [intro, toggleIntro] = useIntro('ringside.gofer.intro');

  useStepperKeys(store, {
    help: useCallback(() => setHelp((h) => !h), []),
    intro: toggleIntro,
    escape: useCallback((dialogOpen: boolean) => (dialogOpen ? setHelp(false) : setSelection(null)), []),
  });
  useLayoutEffect(() => signal.notify(tick), [tick]);

  const focusCol = run.column(spec.focus);
  const focusIndex = run.columns.indexOf(focusCol);
  const globalOf = useCallback((k: number) => run.lock.globalOf(focusIndex, k), [run, focusIndex]);
  const rows = useMemo(() => goferLogRows(focusCol.timeline.events, globalOf), [focusCol, globalOf]);
  const marks = useMemo(() => goferMarkers(focusCol.timeline.events, globalOf), [focusCol, globalOf]);

  const onSeek = useCallback((p: number) => store.getState().seek(p, 'seek'), []);
  const onJump = useCallback((p: number) => {
    store.getState().pause();
    store.getState().seek(p, 'seek');
  }, []);
  const onStep = useCallback((d: number) => store.getState().stepBy(d), []);
  const onToggle = useCallback(() => store.getState().toggle(), []);
  const onSpeed = useCallback((v: number) => store.getState().setSpeed(v), []);
  // Changing whose cache is shown keeps the run and the step.
  const onFocus = useCallback((focus: typeof spec.focus) => store.getState().load({ ...store.getState().spec, focus }, store.getState().position), []);

  const fp = focusCol.timeline.position;
  const current = fp > 0 ? focusCol.timeline.events[fp - 1] : null;
  const item = run.item;
  const caseId = item >= 0 ? caseForItem(run.scenario.tree, run.scenario.script, item) : null;

  return (
    <div className={`app gf-app${reduced ? ' reduced-motion' : ''}`}>
      <header className="topbar">
        <div className="brand">
          <h1>Gofer path walks</h1>
          <span className="tagline">VFS1, VFS2 over 9P and lisafs, RPC by RPC</span>
        </div>
        <GoferRunControls spec={spec} onChange={(s) => !sameGoferSpec(s, spec) && store.getState().load(s, 0)} />
        <div className="top-actions">
          <button className="ghost-btn" onClick={toggleIntro} aria-pressed={intro} title="Show or hide the introduction (I)">
            Intro
          </button>
          <CopyLink search={() => encodeGoferUrl(store.getState().spec, store.getState().position)} />
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
        timeNs={null}
        describe={current ? current.text : 'start'}
        markers={marks}
        onSeek={onSeek}
        onStep={onStep}
        onToggle={onToggle}
        onSpeed={onSpeed}
      />
      <main className="layout">
        <div className="col-main">
          <GoferIntro open={intro} onToggle={toggleIntro} />
          <GoferNowCard event={current} label={`${SHORT_LABEL[spec.focus]}, ${focusCol.mode} mode`} position={position} length={run.length} title={run.scenario.title} />
          <Lanes run={run} measured={measured} caseId={caseId} selection={selection} onSelect={setSelection} />
          <div className="gf-row-two">
            <OpsTable run={run} measured={measured} onJump={onJump} />
            <DentryTree run={run} focus={spec.focus} onFocus={onFocus} selection={selection} onSelect={setSelection} />
          </div>
          <ModeDemo scenario={run.scenario} item={item} />
          <ReferenceTable measured={measured} selection={selection} onSelect={setSelection} />
          <EventList rows={rows} filters={LOG_FILTERS} position={position} startText="Initial state: a fresh mount; only the root is known." onJump={onJump} />
        </div>
        <aside className="col-side" aria-label="Inspector">
          <GoferInspector run={run} focus={spec.focus} selection={selection} measured={measured} onClear={() => setSelection(null)} />
        </aside>
      </main>
      <footer className="foot muted small">
        {run.scenario.title} · {spec.mode} mode · {run.length} steps · the log follows {SHORT_LABEL[spec.focus]} · deterministic: the link reproduces this exact view.
      </footer>
      <StepHelpDialog open={help} onClose={() => setHelp(false)}>
        <h3>Colours</h3>
        <ul className="legend legend-col">
          <li className="legend-item">
            <span className="pill gf-pill-fresh">fresh</span> the cached dentry matches the host
          </li>
          <li className="legend-item">
            <span className="pill gf-pill-stale">stale</span> the host changed and the cache does not know
          </li>
          <li className="legend-item">
            <span className="pill gf-pill-negative">negative</span> a cached “no such file”
          </li>
          <li className="legend-item">
            <span className="gf-clock gf-clock-client">sandbox clock</span> / <span className="gf-clock gf-clock-remote">host clock</span> where a timestamp came from
          </li>
        </ul>
      </StepHelpDialog>
    </div>
  );
}
