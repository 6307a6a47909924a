/**
 * Both restores on one time axis: for each mode, when memory was loading and what every thread
 * was doing — not started, running, or stalled on memory. This is where background mode shows
 * why it wins (threads run long before loading ends) or why it does not (they sit in red stalls
 * until loading ends anyway). The mode being played is veiled beyond the current moment.
 */
import { memo, useMemo } from 'react';
import type { RestoreMode } from '../../model/pgalloc';
import { Axis, ChartFrame, type XScale } from '../kit/ChartFrame';
import { MODE_COLOR, MODE_LABEL } from './charts';
import { threadLanes, type ThreadLane } from './derive';
import { fmtMaybeNs, fmtNs } from './format';
import type { PgRun } from './run';

const ROW = 13;
const GAP = 3;
const LABEL_W = 118;
const HEAD = 18;
const AXIS_H = 22;
/** The lane labels sit in the frame's left margin: inner x runs from the first instant. */
const MARGIN = { top: 0, right: 12, bottom: AXIS_H, left: LABEL_W };
const LABEL_X = 4 - LABEL_W;

interface Props {
  run: PgRun;
  now: number;
  onSeekTime: (mode: RestoreMode, t: number) => void;
}

function AppTimelineImpl({ run, now, onSeekTime }: Props) {
  const threads = run.modes.sync.config.app.threads;
  const end = Math.max(run.modes.sync.endTime, run.modes.background.endTime, 1);
  const lanes = useMemo(() => {
    const out = {} as Record<RestoreMode, ThreadLane[]>;
    for (const m of ['sync', 'background'] as const)
      out[m] = threadLanes(run.modes[m].recording.events, threads, run.modes[m].endTime);
    return out;
  }, [run, threads]);
  const shown = run.spec.mode;
  const groupH = HEAD + (threads + 1) * (ROW + GAP) + 8;
  const H = 2 * groupH + 24;
  const groups = (x: XScale, iw: number) =>
    (['sync', 'background'] as const).map((mode, gi) => {
      const mr = run.modes[mode];
      const s = mr.summary;
      const y0 = gi * groupH;
      // Loading ends when the last page arrives, or at the short read that stops it for good.
      const loadEnd =
        s.restoreTimeNs ??
        (s.failed ? (mr.recording.events.find((e) => e.kind === 'short-read')?.time ?? mr.endTime) : mr.endTime);
      const rows = [];
      const yLoader = y0 + HEAD;
      rows.push(
        <g key="loader">
          <text x={LABEL_X} y={yLoader + ROW - 3} className="pg-tl-label">
            loader
          </text>
          <rect
            x={x(0)}
            y={yLoader}
            width={Math.max(1, x(loadEnd) - x(0))}
            height={ROW}
            className={s.failed ? 'pg-tl-failed' : 'pg-tl-loading'}
          >
            <title>
              {s.failed
                ? `Loading stopped by EIO at ${fmtNs(loadEnd)}`
                : `Loading all saved memory: 0 – ${fmtNs(loadEnd)}`}
            </title>
          </rect>
        </g>,
      );
      lanes[mode].forEach((lane, t) => {
        const y = yLoader + (t + 1) * (ROW + GAP);
        rows.push(
          <g key={t}>
            <text x={LABEL_X} y={y + ROW - 3} className="pg-tl-label">
              thread {t}
            </text>
            <line x1={x(0)} x2={x(end)} y1={y + ROW / 2} y2={y + ROW / 2} className="pg-tl-idle" />
            {lane.segments.map((seg, k) => (
              <rect
                key={k}
                x={x(seg.from)}
                y={y}
                width={Math.max(1, x(seg.to) - x(seg.from))}
                height={ROW}
                className={seg.kind === 'run' ? 'pg-tl-run' : 'pg-tl-stall'}
              >
                <title>{`${seg.kind === 'run' ? 'Running' : 'Stalled on memory'}: ${fmtNs(seg.from)} – ${fmtNs(seg.to)}`}</title>
              </rect>
            ))}
            {lane.end?.fate === 'faulted' && (
              <circle cx={x(lane.end.at)} cy={y + ROW / 2} r={4} className="pg-tl-eio" />
            )}
          </g>,
        );
      });
      const ttfi = s.timeToFirstInstructionNs;
      return (
        <g key={mode} data-mode={mode}>
          <text x={LABEL_X} y={y0 + 12} className="pg-tl-group" fill={MODE_COLOR[mode]}>
            {MODE_LABEL[mode]}
            {mode === shown ? ' (playing)' : ''}
          </text>
          <text x={iw} y={y0 + 12} className="pg-tl-note" textAnchor="end">
            first instruction {fmtMaybeNs(ttfi)} · stalls {fmtNs(s.totalStallNs)} · all loaded{' '}
            {fmtMaybeNs(s.restoreTimeNs)} · app done {fmtMaybeNs(s.appFinishNs)}
          </text>
          {rows}
          {ttfi !== null && (
            <line x1={x(ttfi)} x2={x(ttfi)} y1={yLoader - 2} y2={y0 + groupH - 6} className="pg-tl-ttfi" />
          )}
          {mode === shown && (
            <rect
              x={x(Math.min(now, end))}
              y={y0 + HEAD - 2}
              width={Math.max(0, x(end) - x(Math.min(now, end)))}
              height={groupH - HEAD - 4}
              className="future-veil"
            />
          )}
        </g>
      );
    });
  const summary = (['sync', 'background'] as const)
    .map(
      (m) =>
        `${MODE_LABEL[m]}: first instruction ${fmtMaybeNs(run.modes[m].summary.timeToFirstInstructionNs)}, stalls ${fmtNs(run.modes[m].summary.totalStallNs)}, application done ${fmtMaybeNs(run.modes[m].summary.appFinishNs)}`,
    )
    .join('; ');
  // The frame's own veil would cover both modes; only the one being played has a future, so the
  // veil is drawn in its group and the frame is given no `now`.
  return (
    <ChartFrame
      look="panel"
      className="pg-timeline"
      title="Application timeline, both modes"
      legend={
        <>
          <span className="lg">
            <span className="pg-sw pg-tl-loading" aria-hidden="true" /> loading
          </span>
          <span className="lg">
            <span className="pg-sw pg-tl-run" aria-hidden="true" /> running
          </span>
          <span className="lg">
            <span className="pg-sw pg-tl-stall" aria-hidden="true" /> stalled on memory
          </span>
          <span className="lg">
            <span className="pg-sw pg-tl-ttfi-sw" aria-hidden="true" /> first instruction
          </span>
        </>
      }
      label={`Timeline of both restores. ${summary}`}
      seekWords={`go to a moment of the ${MODE_LABEL[shown]} run`}
      height={H}
      margin={MARGIN}
      minWidth={320}
      end={end}
      now={null}
      onSeek={(t) => onSeekTime(shown, t)}
    >
      {(x, { width, iw, ih }) => (
        <>
          {groups(x, iw)}
          <line x1={x(Math.min(now, end))} x2={x(Math.min(now, end))} y1={0} y2={ih} className="cursor" />
          <Axis scale={x} side="bottom" at={ih} ticks={Math.max(2, Math.floor(width / 110))} format={fmtNs} />
        </>
      )}
    </ChartFrame>
  );
}

export const AppTimeline = memo(AppTimelineImpl);
