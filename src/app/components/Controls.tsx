/** Run controls (scenario, seed, queue size, features) and the transport (play, step, timeline, speed). */
import { memo, useEffect, useMemo, useState } from 'react';
import { SCENARIOS } from '../../model/vqsim/scenarios';
import type { SimEvent } from '../../model/vqsim/events';
import { formatSpeed, formatTime, sliderToSpeed, speedToSlider } from '../format';
import { markers } from '../derive';
import type { RunSpec } from '../url';
import { I_BACK, I_END, I_FWD, I_PAUSE, I_PLAY, I_START, Icon } from '../shared/icons';

const SIZES = Array.from({ length: 16 }, (_, k) => 2 ** k);

export function RunControls({ spec, onChange }: { spec: RunSpec; onChange: (p: Partial<RunSpec>) => void }) {
  const [seedText, setSeedText] = useState(String(spec.seed));
  useEffect(() => setSeedText(String(spec.seed)), [spec.seed]);
  const commitSeed = () => {
    const n = Number(seedText);
    if (Number.isInteger(n) && n >= 0 && n <= 0xffffffff) onChange({ seed: n });
    else setSeedText(String(spec.seed));
  };
  const scenario = SCENARIOS.find((s) => s.name === spec.scenario);
  return (
    <div className="run-controls" role="group" aria-label="Run settings">
      <label className="field" title={scenario?.description}>
        <span className="field-label">Scenario</span>
        <select aria-label="Scenario" value={spec.scenario} onChange={(e) => onChange({ scenario: e.target.value })}>
          <optgroup label="Scenarios">
            {SCENARIOS.filter((s) => !s.hostile).map((s) => (
              <option key={s.name} value={s.name}>
                {s.title}
              </option>
            ))}
          </optgroup>
          <optgroup label="Hostile input (the other side must refuse)">
            {SCENARIOS.filter((s) => s.hostile).map((s) => (
              <option key={s.name} value={s.name}>
                {s.title.replace(/^Hostile: /, '')}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label className="field field-seed" title="The run’s seed: the same seed gives exactly the same run">
        <span className="field-label">Seed</span>
        <input
          type="number"
          min={0}
          max={4294967295}
          value={seedText}
          onChange={(e) => setSeedText(e.target.value)}
          onBlur={commitSeed}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitSeed();
          }}
        />
      </label>
      <button
        className="icon-btn"
        onClick={() => onChange({ seed: Math.floor(Math.random() * 100000) })}
        title="Pick a random seed"
        aria-label="Random seed"
      >
        ⚄
      </button>
      <label className="field" title="Queue size: a power of two. Large rings are drawn on canvas.">
        <span className="field-label">Queue size</span>
        <select
          aria-label="Queue size"
          value={spec.queueSize}
          onChange={(e) => onChange({ queueSize: Number(e.target.value) })}
        >
          {SIZES.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </select>
      </label>
      <label
        className="switch"
        title="VIRTIO_RING_F_EVENT_IDX: each side says exactly when it wants to be notified (used_event / avail_event) instead of a yes/no flag"
      >
        <input
          type="checkbox"
          checked={spec.features.eventIdx}
          onChange={(e) => onChange({ features: { ...spec.features, eventIdx: e.target.checked } })}
        />
        <span className="switch-track" aria-hidden="true" />
        <span>EVENT_IDX</span>
      </label>
      <label
        className="switch"
        title="VIRTIO_RING_F_INDIRECT_DESC: a multi-buffer request may take one ring descriptor that points at a table elsewhere"
      >
        <input
          type="checkbox"
          checked={spec.features.indirect}
          onChange={(e) => onChange({ features: { ...spec.features, indirect: e.target.checked } })}
        />
        <span className="switch-track" aria-hidden="true" />
        <span>INDIRECT_DESC</span>
      </label>
    </div>
  );
}

interface TransportProps {
  log: readonly SimEvent[];
  position: number;
  playing: boolean;
  speed: number;
  onSeek: (p: number, cause?: 'seek' | 'step') => void;
  onStep: (d: number) => void;
  onToggle: () => void;
  onSpeed: (sps: number) => void;
}

function TransportImpl({ log, position, playing, speed, onSeek, onStep, onToggle, onSpeed }: TransportProps) {
  const n = log.length;
  const marks = useMemo(() => markers(log), [log]);
  const cur = position > 0 ? log[position - 1] : null;
  const valueText = `step ${position} of ${n}${cur ? `: ${cur.kind}` : ': start'}`;
  return (
    <section className="transport" aria-label="Playback">
      <div className="tbuttons">
        <button
          className="icon-btn"
          onClick={() => onSeek(0)}
          disabled={position === 0}
          aria-label="Go to the start (Home)"
          title="Go to the start (Home)"
        >
          <Icon d={I_START} />
        </button>
        <button
          className="icon-btn"
          onClick={() => onStep(-1)}
          disabled={position === 0}
          aria-label="Step back (←)"
          title="Step back one event (←)"
        >
          <Icon d={I_BACK} />
        </button>
        <button
          className={`play-btn${playing ? ' is-playing' : ''}`}
          onClick={onToggle}
          aria-label={playing ? 'Pause (Space)' : 'Play (Space)'}
          title={playing ? 'Pause (Space)' : 'Play (Space)'}
          data-testid="play"
        >
          <Icon d={playing ? I_PAUSE : I_PLAY} />
        </button>
        <button
          className="icon-btn"
          onClick={() => onStep(1)}
          disabled={position >= n}
          aria-label="Step forward (→)"
          title="Step forward one event (→)"
        >
          <Icon d={I_FWD} />
        </button>
        <button
          className="icon-btn"
          onClick={() => onSeek(n)}
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
              key={`${m.kind}${m.step}`}
              className={`tl-mark tl-${m.kind}`}
              style={{ left: `${((m.step + 1) / Math.max(1, n)) * 100}%` }}
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
          onChange={(e) => onSeek(Number(e.target.value))}
          aria-label="Timeline: scrub to any step"
          aria-valuetext={valueText}
          title="Drag to scrub through the run"
        />
      </div>
      <div className="tcount" aria-live="off">
        <span className="mono" data-testid="position">
          {position}
        </span>
        <span className="muted"> / {n}</span>
        <span className="tcount-time mono muted">{formatTime(cur ? cur.time : 0)}</span>
      </div>
      <label className="speed" title="Playback speed (logarithmic). [ and ] halve or double it.">
        <span className="field-label">Speed</span>
        <input
          type="range"
          min={0}
          max={1000}
          value={speedToSlider(speed)}
          onChange={(e) => onSpeed(sliderToSpeed(Number(e.target.value)))}
          aria-label="Playback speed"
          aria-valuetext={formatSpeed(speed)}
        />
        <span className="speed-val mono">{formatSpeed(speed)}</span>
      </label>
    </section>
  );
}

export const Transport = memo(TransportImpl);
