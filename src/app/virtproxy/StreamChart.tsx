/**
 * Buffers over the run (d3): each stream's receive buffer, and in credit mode the sender's window
 * (dashed) shrinking as data goes out and growing back with each CREDIT_UPDATE (ticks at the
 * bottom). Red bands: a demultiplexer blocked on a full socket. Click to go to a step.
 */
import * as d3 from 'd3';
import { memo, useMemo } from 'react';
import type { VirtproxyModel } from '../../model/virtproxy';
import { Axis, ChartFrame, type ChartSize, type XScale } from '../kit/ChartFrame';
import { connColor } from './palette';
import type { VpRun } from './run';
import { COLORS } from '../shared/tokens';

const H = 180;
const M = { top: 10, right: 12, bottom: 22, left: 40 };

function StreamChartImpl({
  run,
  model,
  position,
  onSeek,
}: {
  run: VpRun;
  model: VirtproxyModel;
  position: number;
  onSeek: (p: number) => void;
}) {
  const samples = run.recording.samples;
  const n = samples.length - 1;
  const cfg = model.config;
  const credit = cfg.mode === 'credit';
  // Counted once per run: the chart re-renders at every step.
  const blocked = useMemo(() => blockedBands(samples).length, [samples]);
  const updates = useMemo(() => updateSteps(samples).length, [samples]);
  return (
    <ChartFrame
      look="panel"
      className="vp-chart"
      title={`Buffers${credit ? ' and credit windows' : ''} over the run`}
      legend={<StreamLegend run={run} credit={credit} />}
      label={`Receive buffers${credit ? ' and credit windows' : ''} per stream over ${n} steps; ${blocked} blocked stretch${blocked === 1 ? '' : 'es'} of a demultiplexer${credit ? `; ${updates} credit updates` : ''}`}
      height={H}
      margin={M}
      minWidth={320}
      end={n}
      now={position}
      onSeek={(p) => onSeek(Math.round(p))}
    >
      {(x, size) => <StreamLines run={run} credit={credit} bufBytes={cfg.sockBufBytes} x={x} size={size} />}
    </ChartFrame>
  );
}

type Samples = VpRun['recording']['samples'];

/** Steps where a demultiplexer (any lane) was blocked, as [from, to) stretches. */
function blockedBands(samples: Samples): [number, number][] {
  const bands: [number, number][] = [];
  let open: number | null = null;
  samples.forEach((s, i) => {
    const b = s.laneBlocked.some(Boolean);
    if (b && open === null) open = i;
    if (!b && open !== null) {
      bands.push([open, i]);
      open = null;
    }
  });
  if (open !== null) bands.push([open, samples.length - 1]);
  return bands;
}

/** Steps at which a CREDIT_UPDATE went out. */
function updateSteps(samples: Samples): number[] {
  const updates: number[] = [];
  for (let i = 1; i < samples.length; i++) if (samples[i].creditUpdates > samples[i - 1].creditUpdates) updates.push(i);
  return updates;
}

function StreamLegend({ run, credit }: { run: VpRun; credit: boolean }) {
  return (
    <>
      <span className="lg">
        <span className="lg-line" style={{ borderColor: COLORS.ink }} aria-hidden="true" /> receive buffer
      </span>
      {credit && (
        <span className="lg">
          <span className="lg-line is-dashed" style={{ borderColor: COLORS.ink }} aria-hidden="true" /> credit window ·
          ticks: CREDIT_UPDATE
        </span>
      )}
      <span className="lg">
        <span className="pg-sw" style={{ background: COLORS.blockedBandKey }} aria-hidden="true" /> demultiplexer
        blocked
      </span>
      {run.workload.connections.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: connections are fixed for the run
        <span key={i} className="lg">
          <span className="pg-sw" style={{ background: connColor(i) }} aria-hidden="true" /> {c.host}↔{c.guest}
        </span>
      ))}
    </>
  );
}

/** Each stream's receive buffer (and in credit mode the sender's window), the blocked bands and update ticks. */
const StreamLines = memo(function StreamLines({
  run,
  credit,
  bufBytes,
  x,
  size,
}: {
  run: VpRun;
  credit: boolean;
  bufBytes: number;
  x: XScale;
  size: ChartSize;
}) {
  const samples = run.recording.samples;
  const { ih } = size;
  const y = useMemo(() => d3.scaleLinear().domain([0, bufBytes]).range([ih, 0]), [bufBytes, ih]);
  const drawn = useMemo(() => {
    const idx = d3.range(samples.length);
    const lines: { key: string; d: string; color: string; dashed: boolean; label: string }[] = [];
    const w = run.workload;
    w.connections.forEach((c, conn) => {
      ([0, 1] as const).forEach((side) => {
        const receiver = side === 0 ? c.host : c.guest;
        const sender = side === 0 ? c.guest : c.host;
        const rx =
          d3
            .line<number>()
            .x((i) => x(i))
            .y((i) => y(samples[i].rx[conn][side]))
            .curve(d3.curveStepAfter)(idx) ?? '';
        lines.push({
          key: `rx${conn}${side}`,
          d: rx,
          color: connColor(conn),
          dashed: false,
          label: `${receiver}’s receive buffer`,
        });
        if (credit) {
          const other = side === 0 ? 1 : 0;
          const win =
            d3
              .line<number>()
              .x((i) => x(i))
              .y((i) => y(Math.min(bufBytes, samples[i].window[conn][other])))
              .curve(d3.curveStepAfter)(idx) ?? '';
          lines.push({
            key: `win${conn}${other}`,
            d: win,
            color: connColor(conn),
            dashed: true,
            label: `${sender}’s credit window`,
          });
        }
      });
    });
    return { lines, bands: blockedBands(samples), updates: updateSteps(samples) };
  }, [samples, run.workload, x, y, credit, bufBytes]);
  return (
    <>
      {drawn.bands.map(([a, b]) => (
        <rect key={a} x={x(a)} y={0} width={Math.max(1, x(b) - x(a))} height={ih} fill={COLORS.blockedBand} />
      ))}
      <Axis scale={y} side="left" ticks={4} />
      <Axis scale={x} side="bottom" at={ih} ticks={Math.max(2, Math.floor(size.width / 100))} />
      {drawn.lines.map((l) => (
        <path
          key={l.key}
          d={l.d}
          fill="none"
          stroke={l.color}
          strokeWidth={1.6}
          strokeDasharray={l.dashed ? '5 3' : undefined}
          opacity={l.dashed ? 0.6 : 1}
        >
          <title>{l.label}</title>
        </path>
      ))}
      {drawn.updates.map((i) => (
        <line key={i} x1={x(i)} x2={x(i)} y1={ih - 6} y2={ih} className="vp-update-tick" />
      ))}
    </>
  );
});

export const StreamChart = memo(StreamChartImpl);
