/**
 * Lesson: the lisafs channel pool. How gVisor's lisafs client talks to its gofer: Mount over the
 * socket, channels made with Channel RPCs, one RPC through a channel's shared window and state
 * word, the LIFO stack and the hot channel it produces, the socket fallback under sockMu,
 * channels that die and are never replaced, and the watchdog's teardown when the gofer hangs up.
 * Every number is read from the run on screen.
 */
import { HANDOFF_VALUE, type HandoffWord, midName } from '../../../model/lisafs/index';
import { encodePoolUrl } from '../../lisafs/spec';
import { PoolLessonRun, type Placement } from '../lisafs/pool-run';
import { PoolStage } from '../lisafs/PoolStage';
import { Term } from '../Term';
import type { Choice, Knob, LessonStep, StepState } from '../types';
import { N } from '../words';
import { stage, stageWith } from '../stage';

type S = StepState<PoolLessonRun>;

const us = (ns: number) => (ns / 1000).toFixed(1);

const build =
  (scenario: string) =>
  (seed: number, knob: string | null = null) =>
    new PoolLessonRun({ scenario, seed, overrides: knob ? { gomaxprocs: Number(knob) } : {} });

/** The same run in /lisafs: scenario, seed, and the channel count this run ended up with. */
function poolFullView() {
  return ({ run, position }: S) => ({
    href: `/lisafs${encodePoolUrl({ scenario: run.spec.scenario, seed: run.spec.seed, channels: run.state.channelTarget }, position)}`,
    label: 'Open this run in the lisafs view',
  });
}

const WORD_CHOICES: Choice[] = (['client-active', 'server-active', 'shutdown'] as HandoffWord[]).map((w) => ({
  id: w,
  label: `${w} (${HANDOFF_VALUE[w]})`,
}));

// ---- 1. Mount, then channels ---------------------------------------------------------------

const gomaxprocs: Knob = {
  id: 'gomaxprocs',
  label: 'GOMAXPROCS',
  help: 'How many OS threads the sandbox runs Go code on; the client sizes its pool from it.',
  options: ['1', '2', '4', '8'].map((v) => ({ value: v, label: v })),
  initial: '8',
};

/** Just after Mount went out: the reply (and the channel count it leads to) is still to come. */
const mountSent = (run: PoolLessonRun) => run.after('socket-acquired') ?? 0;

const setup: LessonStep<PoolLessonRun> = {
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

const channelRpc: LessonStep<PoolLessonRun> = {
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

const lifo: LessonStep<PoolLessonRun> = {
  id: 'lifo',
  title: 'Which channel comes next?',
  seed: 11,
  build: build('hot-channel'),
  start: lifoPoint,
  Stage: stage(PoolStage, { parts: ['callers', 'stack'], watch: 'the top of the stack.' }),
  Narration: ({ run }: S) => {
    const st = run.state.stack ?? [];
    return (
      <>
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
      </>
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

const hot: LessonStep<PoolLessonRun> = {
  id: 'hot',
  title: 'Why the top stays hot',
  seed: 11,
  build: build('hot-channel'),
  start: (run) => run.length,
  Stage: stage(PoolStage, { parts: ['stack', 'channels'], watch: "each channel's use count." }),
  Narration: ({ run }: S) => {
    const apps = run.state.callers.filter((c) => c.role === 'app');
    return (
      <>
        <p>
          This run is light: <N v={apps.length} /> callers, each thinking about <N v={us(run.config.thinkMeanNs)} /> µs
          between requests, on <N v={run.state.channelTarget} /> channels. Together they sent{' '}
          <N v={run.count('channel-acquired')} /> requests through channels.
        </p>
      </>
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

// ---- 5. No free channel: the socket ---------------------------------------------------------

const PLACE_CHOICES: Choice[] = [
  { id: 'channel', label: 'It waits until a channel is pushed back' },
  { id: 'socket', label: 'It sends over the socket at once' },
  { id: 'wait', label: 'It queues for the socket mutex' },
];
const PLACE_WHY: Record<Placement, string> = {
  channel: 'a channel was free, so it took the top one.',
  socket: 'no channel was free and nobody held the socket mutex, so it took the socket.',
  wait: 'no channel was free and another caller held the socket mutex, so it queued behind it.',
  rejected: 'the client refused it before choosing a path.',
};

/** Just before the first application request that finds no free channel. */
function firstFallback(run: PoolLessonRun): number {
  const d = run.decisions().find((i) => run.placementOf(i) !== 'channel');
  return d ?? run.length;
}

function placementPrompt(run: PoolLessonRun, at: number) {
  const e = run.events[at];
  return (
    <p>
      Caller {e?.caller} is about to send {midName(e?.mid ?? 0)}. Where does it go?
    </p>
  );
}

const socket: LessonStep<PoolLessonRun> = {
  id: 'socket',
  title: 'No free channel: the socket',
  seed: 7,
  build: build('oversubscribed'),
  start: firstFallback,
  Stage: stage(PoolStage, { parts: ['callers', 'stack', 'socket'], watch: "the empty stack and the socket's mutex." }),
  Narration: ({ run }: S) => {
    const s = run.state;
    const apps = s.callers.filter((c) => c.role === 'app');
    return (
      <p>
        Now <N v={apps.length} /> busy callers share <N v={s.channelTarget} /> channels, and the stack is empty:{' '}
        <N v={s.activeCount} /> channels are held. The client never waits for a channel. Its fallback is the socket it
        mounted with, which carries one request at a time, guarded by a mutex, <Term id="sockmu" />, that is held by{' '}
        {s.socket.holder === null ? 'no one' : <>caller {<N v={s.socket.holder} />}</>}.
      </p>
    );
  },
  check: {
    prompt: ({ run }: S) => placementPrompt(run, firstFallback(run)),
    choices: () => PLACE_CHOICES,
    answer: ({ run }: S) => run.placementOf(firstFallback(run)) ?? 'channel',
    why: ({ run }: S) => {
      const ch = run.latency('channel');
      const so = run.latency('socket');
      return (
        <>
          {PLACE_WHY[run.placementOf(firstFallback(run)) ?? 'channel']} Over the whole run the socket carried {so.count}{' '}
          requests with a median of {us(so.p50Ns)} µs, the {ch.count} channel requests {us(ch.p50Ns)} µs: the socket
          path pays two system calls each way, copies through the kernel, and the wait in line.
        </>
      );
    },
    reveal: ({ run }: S) => firstFallback(run) + 1,
  },
  fullView: poolFullView(),
};

// ---- 6. A channel that dies ----------------------------------------------------------------

const firstDeath = (run: PoolLessonRun) => run.after('channel-died') ?? run.length;

const dying: LessonStep<PoolLessonRun> = {
  id: 'dead-channel',
  title: 'A dead channel stays dead',
  seed: 5,
  build: build('dying-channels'),
  start: firstDeath,
  Stage: stageWith(PoolStage)(({ run }) => ({
    parts: ['stack', 'socket', 'channels'],
    mark: run.eventAt(firstDeath(run))?.channel ?? null,
    watch: 'the dead channel, and how busy the socket gets.',
  })),
  Narration: ({ run }: S) => {
    const e = run.eventAt(firstDeath(run));
    return (
      <p>
        In this run every channel request has a <N v={run.config.channelDeathProb * 100} />% chance of a transport
        error. One just hit channel <N v={e?.channel ?? 0} />: caller <N v={e?.caller ?? 0} /> gets <code>EIO</code>,
        and the channel is marked dead. It is not pushed back on the stack, and nothing creates a new one.
      </p>
    );
  },
  check: {
    prompt: ({ run }: S) => (
      <p>How many of the {run.state.channelTarget} channels will still work when the run ends?</p>
    ),
    choices: ({ run }: S) =>
      Array.from({ length: run.state.channelTarget + 1 }, (_, i) => ({ id: String(i), label: String(i) })),
    answer: ({ run }: S) => String(run.aliveAtEnd()),
    why: ({ run }: S) => {
      const f = run.final;
      return (
        <>
          {run.aliveAtEnd()}: {run.count('channel-died')} died along the way, and the pool only ever shrinks. Each death
          pushes more traffic onto the one socket: by the end it carried {f.socket.uses} requests against{' '}
          {run.count('channel-acquired')} on channels.
        </>
      );
    },
    reveal: ({ run }: S) => run.length,
  },
  fullView: poolFullView(),
};

// ---- 7. The gofer hangs up -----------------------------------------------------------------

const hangupAt = (run: PoolLessonRun) => run.after('hangup') ?? run.length;

/** A caller that holds a channel when the gofer hangs up, and what happens to it next. */
function victim(run: PoolLessonRun): { caller: number; channel: number; fate: 'reply' | 'eio' } | null {
  const p = hangupAt(run);
  // Copied out inside peek: the state's objects change when the run seeks back.
  const ch = run.peek(p, (s) => {
    const c = s.channels.find((x) => x.holder !== null);
    return c ? { id: c.id, holder: c.holder } : null;
  });
  if (!ch || ch.holder === null) return null;
  const holder = ch.holder;
  const next = run.events.slice(p).find((e) => e.caller === holder);
  return { caller: holder, channel: ch.id, fate: next?.kind === 'channel-died' ? 'eio' : 'reply' };
}

const watchdog: LessonStep<PoolLessonRun> = {
  id: 'watchdog',
  title: 'The gofer hangs up',
  seed: 9,
  build: build('gofer-hangup'),
  start: hangupAt,
  Stage: stage(PoolStage, {
    parts: ['stack', 'socket', 'watchdog', 'channels'],
    watch: "the watchdog, the stack and every channel's state word.",
  }),
  Narration: ({ run }: S) => {
    const s = run.state;
    return (
      <p>
        At <N v={us(run.eventAt(hangupAt(run))?.time ?? 0)} /> µs the gofer closed its end of the socket. A{' '}
        <Term id="watchdog" /> thread has been waiting for exactly that: it sleeps in <code>ppoll</code> on the socket
        for a hang-up. At this moment <N v={s.activeCount} /> channels are held by callers and{' '}
        <N v={s.stack?.length ?? 0} /> sit free on the stack.
      </p>
    );
  },
  check: {
    prompt: ({ run }: S) => {
      const v = victim(run);
      return v ? (
        <p>
          Caller {v.caller} is waiting for a reply on channel {v.channel}. What happens to it?
        </p>
      ) : (
        <p>Nobody holds a channel. What happens to the next caller?</p>
      );
    },
    choices: () => [
      { id: 'reply', label: 'It still gets its reply' },
      { id: 'eio', label: 'It wakes up with EIO' },
      { id: 'hang', label: 'It sleeps forever' },
    ],
    answer: ({ run }: S) => victim(run)?.fate ?? 'eio',
    why: ({ run }: S) => {
      const f = run.final;
      return (
        <>
          The watchdog sets every held channel's state word to shutdown (2) and wakes its waiter, which sees the word
          and returns EIO; it throws the stack away so nothing is taken or returned again; it waits for the last holder
          to let go, then destroys all {f.channels.length} channels and the socket. Afterwards the client holds{' '}
          {f.fds.socket + f.fds.channelFdSockets + f.fds.mappedWindows} transport FDs and mappings, and{' '}
          {run.count('socket-failed')} later requests failed on the dead socket.
        </>
      );
    },
    reveal: ({ run }: S) => run.after('watchdog-destroy'),
  },
  fullView: poolFullView(),
};

// ---- 8. Practice ---------------------------------------------------------------------------

/** A placement chosen by the seed among the run's decisions, spread over the three outcomes. */
function practicePoint(run: PoolLessonRun): number {
  const d = run.decisions();
  if (d.length === 0) return run.length;
  const kinds: Placement[] = ['channel', 'socket', 'wait'];
  const want = kinds[run.spec.seed % 3];
  const pick = d.filter((i) => run.placementOf(i) === want);
  const from = pick.length ? pick : d;
  return from[(run.spec.seed * 7919) % from.length];
}

const practice: LessonStep<PoolLessonRun> = {
  id: 'practice',
  title: 'Practice: channel, socket or queue?',
  seed: 2,
  practice: true,
  build: build('oversubscribed'),
  start: practicePoint,
  Stage: stage(PoolStage, { parts: ['callers', 'stack', 'socket'] }),
  Narration: ({ run }: S) => {
    const s = run.state;
    const st = s.stack ?? [];
    return (
      <p>
        <N v={s.callers.filter((c) => c.role === 'app').length} /> callers, <N v={s.channelTarget} /> channels.{' '}
        <N v={st.length} /> channels are free; the socket mutex is{' '}
        {s.socket.holder === null ? (
          'free'
        ) : (
          <>
            held by caller <N v={s.socket.holder} />, with <N v={s.socket.queue.length} /> in line
          </>
        )}
        .
      </p>
    );
  },
  check: {
    prompt: ({ run }: S) => placementPrompt(run, practicePoint(run)),
    choices: () => PLACE_CHOICES,
    answer: ({ run }: S) => run.placementOf(practicePoint(run)) ?? 'channel',
    why: ({ run }: S) => <>{PLACE_WHY[run.placementOf(practicePoint(run)) ?? 'channel']}</>,
    reveal: ({ run }: S) => practicePoint(run) + 1,
  },
  fullView: poolFullView(),
};

export const steps = [setup, channelRpc, lifo, hot, socket, dying, watchdog, practice];
