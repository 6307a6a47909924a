/** Play, step, scrub and speed for the replay: the live view's transport, over steps of a trace (and a live stream's status and Follow live switch). */
import { memo } from 'react';
import { formatSpeed, sliderToSpeed, speedToSlider } from '../format';
import { replayStore, useReplay } from './replayStore';
import { formatTraceTime } from './units';
import type { TraceInfo } from './protocol';
import { I_BACK, I_END, I_FWD, I_PAUSE, I_PLAY, I_START, Icon } from '../shared/icons';
import { LiveControls } from './LiveControls';

export function ReplayTransport({ info, divergenceAt }: { info: TraceInfo; divergenceAt: number | null }) {
  const position = useReplay((s) => s.position);
  const playing = useReplay((s) => s.playing);
  const speed = useReplay((s) => s.speed);
  const n = useReplay((s) => s.count());
  const st = replayStore.getState();
  const steps = info.steps;
  const cur = position > 0 && position <= steps.time.length ? position - 1 : -1;
  const kind = cur >= 0 ? steps.kindNames[steps.kind[cur]] : 'start';
  const valueText = `step ${position} of ${n}: ${kind}`;
  return (
    <section className="transport" aria-label="Playback">
      <div className="tbuttons">
        <button
          className="icon-btn"
          onClick={() => (st.pause(), st.seek(0))}
          disabled={position === 0}
          aria-label="Go to the start (Home)"
          title="Go to the start (Home)"
        >
          <Icon d={I_START} />
        </button>
        <button
          className="icon-btn"
          onClick={() => st.stepBy(-1)}
          disabled={position === 0}
          aria-label="Step back (←)"
          title="Step back one event (←)"
        >
          <Icon d={I_BACK} />
        </button>
        <button
          className={`play-btn${playing ? ' is-playing' : ''}`}
          onClick={() => st.toggle()}
          aria-label={playing ? 'Pause (Space)' : 'Play (Space)'}
          title={playing ? 'Pause (Space)' : 'Play (Space)'}
        >
          <Icon d={playing ? I_PAUSE : I_PLAY} />
        </button>
        <button
          className="icon-btn"
          onClick={() => st.stepBy(1)}
          disabled={position >= n}
          aria-label="Step forward (→)"
          title="Step forward one event (→)"
        >
          <Icon d={I_FWD} />
        </button>
        <button
          className="icon-btn"
          onClick={() => (st.pause(), st.seek(n))}
          disabled={position >= n}
          aria-label="Go to the end (End)"
          title="Go to the end of the trace (End)"
        >
          <Icon d={I_END} />
        </button>
      </div>
      <div className="timeline">
        <div className="tl-track" aria-hidden="true">
          <div className="tl-fill" style={{ width: `${n ? (position / n) * 100 : 0}%` }} />
          <TrackMarks markers={info.markers} n={n} divergenceAt={divergenceAt} />
        </div>
        <input
          type="range"
          className="tl-input"
          min={0}
          max={n}
          step={1}
          value={position}
          onChange={(e) => st.seek(Number(e.target.value))}
          aria-label="Timeline: scrub to any step"
          aria-valuetext={valueText}
          title="Drag to scrub through the trace"
        />
      </div>
      <div className="tcount" aria-live="off">
        <span className="mono" data-testid="position">
          {position.toLocaleString('en')}
        </span>
        <span className="muted"> / {n.toLocaleString('en')}</span>
        <span className="tcount-time mono muted">
          {cur >= 0 ? formatTraceTime(steps.time[cur], info.timeUnit) : ''}
        </span>
      </div>
      <label className="speed" title="Playback speed (logarithmic). [ and ] halve or double it.">
        <span className="field-label">Speed</span>
        <input
          type="range"
          min={0}
          max={1000}
          value={speedToSlider(speed)}
          onChange={(e) => st.setSpeed(sliderToSpeed(Number(e.target.value)))}
          aria-label="Playback speed"
          aria-valuetext={formatSpeed(speed)}
        />
        <span className="speed-val mono">{formatSpeed(speed)}</span>
      </label>
      <LiveControls />
    </section>
  );
}

/**
 * The marks on the track (at most a few hundred: more would paint it solid). Memoised: they
 * change with the trace, not with the step, and re-diffing them made every seek slower.
 */
const TrackMarks = memo(function TrackMarks({
  markers,
  n,
  divergenceAt,
}: {
  markers: TraceInfo['markers'];
  n: number;
  divergenceAt: number | null;
}) {
  return (
    <>
      {markers.slice(0, 300).map((m) => (
        <span
          key={`${m.kind}${m.step}`}
          className={`tl-mark tl-${m.kind}`}
          style={{ left: `${((m.step + 1) / Math.max(1, n)) * 100}%` }}
        />
      ))}
      {divergenceAt !== null && (
        <span className="tl-mark rp-tl-diverge" style={{ left: `${((divergenceAt + 1) / Math.max(1, n)) * 100}%` }} />
      )}
    </>
  );
});
