/**
 * The trace replay view (/replay): open a Ringside trace or a QEMU log (file, drop, or
 * ?trace=URL), then travel through it like the live visualizer; open a second trace to
 * compare them step by step with the first divergence marked. The frame (top bar, link
 * notice, transport, shortcuts dialog) is the kit's RunPage; before a trace is open there is
 * no transport, only the open panel. The keys are the kit's handler over the replay's table
 * (keys.ts: E, D for the divergence, L to follow live); until a trace is open only ? and Esc.
 */
import { useCallback, useLayoutEffect, useMemo, useState } from 'react';
import { replayStore, useReplay } from './replayStore';
import { installHook, loadFromLocation, notifyRendered, searchOf, startPlayLoop, startUrlSync } from './runtime';
import { REPLAY_HELP, useReplayKeys } from './keys';
import { OpenControls, SkipBadLinesSwitch, useDropToOpen } from './OpenPanel';
import { SlotStatus } from './SlotStatus';
import { LiveControls } from './LiveControls';
import { Lanes, fullDomain, type LaneTrace } from './Lanes';
import { ReplayPlots } from './ReplayPlots';
import { EventDetail, EventList } from './EventPanel';
import { RingsidePanel } from './RingsidePanel';
import { SummaryPanel } from './SummaryPanel';
import { ComparePanel } from './ComparePanel';
import type { Slot } from './store';
import { formatTraceTime } from './units';
import { REPLAY_PARAMS } from './url-state';
import { refusedParams } from '../kit/link-check';
import { RunPage, stepWords } from '../kit/RunPage';
import type { Mark } from '../kit/Transport';
import { COLORS } from '../shared/tokens';

startPlayLoop(replayStore);
startUrlSync(replayStore);
installHook(replayStore);
// What the link asked and this view refused, read before anything rewrites the address.
const REFUSED = refusedParams(location.search, REPLAY_PARAMS);
const urlErrors = loadFromLocation(replayStore);
const currentSearch = () => searchOf(replayStore.getState());

const NAMES = ['First trace', 'Second trace'];

// Home and End pause first: a jump while playing would run on from the far end.
const toStart = () => {
  const st = replayStore.getState();
  st.pause();
  st.seek(0);
};
const toEnd = () => {
  const st = replayStore.getState();
  st.pause();
  st.seek(st.count());
};
const localCount = (n: number) => n.toLocaleString('en');
// A live stream's status, Follow live and Stop, at the end of the transport.
const LIVE = <LiveControls />;

function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Beside the copy link: the local files it cannot include. */
function LocalFilesNote({ slots }: { slots: [Slot, Slot] }) {
  const local = slots.filter((s) => s.status !== 'empty' && !s.url).map((s) => s.label);
  if (local.length === 0) return null;
  return (
    <span className="muted small rp-link-note" role="note">
      The link cannot include local files ({local.join(', ')}): open them again, or serve them and use ?trace=URL.
    </span>
  );
}

function Welcome() {
  return (
    <section className="panel rp-welcome" aria-labelledby="rp-welcome-h">
      <h2 id="rp-welcome-h">Replay a trace</h2>
      <p>
        Open a <b>Ringside trace</b> (JSON lines from <code>npm run sim -- --trace FILE</code> or{' '}
        <code>npm run compare -- --trace-dir DIR</code>) to step through its rings and descriptors, or a{' '}
        <b>QEMU trace log</b> (log backend) to see each request’s life per queue. Drop a file anywhere on the page,
        choose one, or give a URL on this site.
      </p>
      <p className="muted small">
        Try the real QEMU sample:{' '}
        <a href="/replay?trace=/samples/qemu-7.2-linux-6.1-virtio-blk-1q.log">qemu-7.2-linux-6.1-virtio-blk-1q.log</a>.
        Files never leave your machine; parsing runs in a background worker. To watch a real device’s rings as they
        move, run <code>npm run live</code> and open the link it prints: the view follows the session live.
      </p>
    </section>
  );
}

export default function ReplayPage() {
  const slots = useReplay((s) => s.slots);
  const position = useReplay((s) => s.position);
  const length = useReplay((s) => s.length);
  const window = useReplay((s) => s.window);
  const divergence = useReplay((s) => s.divergence);
  const [help, setHelp] = useState(false);
  const [over, setOver] = useState(false);
  const drop = useDropToOpen(setOver);

  useReplayKeys(replayStore, length > 0, setHelp);

  // Tell the test hook which step each ready slot now shows.
  useLayoutEffect(() => {
    notifyRendered(slots.map((s) => (s.status === 'ready' && s.view ? s.view.position : null)));
  }, [slots]);

  const ready = slots.map((s, k) => ({ s, k: k as 0 | 1 })).filter((x) => x.s.status === 'ready' && x.s.info);
  // Keyed on the two slots' indexes, not on `slots` (a new array at every seek): the lanes redraw
  // only when a trace opens, grows or closes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: ready is derived from exactly these infos
  const laneTraces: LaneTrace[] = useMemo(
    () =>
      ready.map(({ s }) => ({
        info: s.info!,
        label: s.label,
        divergence: divergence ? divergence.index : null,
      })),
    [slots[0].info, slots[1].info, divergence],
  );
  const cursors = ready.map(({ s }) => Math.min(position, s.info!.steps.time.length) - 1);
  const onWindow = useCallback((w: [number, number] | null) => replayStore.getState().setWindow(w), []);
  const onSeekLanes = useCallback((_slot: number, step: number) => {
    replayStore.getState().pause();
    replayStore.getState().seek(step);
  }, []);
  const onJump = useCallback((p: number) => {
    replayStore.getState().pause();
    replayStore.getState().seek(p);
  }, []);
  // One export callback per slot that stays the same across seeks, so the summary is not redrawn.
  const labels = [slots[0].label, slots[1].label];
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the labels' values, the array is new each render
  const onExport = useMemo(
    () =>
      ([0, 1] as const).map((k) => async () => {
        const blob = await replayStore.getState().exportChrome(k);
        if (blob) download(blob, `${labels[k].replace(/\.[^.]*$/, '') || 'trace'}.chrome-trace.json`);
      }),
    [labels[0], labels[1]],
  );
  const first = ready[0]?.s.info ?? null;
  const domain = useMemo(() => window ?? fullDomain(laneTraces), [window, laneTraces]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as laneTraces: redrawn when a trace opens, grows or closes, not at every seek
  const plotTraces = useMemo(
    () => ready.map(({ s }) => ({ info: s.info!, label: s.label })),
    [slots[0].info, slots[1].info],
  );
  const cursorTime = first && position > 0 ? first.steps.time[Math.min(position, first.steps.time.length) - 1] : null;
  const comparing = ready.length === 2;

  // The transport runs over the first open trace's steps, the divergence marked first (so the cap on drawn marks never drops it).
  const divergenceAt = divergence ? divergence.index : null;
  const marks = useMemo<Mark[]>(() => {
    const out: Mark[] = [];
    if (divergenceAt !== null)
      out.push({
        position: divergenceAt + 1,
        tone: 'diverge',
        label: `The two traces part at step ${divergenceAt + 1}`,
        className: 'rp-tl-diverge',
      });
    for (const m of first?.markers ?? [])
      out.push({ position: m.step + 1, tone: m.kind, label: `${m.kind} at step ${m.step + 1}` });
    return out;
  }, [first?.markers, divergenceAt]);
  const steps = first?.steps;
  const describe = useCallback(
    (p: number) =>
      stepWords(p, length, steps && p > 0 && p <= steps.time.length ? steps.kindNames[steps.kind[p - 1]] : null),
    [steps, length],
  );
  const timeAt = useCallback(
    (p: number) =>
      first && p > 0 && p <= first.steps.time.length ? formatTraceTime(first.steps.time[p - 1], first.timeUnit) : '',
    [first],
  );

  return (
    <RunPage
      family="step"
      className={`rp-app${over ? ' rp-drop-over' : ''}`}
      title="Ringside replay"
      tagline="what a real run did, step by step"
      logo={LOGO}
      settings={
        <div className="run-controls">
          <OpenControls slot={0} />
          {slots[0].status === 'ready' && <OpenControls slot={1} />}
          <SkipBadLinesSwitch />
        </div>
      }
      error={urlErrors}
      chrome={{ help, setHelp }}
      search={currentSearch}
      copyTitle="Copy a link to this view: trace URLs, step and zoom"
      linkNote={<LocalFilesNote slots={slots} />}
      refused={REFUSED}
      transport={
        first && {
          store: replayStore,
          describe,
          timeAt,
          marks,
          noun: 'trace',
          formatCount: localCount,
          toStart,
          toEnd,
          controls: LIVE,
        }
      }
      layout="rp-main"
      help={REPLAY_HELP}
      drop={drop}
    >
      {slots.map((s, k) => (
        <SlotStatus key={k} slot={s} k={k as 0 | 1} />
      ))}
      {ready.length === 0 && slots.every((s) => s.status === 'empty') && <Welcome />}
      {comparing && (
        <ComparePanel
          divergence={divergence}
          labels={[slots[0].label, slots[1].label]}
          onJump={onJump}
          position={position}
        />
      )}
      {ready.length > 0 && (
        <Lanes traces={laneTraces} cursors={cursors} window={window} onWindow={onWindow} onSeek={onSeekLanes} />
      )}
      {ready.length > 0 && (
        <div className={comparing ? 'rp-cols' : 'rp-single'}>
          {ready.map(({ s, k }) => (
            <div key={k} className="rp-col" data-slot={k}>
              <div className="rp-col-top">
                <EventList
                  view={s.view}
                  info={s.info!}
                  divergence={comparing && divergence ? divergence.index : null}
                  onJump={onJump}
                  title={comparing ? `${NAMES[k]}: ${s.label}` : s.label}
                />
                <EventDetail view={s.view} title={comparing ? `${NAMES[k]}: current event` : 'Current event'} />
              </div>
              <RingsidePanel info={s.info!} view={s.view} title={comparing ? NAMES[k] : 'Queue'} />
              <SummaryPanel
                info={s.info!}
                title={comparing ? `${NAMES[k]}: summary` : 'Summary'}
                onExport={onExport[k]}
              />
            </div>
          ))}
        </div>
      )}
      {ready.length > 0 && <ReplayPlots traces={plotTraces} domain={domain} cursorTime={cursorTime} />}
      {/* Fixed over the page, outside the flow of the column. */}
      {over && (
        <div className="rp-drop-hint" aria-hidden="true">
          Drop to open{slots[0].status === 'ready' ? ' (hold Shift to compare)' : ''}
        </div>
      )}
    </RunPage>
  );
}

const LOGO = (
  <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
    <circle cx="14" cy="14" r="11" fill="none" stroke={COLORS.driver} strokeWidth="4" strokeDasharray="10 4" />
    <path d="M10 9v10l8-5z" fill={COLORS.device} />
  </svg>
);
