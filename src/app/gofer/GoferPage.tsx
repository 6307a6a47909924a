/**
 * The gofer path-walk view. The store holds one GoferRun (three designs in lockstep) and
 * the position; every panel re-reads the models' live state whenever the store ticks. URL
 * sync, playback and the test hook start only on this page.
 */
import { useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import { RunPage, stepWords } from '../kit/RunPage';
import { startStepperPage } from '../kit/stepperView';
import { caseForItem, goferLogRows, goferMarkers } from './derive';
import type { GoferSelection } from './explain';
import { installGoferHook } from './hook';
import { loadRecordedCounts, measuredStore } from './measured';
import { SHORT_LABEL } from './run';
import { GOFER_PARAMS, sameGoferSpec } from './spec';
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

const page = startStepperPage({
  params: GOFER_PARAMS,
  createStore: createGoferStore,
  codec: goferCodec,
  installHook: installGoferHook,
  introKey: 'ringside.gofer.intro',
});
const { store } = page;
// The fourth column: FUSE requests measured on the real virtiofsd (npm run measure:fuse).
void loadRecordedCounts();

const LOG_FILTERS = [
  { id: 'all', label: 'All events', test: () => true },
  { id: 'rpc', label: 'RPCs only', test: (r: { tagClass: string }) => r.tagClass === 'gf-tag-rpc' },
  { id: 'ops', label: 'Operations and host changes', test: (r: { tagClass: string }) => r.tagClass !== 'gf-tag-rpc' },
];
const NO_TIME = () => null;

export default function GoferPage() {
  const { run, spec, position, selection, setSelection, clearSelection, onJump, chrome, frame } =
    page.use<GoferSelection>();
  const measured = useStore(measuredStore, (s) => s.column);

  const focusCol = run.column(spec.focus);
  const focusIndex = run.columns.indexOf(focusCol);
  const globalOf = useCallback((k: number) => run.lock.globalOf(focusIndex, k), [run, focusIndex]);
  const rows = useMemo(() => goferLogRows(focusCol.timeline.events, globalOf), [focusCol, globalOf]);
  const marks = useMemo(() => goferMarkers(focusCol.timeline.events, globalOf), [focusCol, globalOf]);
  // The words for the focus column's current event (its live model is already at the store's position).
  const describe = useCallback(
    (p: number) => {
      const fp = focusCol.timeline.position;
      return stepWords(p, run.length, fp > 0 ? focusCol.timeline.events[fp - 1].text : null);
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
    <RunPage
      {...frame}
      log={{ rows, filters: LOG_FILTERS, startText: 'Initial state: a fresh mount; only the root is known.' }}
      className="gf-app"
      title="Gofer path walks"
      tagline="VFS1, VFS2 over 9P and lisafs, RPC by RPC"
      settings={
        <GoferRunControls spec={spec} onChange={(s) => !sameGoferSpec(s, spec) && store.getState().load(s, 0)} />
      }
      transport={{ store, describe, timeAt: NO_TIME, marks }}
      asideLabel="Inspector"
      aside={
        <GoferInspector
          run={run}
          focus={spec.focus}
          selection={selection}
          measured={measured}
          onClear={clearSelection}
        />
      }
      footer={`${run.scenario.title} · ${spec.mode} mode · ${run.length} steps · the log follows ${SHORT_LABEL[spec.focus]}`}
      legend={LEGEND}
    >
      <GoferIntro open={chrome.intro} onToggle={chrome.toggleIntro} />
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
    </RunPage>
  );
}

const LEGEND = (
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
);
