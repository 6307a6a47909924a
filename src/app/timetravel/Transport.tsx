/** Play, pause, step, scrub and speed for a recorded run; every button names its shortcut. */
import { memo } from 'react';
import { useStore } from 'zustand';
import type { Player } from './player';

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

export interface Mark {
  position: number;
  tone: 'error' | 'warn' | 'good';
  label: string;
}

interface Props {
  player: Player;
  /** Words for a position (for the slider's aria-valuetext and the counter). */
  describe: (position: number) => string;
  /** Virtual time shown next to the counter. */
  timeAt: (position: number) => string;
  marks?: Mark[];
}

// Speed slider: logarithmic from 0.5 to 4000 steps/s.
const toSlider = (v: number) => Math.round((Math.log2(v) + 1) * 80);
const fromSlider = (x: number) => 2 ** (x / 80 - 1);

function TransportImpl({ player, describe, timeAt, marks = [] }: Props) {
  const position = useStore(player, (s) => s.position);
  const n = useStore(player, (s) => s.length);
  const playing = useStore(player, (s) => s.playing);
  const speed = useStore(player, (s) => s.speed);
  const p = player.getState();
  return (
    <section className="transport" aria-label="Playback">
      <div className="tbuttons">
        <button className="icon-btn" onClick={() => p.seek(0)} disabled={position === 0} aria-label="Go to the start (Home)" title="Go to the start (Home)">
          <Icon d={I_START} />
        </button>
        <button className="icon-btn" onClick={() => p.stepBy(-1)} disabled={position === 0} aria-label="Step back (←)" title="Step back one event (←): restores the nearest snapshot and re-runs from it">
          <Icon d={I_BACK} />
        </button>
        <button className={`play-btn${playing ? ' is-playing' : ''}`} onClick={() => p.toggle()} aria-label={playing ? 'Pause (Space)' : 'Play (Space)'} title={playing ? 'Pause (Space)' : 'Play (Space)'} data-testid="play">
          <Icon d={playing ? I_PAUSE : I_PLAY} />
        </button>
        <button className="icon-btn" onClick={() => p.stepBy(1)} disabled={position >= n} aria-label="Step forward (→)" title="Step forward one event (→)">
          <Icon d={I_FWD} />
        </button>
        <button className="icon-btn" onClick={() => p.seek(n)} disabled={position >= n} aria-label="Go to the end (End)" title="Go to the end of the run (End)">
          <Icon d={I_END} />
        </button>
      </div>
      <div className="timeline">
        <div className="tl-track" aria-hidden="true">
          <div className="tl-fill" style={{ width: `${n ? (position / n) * 100 : 0}%` }} />
          {marks.map((m) => (
            <span key={`${m.tone}${m.position}`} className={`tl-mark tt-mark-${m.tone}`} style={{ left: `${(m.position / Math.max(1, n)) * 100}%` }} title={m.label} />
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
        <span className="tcount-time mono muted" data-testid="vtime">
          {timeAt(position)}
        </span>
      </div>
      <label className="speed" title="Playback speed in events per second (logarithmic). [ and ] halve or double it.">
        <span className="field-label">Speed</span>
        <input type="range" min={0} max={toSlider(4000)} value={toSlider(speed)} onChange={(e) => p.setSpeed(fromSlider(Number(e.target.value)))} aria-label="Playback speed" aria-valuetext={`${formatSpeed(speed)}`} />
        <span className="speed-val mono">{formatSpeed(speed)}</span>
      </label>
    </section>
  );
}

export function formatSpeed(v: number): string {
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ev/s`;
}

export const Transport = memo(TransportImpl);
