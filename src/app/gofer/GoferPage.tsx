/**
 * The gofer path-walk view. The store holds one GoferRun (three designs in lockstep) and
 * the position; every panel re-reads the models' live state whenever the store ticks. URL
 * sync, playback and the test hook start only on this page.
 */
import { useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import { useReducedMotion } from '../hooks';
import { EventList, STEP_LOG } from '../kit/EventList';
import { STEP_HELP } from '../kit/keys';
import { startStepperView, useStepperView } from '../kit/stepperView';
import { STEP_TRANSPORT, Transport } from '../kit/Transport';
import { STEP_COPY_TITLE, TopActions, ViewHeader } from '../kit/Widgets';
import { HelpDialog } from '../shared/HelpDialog';
import { caseForItem, goferLogRows, goferMarkers } from './derive';
import type { GoferSelection } from './explain';
import { installGoferHook } from './hook';
import { loadRecordedCounts, measuredStore } from './measured';
import { SHORT_LABEL, type GoferRun } from './run';
import { encodeGoferUrl, sameGoferSpec, type GoferSpec } from './spec';
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
import { refusedParams } from '../kit/link-check';
import { LinkNotice } from '../kit/LinkNotice';
import { GOFER_PARAMS } from './spec';

// What the link asked and this view refused, read before anything rewrites the address.
const REFUSED = refusedParams(location.search, GOFER_PARAMS);
const store = createGoferStore(location.search);
const signal = startStepperView(store, goferCodec);
installGoferHook(store, signal);
// The fourth column: FUSE requests measured on the real virtiofsd (npm run measure:fuse).
void loadRecordedCounts();

const LOG_FILTERS = [
  { id: 'all', label: 'All events', test: () => true },
  { id: 'rpc', label: 'RPCs only', test: (r: { tagClass: string }) => r.tagClass === 'gf-tag-rpc' },
  { id: 'ops', label: 'Operations and host changes', test: (r: { tagClass: string }) => r.tagClass !== 'gf-tag-rpc' },
];
const NO_TIME = () => null;

export default function GoferPage() {
  const {
    run,
    spec,
    position,
    error,
    selection,
    setSelection,
    clearSelection,
    onJump,
    help,
    setHelp,
    intro,
    toggleIntro,
  } = useStepperView<GoferSpec, GoferRun, GoferSelection>(store, signal, 'ringside.gofer.intro');
  const measured = useStore(measuredStore, (s) => s.column);
  const reduced = useReducedMotion();

  const focusCol = run.column(spec.focus);
  const focusIndex = run.columns.indexOf(focusCol);
  const globalOf = useCallback((k: number) => run.lock.globalOf(focusIndex, k), [run, focusIndex]);
  const rows = useMemo(() => goferLogRows(focusCol.timeline.events, globalOf), [focusCol, globalOf]);
  const marks = useMemo(() => goferMarkers(focusCol.timeline.events, globalOf), [focusCol, globalOf]);
  // The words for the focus column's current event (its live model is already at the store's position).
  const describe = useCallback(
    (p: number) => {
      const fp = focusCol.timeline.position;
      return `step ${p} of ${run.length}: ${fp > 0 ? focusCol.timeline.events[fp - 1].text : 'start'}`;
    },
    [focusCol, run],
  );

  // Changing whose cache is shown keeps the run and the step.
  const onFocus = useCallback(
    (focus: typeof spec.focus) => store.getState().load({ ...store.getState().spec, focus }, store.getState().position),
    [],
  );

  const fp = focusCol.timeline.position;
  const current = fp > 0 ? focusCol.timeline.events[fp - 1] : null;
  const item = run.item;
  const caseId = item >= 0 ? caseForItem(run.scenario.tree, run.scenario.script, item) : null;

  return (
    <div className={`app gf-app${reduced ? ' reduced-motion' : ''}`}>
      <ViewHeader
        title="Gofer path walks"
        tagline="VFS1, VFS2 over 9P and lisafs, RPC by RPC"
        settings={
          <GoferRunControls spec={spec} onChange={(s) => !sameGoferSpec(s, spec) && store.getState().load(s, 0)} />
        }
        actions={
          <TopActions
            intro={intro}
            onIntro={toggleIntro}
            onHelp={() => setHelp(true)}
            search={() => encodeGoferUrl(store.getState().spec, store.getState().position)}
            copyTitle={STEP_COPY_TITLE}
          />
        }
        error={error}
      />
      <LinkNotice refused={REFUSED} search={() => encodeGoferUrl(store.getState().spec, store.getState().position)} />
      <Transport store={store} flavor={STEP_TRANSPORT} describe={describe} timeAt={NO_TIME} marks={marks} />
      <main className="layout">
        <div className="col-main">
          <GoferIntro open={intro} onToggle={toggleIntro} />
          <GoferNowCard
            event={current}
            label={`${SHORT_LABEL[spec.focus]}, ${focusCol.mode} mode`}
            position={position}
            length={run.length}
            title={run.scenario.title}
          />
          <Lanes run={run} measured={measured} caseId={caseId} selection={selection} onSelect={setSelection} />
          <div className="gf-row-two">
            <OpsTable run={run} measured={measured} onJump={onJump} />
            <DentryTree run={run} focus={spec.focus} onFocus={onFocus} selection={selection} onSelect={setSelection} />
          </div>
          <ModeDemo scenario={run.scenario} item={item} />
          <ReferenceTable measured={measured} selection={selection} onSelect={setSelection} />
          <EventList
            rows={rows}
            filters={LOG_FILTERS}
            flavor={STEP_LOG}
            position={position}
            startText="Initial state: a fresh mount; only the root is known."
            onJump={onJump}
          />
        </div>
        <aside className="col-side" aria-label="Inspector">
          <GoferInspector
            run={run}
            focus={spec.focus}
            selection={selection}
            measured={measured}
            onClear={clearSelection}
          />
        </aside>
      </main>
      <footer className="foot muted small">
        {run.scenario.title} · {spec.mode} mode · {run.length} steps · the log follows {SHORT_LABEL[spec.focus]} ·
        deterministic: the link reproduces this exact view.
      </footer>
      <HelpDialog {...STEP_HELP} open={help} onClose={() => setHelp(false)}>
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
            <span className="gf-clock gf-clock-client">sandbox clock</span> /{' '}
            <span className="gf-clock gf-clock-remote">host clock</span> where a timestamp came from
          </li>
        </ul>
      </HelpDialog>
    </div>
  );
}
