/** The replay's transport: the kit's bar over steps of a trace, with a live stream's status and Follow live switch. */
import { useMemo } from 'react';
import { type Mark, STEP_TRANSPORT, TransportBar, type TransportActions } from '../kit/Transport';
import { replayStore, useReplay } from './replayStore';
import { formatTraceTime } from './units';
import type { TraceInfo } from './protocol';
import { LiveControls } from './LiveControls';

const localCount = (n: number) => n.toLocaleString('en');

const ACTIONS: TransportActions = {
  seek: (n) => replayStore.getState().seek(n),
  stepBy: (d) => replayStore.getState().stepBy(d),
  toggle: () => replayStore.getState().toggle(),
  setSpeed: (v) => replayStore.getState().setSpeed(v),
  // Home and End pause first: a jump while playing would run on from the far end.
  toStart: () => {
    const st = replayStore.getState();
    st.pause();
    st.seek(0);
  },
  toEnd: () => {
    const st = replayStore.getState();
    st.pause();
    st.seek(st.count());
  },
};

export function ReplayTransport({ info, divergenceAt }: { info: TraceInfo; divergenceAt: number | null }) {
  const position = useReplay((s) => s.position);
  const playing = useReplay((s) => s.playing);
  const speed = useReplay((s) => s.speed);
  const n = useReplay((s) => s.count());
  const steps = info.steps;
  const marks = useMemo<Mark[]>(() => {
    const out: Mark[] = [];
    // The divergence first, so the cap on drawn marks never drops it.
    if (divergenceAt !== null)
      out.push({
        position: divergenceAt + 1,
        tone: 'diverge',
        label: `The two traces part at step ${divergenceAt + 1}`,
        className: 'rp-tl-diverge',
      });
    for (const m of info.markers)
      out.push({ position: m.step + 1, tone: m.kind, label: `${m.kind} at step ${m.step + 1}` });
    return out;
  }, [info.markers, divergenceAt]);
  const cur = position > 0 && position <= steps.time.length ? position - 1 : -1;
  const describe = (p: number) => {
    const k = p > 0 && p <= steps.time.length ? steps.kindNames[steps.kind[p - 1]] : 'start';
    return `step ${p} of ${n}: ${k}`;
  };
  return (
    <TransportBar
      position={position}
      length={n}
      playing={playing}
      speed={speed}
      actions={ACTIONS}
      flavor={STEP_TRANSPORT}
      describe={describe}
      time={cur >= 0 ? formatTraceTime(steps.time[cur], info.timeUnit) : ''}
      marks={marks}
      noun="trace"
      formatCount={localCount}
    >
      <LiveControls />
    </TransportBar>
  );
}
