/**
 * lisafs pool, steps 1–4: Mount and the channels, one RPC through a channel, the LIFO stack,
 * and why its top stays hot.
 */
import { HANDOFF_VALUE, type HandoffWord, midName } from '../../../../model/lisafs/index';
import type { PoolLessonRun } from '../../lisafs/pool-run';
import { PoolStage } from '../../lisafs/PoolStage';
import { Term } from '../../Term';
import type { Choice, LessonStep } from '../../types';
import { N } from '../../words';
import { stage, stageWith } from '../../stage';
import { build, gomaxprocs, poolFullView, type S, us } from './shared';

const WORD_CHOICES: Choice[] = (['client-active', 'server-active', 'shutdown'] as HandoffWord[]).map((w) => ({
  id: w,
  label: `${w} (${HANDOFF_VALUE[w]})`,
}));

/** Just after Mount went out: the reply (and the channel count it leads to) is still to come. */
const mountSent = (run: PoolLessonRun) => run.after('socket-acquired') ?? 0;

export const setup: LessonStep<PoolLessonRun> = {
  id: 'setup',
  title: 'Mount first, then the channels',
  seed: 11,
  knob: gomaxprocs,
  build: build('hot-channel'),
  start: mountSent,
  range: (run) => [0, run.after('client-ready') ?? run.length],
  Stage: stage(PoolStage, {
    parts: ['callers', 'stack', 'socket', 'channels'],
    watch: 'the socket lane: Mount, then one Channel request after another.',
  }),
  Narration: ({ run }: S) => {
    const s = run.state;
    return (
      <>
        <p>
          A sandboxed application's file system calls end up in gVisor's <Term id="sentry" />, which asks a separate
          process, the <Term id="gofer" />, to touch the host's files. The lisafs client starts with one thing: a Unix
          socket to the gofer.
        </p>
        <p>
          Its first request, <code>Mount</code>, is on that socket now. Until the reply comes the client knows almost
          nothing: it assumes the gofer supports <N v={s.supported.length} /> message (Mount itself) and takes messages
          up to <N v={s.maxMessageSize} /> bytes. This sandbox runs Go on <Term id="gomaxprocs">GOMAXPROCS</Term> ={' '}
          <N v={run.config.gomaxprocs} /> threads. Once mounted, the client asks for <Term id="channel">channels</Term>,
          one <code>Channel</code> request each, over the same socket.
        </p>
      </>
    );
  },
  check: {
    prompt: () => <p>How many channels will this client ask for?</p>,
    choices: () => ['1', '2', '3', '4', '8'].map((n) => ({ id: n, label: n })),
    answer: ({ run }: S) => String(run.state.channelTarget),
    why: ({ run }: S) => {
      const g = run.config.gomaxprocs;
      const f = run.final;
      return (
        <>
          GOMAXPROCS clamped to between 2 and 4: {g} gives {run.state.channelTarget}. At least two, so one caller can
          use a channel while the gofer serves another; at most four, since more threads than that rarely talk to one
          gofer at once. Each Channel reply handed over two FDs: a <Term id="memfd" /> holding the channel's shared
          window, and a socket for passing FDs later. Mount's reply listed {f.supported.length} supported messages and a
          maximum of {f.maxMessageSize.toLocaleString('en-US')} bytes; the client was ready at {us(f.readyAt ?? 0)} µs.
        </>
      );
    },
    reveal: ({ run }: S) => run.after('client-ready'),
  },
  fullView: poolFullView(),
};

// ---- 2. One RPC through a channel ----------------------------------------------------------

const firstAppPop = (run: PoolLessonRun) => run.after('channel-acquired') ?? run.length;

/** The position just after the reply to the RPC placed by the event before `p`. */
function replyAfter(run: PoolLessonRun, p: number): number | null {
  const e = run.eventAt(p);
  if (!e) return null;
  return run.after((x) => x.caller === e.caller && (x.kind === 'server-replied' || x.kind === 'channel-died'), 0, p);
}

export const channelRpc: LessonStep<PoolLessonRun> = {
  id: 'channel-rpc',
  title: 'One request through a channel',
  seed: 11,
  build: build('hot-channel'),
  start: firstAppPop,
  range: (run) => [firstAppPop(run) - 1, (replyAfter(run, firstAppPop(run)) ?? run.length) + 1],
  Stage: stageWith(PoolStage)(({ run }) => ({
    parts: ['stack', 'channels'],
    mark: run.eventAt(firstAppPop(run))?.channel ?? null,
    watch: "the outlined channel's state word and its window.",
  })),
  Narration: ({ run }: S) => {
    const e = run.eventAt(firstAppPop(run));
    const ch = run.state.channels[e?.channel ?? 0];
    return (
      <>
        <p>
          A channel is a window of shared memory, <N v={ch.packetWindow.bytes} /> bytes, mapped by both the client and
          the gofer, with a 32-bit <Term id="state-word">state word</Term> at its start saying whose turn it is.
        </p>
        <p>
          Caller <N v={e?.caller ?? 0} /> took channel <N v={ch.id} />, wrote its <code>{midName(e?.mid ?? 0)}</code>{' '}
          request into the window and switched the word from client-active to server-active. Then it woke the gofer with
          a <Term id="futex" /> wake on that word and went to sleep waiting on it. No data crossed a socket: the model
          charges <N v={run.config.channelRttNs} /> ns for this round trip against <N v={run.config.socketRttNs} /> ns
          over the socket (gVisor's benchmark: a lisafs channel round trip, and a 9P one over its socket).
        </p>
      </>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>
        When caller {run.eventAt(firstAppPop(run))?.caller} wakes up with its reply, what will channel{' '}
        {run.eventAt(firstAppPop(run))?.channel}'s state word say?
      </p>
    ),
    choices: () => WORD_CHOICES,
    answer: ({ run }: S) => {
      const p = replyAfter(run, firstAppPop(run));
      const e = run.eventAt(firstAppPop(run));
      return run.peek(p ?? run.length, (s) => s.channels[e?.channel ?? 0].word);
    },
    why: () => (
      <>
        client-active (0): the gofer wrote its reply into the same window and switched the word back, then woke the
        caller. The word is the only thing either side waits on; whoever's turn it is owns the whole window. This is{' '}
        <Term id="flipcall" />.
      </>
    ),
    reveal: ({ run }: S) => replyAfter(run, firstAppPop(run)),
  },
  fullView: poolFullView(),
};

// ---- 3. The LIFO stack ---------------------------------------------------------------------

/** Just before the first pop, after the first release, taken from a stack of three or more. */
function lifoPoint(run: PoolLessonRun): number {
  const ready = run.after('channel-released') ?? 0;
  for (let i = ready; i < run.length; i++) {
    const e = run.events[i];
    const before = run.events[i - 1]?.stack ?? [];
    if (e.kind === 'channel-acquired' && before.length >= 3) return i;
  }
  return firstAppPop(run) - 1;
}

export const lifo: LessonStep<PoolLessonRun> = {
  id: 'lifo',
  title: 'Which channel comes next?',
  seed: 11,
  build: build('hot-channel'),
  start: lifoPoint,
  Stage: stage(PoolStage, { parts: ['callers', 'stack'], watch: 'the top of the stack.' }),
  Narration: ({ run }: S) => {
    const st = run.state.stack ?? [];
    return (
      <p>
        Free channels wait on a stack: a caller takes the one on top, and pushes it back on top when its reply is in.
        Right now <N v={st.length} /> channels are free; from the bottom up they are{' '}
        {st.map((id, i) => (
          <span key={id}>
            {i > 0 ? ', ' : ''}
            <N v={id} /> (used <N v={run.state.channels[id].uses} />
            ×)
          </span>
        ))}
        .
      </p>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>Caller {run.events[lifoPoint(run)]?.caller} is about to send a request. Which channel will it get?</p>
    ),
    choices: ({ run }: S) =>
      (run.events[lifoPoint(run) - 1]?.stack ?? [])
        .slice()
        .reverse()
        .map((id) => ({ id: String(id), label: `channel ${id}` })),
    answer: ({ run }: S) => String(run.events[lifoPoint(run)]?.channel),
    why: ({ run }: S) => {
      const st = run.events[lifoPoint(run) - 1]?.stack ?? [];
      return (
        <>
          Channel {st[st.length - 1]}, the top: the one pushed back last. Never the least used one; a stack has no idea
          of fairness.
        </>
      );
    },
    reveal: ({ run }: S) => lifoPoint(run) + 1,
  },
  fullView: poolFullView(),
};

// ---- 4. Why the top stays hot --------------------------------------------------------------

/** The most channels held at once over the whole run. */
const peakActive = (run: PoolLessonRun) => Math.max(0, ...run.final.occupancy.map((o) => o.active));

export const hot: LessonStep<PoolLessonRun> = {
  id: 'hot',
  title: 'Why the top stays hot',
  seed: 11,
  build: build('hot-channel'),
  start: (run) => run.length,
  Stage: stage(PoolStage, { parts: ['stack', 'channels'], watch: "each channel's use count." }),
  Narration: ({ run }: S) => {
    const apps = run.state.callers.filter((c) => c.role === 'app');
    return (
      <p>
        This run is light: <N v={apps.length} /> callers, each thinking about <N v={us(run.config.thinkMeanNs)} /> µs
        between requests, on <N v={run.state.channelTarget} /> channels. Together they sent{' '}
        <N v={run.count('channel-acquired')} /> requests through channels.
      </p>
    );
  },
  check: {
    prompt: () => <p>How many of the channels carried at least one request?</p>,
    choices: ({ run }: S) =>
      Array.from({ length: run.state.channelTarget }, (_, i) => ({ id: String(i + 1), label: String(i + 1) })),
    answer: ({ run }: S) => String(run.final.channels.filter((c) => c.uses > 0).length),
    why: ({ run }: S) => {
      const used = run.final.channels.filter((c) => c.uses > 0);
      return (
        <>
          {used.length}: {used.map((c) => `channel ${c.id} ${c.uses}×`).join(', ')}. At most {peakActive(run)} were held
          at once, and a released channel goes back on top, so the same few are taken again while the rest stay at the
          bottom. That is the point: the window a caller just used is still in the CPU's caches, while a queue would
          rotate through every channel's {run.final.channels[0]?.packetWindow.bytes.toLocaleString('en-US')} bytes in
          turn.
        </>
      );
    },
  },
  fullView: poolFullView(),
};
