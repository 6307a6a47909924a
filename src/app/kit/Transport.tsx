/** Play, pause, step, scrub and speed for a run; every button names its shortcut, the timeline marks notable steps. */
import { memo, type ReactNode, useMemo } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import { formatSpeed as formatStepSpeed, sliderToSpeed, speedToSlider } from '../format';
import type { PlaybackState } from './player';
import { I_BACK, I_END, I_FWD, I_PAUSE, I_PLAY, I_START, Icon } from '../shared/icons';

export interface Mark {
  /** Position right after the marked event. */
  position: number;
  /** CSS suffix of the mark's class (see TransportFlavor.markClass). */
  tone: string;
  label: string;
  /** Whole class instead of markClass + tone (a mark of the view's own kind). */
  className?: string;
}

/** What differs between the two families of views: titles, the speed scale and CSS hooks. */
export interface TransportFlavor {
  backTitle: string;
  speedTitle: string;
  markClass: string;
  sliderMax: number;
  toSlider(speed: number): number;
  fromSlider(x: number): number;
  formatSpeed(speed: number): string;
  timeTestId?: string;
}

// pgalloc, virtproxy: logarithmic from 0.5 to 4000 events/s.
const toSlider = (v: number) => Math.round((Math.log2(v) + 1) * 80);

export function formatSpeed(v: number): string {
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ev/s`;
}

export const EXPLAIN_TRANSPORT: TransportFlavor = {
  backTitle: 'Step back one event (←): restores the nearest snapshot and re-runs from it',
  speedTitle: 'Playback speed in events per second (logarithmic). [ and ] halve or double it.',
  markClass: 'tt-mark-',
  sliderMax: toSlider(4000),
  toSlider,
  fromSlider: (x) => 2 ** (x / 80 - 1),
  formatSpeed,
  timeTestId: 'vtime',
};

// lisafs, gofer: the virtqueue view's scale, 0.25 to 2000 steps/s.
export const STEP_TRANSPORT: TransportFlavor = {
  backTitle: 'Step back one event (←)',
  speedTitle: 'Playback speed (logarithmic). [ and ] halve or double it.',
  markClass: 'tl-',
  sliderMax: 1000,
  toSlider: speedToSlider,
  fromSlider: sliderToSpeed,
  formatSpeed: formatStepSpeed,
};

/** What the bar's buttons do; the store-backed `Transport` and the two views with their own stores fill it in. */
export interface TransportActions {
  seek(n: number): void;
  stepBy(delta: number): void;
  toggle(): void;
  setSpeed(v: number): void;
  /** Home and End: default `seek(0)` and `seek(length)`. */
  toStart?(): void;
  toEnd?(): void;
}

interface BarProps {
  position: number;
  length: number;
  playing: boolean;
  speed: number;
  actions: TransportActions;
  flavor: TransportFlavor;
  /** Words for a position, read out by the timeline slider. */
  describe: (position: number) => string;
  /** Virtual time shown next to the counter (null hides it). */
  time: string | null;
  marks?: readonly Mark[];
  /** Accessible name of the region (pages with several runs name each one). */
  name?: string;
  /** Hide the speed slider (small embedded runs). */
  compact?: boolean;
  /** What the run is called in titles ("run", "trace"). */
  noun?: string;
  /** Counter digits: thousands separators for long traces. */
  formatCount?: (n: number) => string;
  /** Extra controls at the end of the bar (the replay's live switches). */
  children?: ReactNode;
}

const plainCount = (n: number) => String(n);

/**
 * The bar itself, from plain values: every view's transport (virtqueue, replay, the stepper and
 * player views, a lesson's embedded runs) is this one component.
 */
function TransportBarImpl({
  position,
  length: n,
  playing,
  speed,
  actions: a,
  flavor: f,
  describe,
  time,
  marks = NO_MARKS,
  name = 'Playback',
  compact = false,
  noun = 'run',
  formatCount = plainCount,
  children,
}: BarProps) {
  const toStart = a.toStart ?? (() => a.seek(0));
  const toEnd = a.toEnd ?? (() => a.seek(n));
  return (
    <section className={`transport${compact ? ' transport-compact' : ''}`} aria-label={name}>
      <div className="tbuttons">
        <button
          className="icon-btn"
          onClick={toStart}
          disabled={position === 0}
          aria-label="Go to the start (Home)"
          title="Go to the start (Home)"
        >
          <Icon d={I_START} />
        </button>
        <button
          className="icon-btn"
          onClick={() => a.stepBy(-1)}
          disabled={position === 0}
          aria-label="Step back (←)"
          title={f.backTitle}
        >
          <Icon d={I_BACK} />
        </button>
        <button
          className={`play-btn${playing ? ' is-playing' : ''}`}
          onClick={() => a.toggle()}
          aria-label={playing ? 'Pause (Space)' : 'Play (Space)'}
          title={playing ? 'Pause (Space)' : 'Play (Space)'}
          data-testid="play"
        >
          <Icon d={playing ? I_PAUSE : I_PLAY} />
        </button>
        <button
          className="icon-btn"
          onClick={() => a.stepBy(1)}
          disabled={position >= n}
          aria-label="Step forward (→)"
          title="Step forward one event (→)"
        >
          <Icon d={I_FWD} />
        </button>
        <button
          className="icon-btn"
          onClick={toEnd}
          disabled={position >= n}
          aria-label="Go to the end (End)"
          title={`Go to the end of the ${noun} (End)`}
        >
          <Icon d={I_END} />
        </button>
      </div>
      <div className="timeline">
        <div className="tl-track" aria-hidden="true">
          <div className="tl-fill" style={{ width: `${n ? (position / n) * 100 : 0}%` }} />
          <TrackMarks marks={marks} n={n} markClass={f.markClass} />
        </div>
        <input
          type="range"
          className="tl-input"
          min={0}
          max={n}
          step={1}
          value={position}
          onChange={(e) => a.seek(Number(e.target.value))}
          aria-label="Timeline: scrub to any step"
          aria-valuetext={describe(position)}
          title={`Drag to scrub through the ${noun}`}
        />
      </div>
      <div className="tcount" aria-live="off">
        <span className="mono" data-testid="position">
          {formatCount(position)}
        </span>
        <span className="muted"> / {formatCount(n)}</span>
        {/* Read as "20 / 190 steps, at 90.5 µs of virtual time", not "20 / 19090.5 µs". */}
        <span className="sr-only">{time !== null ? ' steps, at ' : ' steps'}</span>
        {time !== null && (
          <span className="tcount-time mono muted" data-testid={f.timeTestId}>
            {time}
          </span>
        )}
      </div>
      {!compact && (
        <label className="speed" title={f.speedTitle}>
          <span className="field-label">Speed</span>
          <input
            type="range"
            min={0}
            max={f.sliderMax}
            value={f.toSlider(speed)}
            onChange={(e) => a.setSpeed(f.fromSlider(Number(e.target.value)))}
            aria-label="Playback speed"
            aria-valuetext={f.formatSpeed(speed)}
          />
          <span className="speed-val mono">{f.formatSpeed(speed)}</span>
        </label>
      )}
      {children}
    </section>
  );
}

export const TransportBar = memo(TransportBarImpl);

const NO_MARKS: readonly Mark[] = [];

/** At most this many marks are drawn: more would paint the track solid (and cost every seek a diff). */
const MAX_MARKS = 300;

/** Memoised: the marks change with the run, not with the step. */
const TrackMarks = memo(function TrackMarks({
  marks,
  n,
  markClass,
}: {
  marks: readonly Mark[];
  n: number;
  markClass: string;
}) {
  return (
    <>
      {marks.slice(0, MAX_MARKS).map((m) => (
        <span
          key={`${m.tone}${m.position}`}
          className={`tl-mark ${m.className ?? markClass + m.tone}`}
          style={{ left: `${(m.position / Math.max(1, n)) * 100}%` }}
          title={m.label}
        />
      ))}
    </>
  );
});

/**
 * What the bar reads of a store and calls on it: the playback fields of `PlaybackState`. A view
 * with a store of its own (the virtqueue view's branches) drives the bar by having these.
 */
export type TransportState = Pick<
  PlaybackState,
  'position' | 'length' | 'playing' | 'speed' | 'seek' | 'stepBy' | 'toggle' | 'setSpeed'
>;

/** The bar only reads the store and calls its actions, so any store whose state has those fields will do. */
export type TransportStore = Pick<StoreApi<TransportState>, 'getState' | 'getInitialState' | 'subscribe'>;

interface Props {
  store: TransportStore;
  flavor: TransportFlavor;
  describe: (position: number) => string;
  timeAt: (position: number) => string | null;
  marks?: readonly Mark[];
  name?: string;
  compact?: boolean;
  /** What the run is called in titles (default "run"). */
  noun?: string;
  /** Counter digits (default plain). */
  formatCount?: (n: number) => string;
  /** Home and End, if they do more than seek (the replay pauses first); stable functions. */
  toStart?: () => void;
  toEnd?: () => void;
  /** Extra controls at the end of the bar. */
  children?: ReactNode;
}

/** The bar over a kit playback store (pgalloc, virtproxy, lisafs, gofer, packed, virtqueue, the lessons). */
function TransportImpl({ store, timeAt, toStart, toEnd, ...rest }: Props) {
  const position = useStore(store, (s) => s.position);
  const length = useStore(store, (s) => s.length);
  const playing = useStore(store, (s) => s.playing);
  const speed = useStore(store, (s) => s.speed);
  // The store's actions are stable (and Home / End, if given, must be): one object for the bar's lifetime.
  const actions = useMemo<TransportActions>(() => {
    const p = () => store.getState();
    return {
      seek: (n) => p().seek(n),
      stepBy: (d) => p().stepBy(d),
      toggle: () => p().toggle(),
      setSpeed: (v) => p().setSpeed(v),
      toStart,
      toEnd,
    };
  }, [store, toStart, toEnd]);
  return (
    <TransportBar
      position={position}
      length={length}
      playing={playing}
      speed={speed}
      actions={actions}
      time={timeAt(position)}
      {...rest}
    />
  );
}

export const Transport = memo(TransportImpl);
