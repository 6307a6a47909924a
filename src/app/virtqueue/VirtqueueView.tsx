/**
 * Ringside's visualizer. The model drives everything: the store holds the Simulation(s)
 * and the position; every view re-reads the model's live state at that position.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { store, useApp, useSim } from './appStore';
import { availSlots, readPointers, usedSlots } from '../rings/ring-state';
import { computeOwners } from '../rings/owners';
import { errorFocus, firstError } from './run-facts';
import type { Selection } from '../rings/selection';
import { SHORTCUTS } from './keyboard';
import { keyCommand, runTransport, transportFor } from '../shared/shortcuts';
import { useReducedMotion } from '../hooks';
import { notifyRendered } from './runtime';
import { activeBranch } from './store';
import { parseUrl, toSearch, VQ_PARAMS } from './url';
import { refusedParams } from '../kit/link-check';
import { LinkNotice } from '../kit/LinkNotice';
import { SIM_VERSION } from '../../model/vqsim/engine';
import { urlStateOf } from './store';
import { RingPair } from '../rings/RingPair';
import { DescriptorTable } from '../rings/DescriptorTable';
import { EventLog } from './components/EventLog';
import { RunControls, Transport } from './components/Controls';
import { NowCard } from './components/NowCard';
import { DevicePanel, DriverPanel, EventFds } from '../rings/Sides';
import { Inspector } from './components/Inspector';
import { Plots } from './components/Plots';
import { Branches, Interventions } from './components/Interventions';
import { HelpDialog, Intro } from './components/Help';
import { COLORS } from '../shared/tokens';

const INTRO_KEY = 'ringside.intro';

// What the link asked and this view refused, read before anything rewrites the address.
const REFUSED = refusedParams(location.search, VQ_PARAMS);
const ASKED_STEP = parseUrl(location.search).step;
const currentSearch = () => toSearch(urlStateOf(store.getState()));

function wrapNote(data: Record<string, unknown> | undefined, keys: [string, string][]): string | null {
  if (!data) return null;
  for (const [k, name] of keys) {
    const v = data[k] as { from?: number; to?: number } | undefined;
    if (v && typeof v.from === 'number' && typeof v.to === 'number' && v.to < v.from && v.from - v.to > 0x8000)
      return `${name} wrapped ${v.from} → ${v.to}`;
  }
  return null;
}

function CopyLink() {
  const [copied, setCopied] = useState(false);
  return (
    <button
      className="ghost-btn"
      onClick={() => {
        const url = location.origin + location.pathname + toSearch(urlStateOf(store.getState()));
        navigator.clipboard?.writeText(url).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => undefined,
        );
      }}
      title="Copy a link that reproduces exactly this view"
    >
      {copied ? 'Link copied ✓' : 'Copy link'}
    </button>
  );
}

export function App() {
  const { sim, position, tick } = useSim();
  const spec = useApp((s) => s.spec);
  const playing = useApp((s) => s.playing);
  const speed = useApp((s) => s.speed);
  const fullSpeed = useApp((s) => s.fullSpeed);
  const cause = useApp((s) => s.cause);
  const selection = useApp((s) => s.selection);
  const branches = useApp((s) => s.branches);
  const active = useApp((s) => s.active);
  const loadError = useApp((s) => s.loadError);
  const reduced = useReducedMotion();
  const [help, setHelp] = useState(false);
  const [intro, setIntro] = useState(() => {
    try {
      return localStorage.getItem(INTRO_KEY) !== 'hidden';
    } catch {
      return true;
    }
  });
  const toggleIntro = useCallback(() => {
    setIntro((v) => {
      try {
        localStorage.setItem(INTRO_KEY, v ? 'hidden' : 'shown');
      } catch {
        /* private mode */
      }
      return !v;
    });
  }, []);

  // Everything the views show, recomputed from the model whenever it moves.
  const derived = useMemo(() => {
    if (!sim) return null;
    const owners = computeOwners(sim.vq);
    const pointers = readPointers(sim.vq, sim.config.features.eventIdx);
    return { owners, pointers, avail: availSlots(sim.vq, pointers), used: usedSlots(sim.vq, pointers) };
    // tick: the Simulation is mutable; tick says it moved
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sim, tick]);

  useLayoutEffect(() => {
    notifyRendered(tick);
  }, [tick]);

  const s = store.getState();
  const onSelect = useCallback((sel: Selection | null) => store.getState().select(sel), []);
  const onSeek = useCallback((p: number) => store.getState().seek(p, 'seek'), []);
  const onJump = useCallback((p: number) => {
    store.getState().pause();
    store.getState().seek(p, 'seek');
  }, []);
  const onStep = useCallback((d: number) => store.getState().stepBy(d), []);
  const onToggle = useCallback(() => store.getState().toggle(), []);
  const onSpeed = useCallback((v: number) => store.getState().setSpeed(v), []);

  // Global shortcuts.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = keyCommand(e, SHORTCUTS);
      if (!k) return;
      const { cmd, dialogOpen } = k;
      const st = store.getState();
      e.preventDefault();
      // [ and ] keep the speed within the slider's range (a test hook may have set it outside).
      const moved = runTransport(
        cmd,
        transportFor(
          store.getState,
          (x) => activeBranch(x).sim.log.length,
          (v) => (v > st.speed ? Math.min(2000, v) : Math.max(0.25, v)),
        ),
      );
      if (moved) return;
      switch (cmd) {
        case 'error': {
          const err = firstError(activeBranch(st).sim.log);
          if (err) {
            st.pause();
            st.seek(err.event.step + 1, 'seek');
          }
          break;
        }
        case 'intro':
          toggleIntro();
          break;
        case 'help':
          setHelp((h) => !h);
          break;
        case 'escape':
          if (dialogOpen) setHelp(false);
          else st.select(null);
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggleIntro]);

  if (!sim || !derived) {
    return (
      <main className="boot">
        <h1>Ringside</h1>
        <p>{loadError ?? 'Computing the run…'}</p>
      </main>
    );
  }

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

  return (
    <div className={`app${reduced ? ' reduced-motion' : ''}`}>
      <header className="topbar">
        <div className="brand">
          <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
            <circle cx="14" cy="14" r="11" fill="none" stroke={COLORS.driver} strokeWidth="4" strokeDasharray="10 4" />
            <circle cx="14" cy="14" r="4" fill={COLORS.device} />
          </svg>
          <h1>Ringside</h1>
          <span className="tagline">virtio split virtqueues, step by step</span>
        </div>
        <RunControls spec={spec} onChange={(p) => s.setSpec(p)} />
        {loadError && (
          <p className="load-error" role="alert">
            {loadError}
          </p>
        )}
        <div className="top-actions">
          <button
            className="ghost-btn"
            onClick={toggleIntro}
            aria-pressed={intro}
            title="Show or hide the introduction (I)"
          >
            Intro
          </button>
          <CopyLink />
          <button
            className="ghost-btn help-btn"
            onClick={() => setHelp(true)}
            aria-label="Keyboard shortcuts (?)"
            title="Keyboard shortcuts (?)"
          >
            ?
          </button>
        </div>
      </header>
      <LinkNotice
        refused={
          ASKED_STEP !== null && ASKED_STEP > sim.log.length
            ? [...REFUSED, `step=${ASKED_STEP} (past the end: this run has ${sim.log.length} steps; the last is shown)`]
            : REFUSED
        }
        search={currentSearch}
      />
      <Transport
        log={sim.log}
        position={position}
        playing={playing}
        speed={speed}
        onSeek={onSeek}
        onStep={onStep}
        onToggle={onToggle}
        onSpeed={onSpeed}
      />
      <main className="layout">
        <div className="col-main">
          <Intro open={intro} onToggle={toggleIntro} />
          <NowCard sim={sim} position={position} onJump={onJump} />
          <section className="stage panel" aria-label="Driver, rings and device">
            <DriverPanel sim={sim} tick={tick} pointers={derived.pointers} selection={selection} onSelect={onSelect} />
            <div className="rings">
              <RingPair
                pointers={derived.pointers}
                avail={derived.avail}
                used={derived.used}
                owners={derived.owners}
                selection={selection}
                onSelect={onSelect}
                duration={duration}
                wrapped={{ avail: availWrap, used: usedWrap }}
              />
              <EventFds sim={sim} tick={tick} current={current} selection={selection} onSelect={onSelect} />
            </div>
            <DevicePanel sim={sim} tick={tick} pointers={derived.pointers} selection={selection} onSelect={onSelect} />
          </section>
          <div className="row-two">
            <DescriptorTable
              sim={sim}
              tick={tick}
              owners={derived.owners}
              selection={selection}
              onSelect={onSelect}
              errorDesc={errorDesc}
            />
            <EventLog log={sim.log} position={position} onJump={onJump} follow={true} />
          </div>
          <Plots log={sim.log} position={position} onSeek={onJump} queueSize={spec.queueSize} />
        </div>
        <aside className="col-side" aria-label="Inspector and interventions">
          <Inspector sim={sim} tick={tick} selection={selection} owners={derived.owners} onSelect={onSelect} />
          <Interventions sim={sim} tick={tick} position={position} onIntervene={(a) => store.getState().intervene(a)} />
          <Branches
            branches={branches}
            active={active}
            onSwitch={(id) => store.getState().switchBranch(id)}
            onRemove={(id) => store.getState().removeBranch(id)}
          />
        </aside>
      </main>
      <footer className="foot muted small">
        {sim.scenario.title} · seed {spec.seed} · QS {spec.queueSize} · {sim.log.length} steps · sim v{SIM_VERSION} ·
        deterministic: the link reproduces this exact view.
      </footer>
      <HelpDialog open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
