/** Play, step and scrub through a run; the timeline shows markers for notable steps. */
import { memo } from 'react';
import { formatSpeed, formatTime, sliderToSpeed, speedToSlider } from '../format';

function Icon({ d }: { d: string }) {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <path d={d} fill="currentColor" />
    </svg>
  );
}
const I_START = 'M2 2h2v10H2zM12 2v10L5 7z';
const I_BACK = 'M11 2v10L4 7z';
const I_FWD = 'M3 2v10l7-5z';
const I_END = 'M10 2h2v10h-2zM2 2v10l7-5z';
const I_PLAY = 'M3 1.5v11l9.5-5.5z';
const I_PAUSE = 'M3 2h3v10H3zM8 2h3v10H8z';

export interface TimelineMarker {
  /** Position right after the marked event. */
  position: number;
  /** CSS suffix: tl-<tone>. */
  tone: string;
  label: string;
}

interface Props {
  length: number;
  position: number;
  playing: boolean;
  speed: number;
  /** Virtual time at the current position, ns (null hides it). */
  timeNs: number | null;
  /** Words for the current step, read out by the timeline slider. */
  describe: string;
  markers: readonly TimelineMarker[];
  onSeek(p: number): void;
  onStep(d: number): void;
  onToggle(): void;
  onSpeed(sps: number): void;
}

function TransportImpl({ length: n, position, playing, speed, timeNs, describe, markers, onSeek, onStep, onToggle, onSpeed }: Props) {
  return (
    <section className="transport" aria-label="Playback">
      <div className="tbuttons">
        <button className="icon-btn" onClick={() => onSeek(0)} disabled={position === 0} aria-label="Go to the start (Home)" title="Go to the start (Home)">
          <Icon d={I_START} />
        </button>
        <button className="icon-btn" onClick={() => onStep(-1)} disabled={position === 0} aria-label="Step back (←)" title="Step back one event (←)">
          <Icon d={I_BACK} />
        </button>
        <button className={`play-btn${playing ? ' is-playing' : ''}`} onClick={onToggle} aria-label={playing ? 'Pause (Space)' : 'Play (Space)'} title={playing ? 'Pause (Space)' : 'Play (Space)'} data-testid="play">
          <Icon d={playing ? I_PAUSE : I_PLAY} />
        </button>
        <button className="icon-btn" onClick={() => onStep(1)} disabled={position >= n} aria-label="Step forward (→)" title="Step forward one event (→)">
          <Icon d={I_FWD} />
        </button>
        <button className="icon-btn" onClick={() => onSeek(n)} disabled={position >= n} aria-label="Go to the end (End)" title="Go to the end of the run (End)">
          <Icon d={I_END} />
        </button>
      </div>
      <div className="timeline">
        <div className="tl-track" aria-hidden="true">
          <div className="tl-fill" style={{ width: `${n ? (position / n) * 100 : 0}%` }} />
          {markers.map((m) => (
            <span key={`${m.tone}${m.position}`} className={`tl-mark tl-${m.tone}`} style={{ left: `${(m.position / Math.max(1, n)) * 100}%` }} title={m.label} />
          ))}
        </div>
        <input
          type="range"
          className="tl-input"
          min={0}
          max={n}
          step={1}
          value={position}
          onChange={(e) => onSeek(Number(e.target.value))}
          aria-label="Timeline: scrub to any step"
          aria-valuetext={`step ${position} of ${n}: ${describe}`}
          title="Drag to scrub through the run"
        />
      </div>
      <div className="tcount">
        <span className="mono" data-testid="position">
          {position}
        </span>
        <span className="muted"> / {n}</span>
        {timeNs !== null && <span className="tcount-time mono muted">{formatTime(timeNs)}</span>}
      </div>
      <label className="speed" title="Playback speed (logarithmic). [ and ] halve or double it.">
        <span className="field-label">Speed</span>
        <input type="range" min={0} max={1000} value={speedToSlider(speed)} onChange={(e) => onSpeed(sliderToSpeed(Number(e.target.value)))} aria-label="Playback speed" aria-valuetext={formatSpeed(speed)} />
        <span className="speed-val mono">{formatSpeed(speed)}</span>
      </label>
    </section>
  );
}

export const Transport = memo(TransportImpl);
