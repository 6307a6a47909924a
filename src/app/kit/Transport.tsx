/** Play, pause, step, scrub and speed for a run; every button names its shortcut, the timeline marks notable steps. */
import { memo } from 'react';
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

interface Props {
  store: StoreApi<PlaybackState>;
  flavor: TransportFlavor;
  /** Words for a position, read out by the timeline slider. */
  describe: (position: number) => string;
  /** Virtual time shown next to the counter (null hides it). */
  timeAt: (position: number) => string | null;
  marks?: readonly Mark[];
  /** Accessible name of the region (pages with several runs name each one). */
  name?: string;
  /** Hide the speed slider (small embedded runs). */
  compact?: boolean;
}

function TransportImpl({ store, flavor: f, describe, timeAt, marks = [], name = 'Playback', compact = false }: Props) {
  const position = useStore(store, (s) => s.position);
  const n = useStore(store, (s) => s.length);
  const playing = useStore(store, (s) => s.playing);
  const speed = useStore(store, (s) => s.speed);
  const p = store.getState();
  const time = timeAt(position);
  return (
    <section className={`transport${compact ? ' transport-compact' : ''}`} aria-label={name}>
      <div className="tbuttons">
        <button
          className="icon-btn"
          onClick={() => p.seek(0)}
          disabled={position === 0}
          aria-label="Go to the start (Home)"
          title="Go to the start (Home)"
        >
          <Icon d={I_START} />
        </button>
        <button
          className="icon-btn"
          onClick={() => p.stepBy(-1)}
          disabled={position === 0}
          aria-label="Step back (←)"
          title={f.backTitle}
        >
          <Icon d={I_BACK} />
        </button>
        <button
          className={`play-btn${playing ? ' is-playing' : ''}`}
          onClick={() => p.toggle()}
          aria-label={playing ? 'Pause (Space)' : 'Play (Space)'}
          title={playing ? 'Pause (Space)' : 'Play (Space)'}
          data-testid="play"
        >
          <Icon d={playing ? I_PAUSE : I_PLAY} />
        </button>
        <button
          className="icon-btn"
          onClick={() => p.stepBy(1)}
          disabled={position >= n}
          aria-label="Step forward (→)"
          title="Step forward one event (→)"
        >
          <Icon d={I_FWD} />
        </button>
        <button
          className="icon-btn"
          onClick={() => p.seek(n)}
          disabled={position >= n}
          aria-label="Go to the end (End)"
          title="Go to the end of the run (End)"
        >
          <Icon d={I_END} />
        </button>
      </div>
      <div className="timeline">
        <div className="tl-track" aria-hidden="true">
          <div className="tl-fill" style={{ width: `${n ? (position / n) * 100 : 0}%` }} />
          {marks.map((m) => (
            <span
              key={`${m.tone}${m.position}`}
              className={`tl-mark ${f.markClass}${m.tone}`}
              style={{ left: `${(m.position / Math.max(1, n)) * 100}%` }}
              title={m.label}
            />
          ))}
        </div>
        <input
          type="range"
          className="tl-input"
          min={0}
          max={n}
          step={1}
          value={position}
          onChange={(e) => p.seek(Number(e.target.value))}
          aria-label="Timeline: scrub to any step"
          aria-valuetext={describe(position)}
          title="Drag to scrub through the run"
        />
      </div>
      <div className="tcount">
        <span className="mono" data-testid="position">
          {position}
        </span>
        <span className="muted"> / {n}</span>
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
            onChange={(e) => p.setSpeed(f.fromSlider(Number(e.target.value)))}
            aria-label="Playback speed"
            aria-valuetext={f.formatSpeed(speed)}
          />
          <span className="speed-val mono">{f.formatSpeed(speed)}</span>
        </label>
      )}
    </section>
  );
}

export const Transport = memo(TransportImpl);
