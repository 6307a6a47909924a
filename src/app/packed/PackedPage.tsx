/**
 * The packed virtqueue view (virtio 1.1+): one descriptor ring shared by driver and device,
 * wrap counters and the AVAIL/USED bits instead of separate available and used rings, and
 * the two event suppression areas. The store holds one PackedRun and the position; every
 * panel re-reads the model's memory whenever the store ticks.
 */
import { useMemo } from 'react';
import { kindWords, RunPage, useStepWords } from '../kit/RunPage';
import { startStepperPage } from '../kit/stepperView';
import { IntroBox } from '../kit/Widgets';
import { BesideSplit } from './components/BesideSplit';
import { EventAreas } from './components/EventAreas';
import { RunControls } from './components/RunControls';
import { SidesPanel } from './components/SidesPanel';
import { SlotGrid } from './components/SlotGrid';
import { SlotInspector } from './components/SlotInspector';
import {
  eventAreas,
  eventGroup,
  LOG_FILTERS,
  logRows,
  markers,
  pointers,
  REGION_WORDS,
  slotViews,
  stretches,
} from './derive';
import { installPackedHook } from './hook';
import { PACKED_PARAMS, samePackedSpec, scenarioOf } from './spec';
import { createPackedStore, packedCodec } from './store';

const page = startStepperPage({
  params: PACKED_PARAMS,
  createStore: createPackedStore,
  codec: packedCodec,
  installHook: installPackedHook,
  introKey: 'ringside.packed.intro',
});
const { store } = page;
const NO_TIME = () => null;

const sentence = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

export default function PackedPage() {
  const { run, spec, position, selection, setSelection, clearSelection, chrome, frame } = page.use<number>();
  const rows = useMemo(() => logRows(run.events), [run]);
  const marks = useMemo(() => markers(run.events), [run]);
  const describe = useStepWords(run.events, kindWords);

  const sim = run.sim;
  const slots = slotViews(sim);
  const ptrs = pointers(sim);
  const areas = eventAreas(sim);
  const s = stretches(sim);
  const qs = sim.q.layout.queueSize;
  const current = position > 0 ? run.events[position - 1] : null;
  const group = current ? eventGroup(current.kind) : null;
  const sel = selection !== null && selection < qs ? slots[selection] : null;
  const sc = scenarioOf(spec);

  return (
    <RunPage
      {...frame}
      log={{ rows, filters: LOG_FILTERS, startText: 'Initial state: an empty ring, both wrap counters 1.' }}
      className="pk-app"
      title="Packed virtqueue"
      tagline="one ring, wrap counters, AVAIL and USED bits"
      settings={<RunControls spec={spec} onChange={(n) => !samePackedSpec(n, spec) && store.getState().load(n, 0)} />}
      transport={{ store, describe, timeAt: NO_TIME, marks }}
      asideLabel="Inspector and the split ring beside it"
      aside={
        <>
          <SlotInspector sim={sim} slot={sel} onClear={clearSelection} />
          <BesideSplit seed={spec.seed} queueSize={qs} requests={spec.requests} eventIdx={spec.eventIdx} />
        </>
      }
      footer={`${sc.title} · seed ${spec.seed} · queue size ${qs} · ${spec.requests} requests · ${run.length} steps${
        run.timeline.truncated ? ' (cut short)' : ''
      }`}
      legend={<RegionLegend className="legend legend-col" />}
    >
      <IntroBox
        open={chrome.intro}
        onHide={chrome.toggleIntro}
        title="New to the packed ring? What you are looking at"
        className="panel intro"
      >
        <p>
          A split ring has three areas: a descriptor table and two rings of indices. A packed ring (virtio 1.1) has one:{' '}
          {qs} slots of 16 bytes that the driver and the device both write. The driver puts a descriptor in the next
          slot and sets two bits, <b>AVAIL</b> to its wrap counter and <b>USED</b> to the opposite. The device, coming
          round behind it, writes the finished buffer's id back into a slot and sets both bits equal to its own counter.
          Each side flips its counter every time it passes the end of the ring, so last lap's bits never look new. Press{' '}
          <kbd>Space</kbd> to play, <kbd>←</kbd>/<kbd>→</kbd> to step, <kbd>?</kbd> for all keys.
        </p>
      </IntroBox>
      <section
        className={`now lz-now${group === 'trouble' ? ' now-error' : ''}`}
        aria-labelledby="pk-now-h"
        data-testid="pk-now"
      >
        <div className="now-main">
          <h2 id="pk-now-h" className="now-title">
            <span className="sr-only">Now: </span>
            <span className={`ev-actor pk-tag-${group ?? 'start'}`}>
              {current ? current.kind.replace(/-/g, ' ') : 'start'}
            </span>
            <span className="muted small mono">
              step {position} of {run.length}
            </span>
          </h2>
          <p className="now-text" aria-live="polite" data-testid="pk-now-text">
            {current
              ? `${sentence(current.text)}.`
              : `Before anything runs: all ${qs} slots are zero, both wrap counters are 1, and a zero AVAIL bit means nothing is available yet.`}
          </p>
        </div>
        {/* Shown, not folded away: the scenario says what to watch. */}
        <div className="lz-scenario" data-testid="pk-scenario">
          <p className="lz-scenario-title">
            <b>{sc.title}</b>
          </p>
          <p className="small">{sc.description}</p>
        </div>
      </section>
      <section className="panel pk-ring-panel" aria-labelledby="pk-ring-h">
        <header className="panel-head">
          <h2 id="pk-ring-h">The descriptor ring</h2>
          <span className="muted small" data-testid="pk-stretches">
            {s.used} used · {s.device} at the device · {s.avail} available · {qs - s.used - s.device - s.avail} free
          </span>
        </header>
        <RegionLegend className="legend" label="Colours of the slots" />
        <SlotGrid slots={slots} pointers={ptrs} selected={sel ? sel.slot : null} onSelect={setSelection} />
        <SidesPanel sim={sim} />
        <EventAreas areas={areas} />
      </section>
    </RunPage>
  );
}

/** What each slot colour means; the same list above the ring and in the shortcuts dialog. */
function RegionLegend({ className, label }: { className: string; label?: string }) {
  return (
    <ul className={className} aria-label={label}>
      {(['free', 'avail', 'device', 'used'] as const).map((r) => (
        <li key={r} className="legend-item">
          <span className={`pk-swatch pk-${r}`} aria-hidden="true" /> {REGION_WORDS[r]}
        </li>
      ))}
    </ul>
  );
}
