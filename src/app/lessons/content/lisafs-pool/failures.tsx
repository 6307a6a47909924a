/**
 * lisafs pool, steps 5–7 and the practice: no free channel (the socket), a channel that dies,
 * and the gofer hanging up.
 */
import { midName } from '../../../../model/lisafs/index';
import type { PoolLessonRun, Placement } from '../../lisafs/pool-run';
import { PoolStage } from '../../lisafs/PoolStage';
import { Term } from '../../Term';
import type { Choice, LessonStep } from '../../types';
import { N } from '../../words';
import { stage, stageWith } from '../../stage';
import { build, poolFullView, type S, us } from './shared';

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

export const socket: LessonStep<PoolLessonRun> = {
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

export const dying: LessonStep<PoolLessonRun> = {
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

export const watchdog: LessonStep<PoolLessonRun> = {
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

export const practice: LessonStep<PoolLessonRun> = {
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
