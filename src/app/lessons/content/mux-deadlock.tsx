/**
 * Lesson: the multiplexed channel that deadlocks. The four peers of the virtproxy review, the
 * dependency a synchronous demultiplexer creates between independent conversations, the wait
 * cycle as it forms, and the two fixes (a port per stream; per-stream credit) on the same seed.
 * Every number is read from the run on screen.
 */
import { PACKET_DATA, PACKET_SIZE, type MuxMode } from '../../../model/virtproxy';
import { vpSearch } from '../../virtproxy/spec';
import type { Knob, LessonStep, StepState } from '../types';
import { VpRun } from '../virtproxy/vp-run';
import { VpStage } from '../virtproxy/VpStage';
import { N } from '../words';
import { stage } from '../stage';

type S = StepState<VpRun>;

const SCENARIO: Record<MuxMode, string> = {
  shared: 'review-deadlock',
  ports: 'review-ports',
  credit: 'review-credit',
};

const review = (seed: number, mode: MuxMode) => new VpRun({ seed, mode, maryBytes: 4096 });

/** The review's scenarios in /virtproxy are exactly these runs (Mary's 4096 bytes). */
function vpFullView() {
  return ({ run, position }: S) =>
    run.spec.maryBytes === 4096
      ? {
          href: `/virtproxy${vpSearch({ spec: { scenario: SCENARIO[run.spec.mode], seed: run.spec.seed, mode: run.spec.mode, overrides: {} }, step: position })}`,
          label: 'Open this run in the multiplexing view',
        }
      : { href: '/virtproxy', label: 'Open the multiplexing view' };
}

const firstBlock = (run: VpRun) => run.after((e) => !!e.blocked && e.kind === 'demux-packet');

const deadlockChoices = () => [
  { id: 'deadlock', label: 'Yes: it deadlocks' },
  { id: 'complete', label: 'No: every script finishes' },
];

const peers: LessonStep<VpRun> = {
  id: 'four-peers',
  title: 'Four peers, one channel',
  seed: 1,
  build: (seed) => review(seed, 'shared'),
  start: () => 0,
  range: (run) => [0, firstBlock(run) ?? run.length],
  Stage: stage(VpStage, {
    parts: ['streams'],
    watch: "Joe's receive buffer (rx) filling, and the guest demultiplexer.",
  }),
  Narration: ({ run }: S) => {
    const c = run.model.config;
    return (
      <>
        <p>
          On the host, Alice talks to Bob and Mary to Joe, who live in the guest. Both conversations travel through one
          proxy over <b>one channel</b>: a <b>multiplexer</b> cuts each connection's data into packets of{' '}
          <N v={PACKET_SIZE} /> bytes (<N v={PACKET_DATA} /> of payload), and on the other side one <b>demultiplexer</b>{' '}
          reads them and writes each payload into its process's socket.
        </p>
        <p>
          Every socket buffer holds <N v={c.sockBufBytes} /> bytes; the channel holds{' '}
          <N v={c.laneBytes / PACKET_SIZE} /> packets. Mary uploads <N v={run.spec.maryBytes} /> bytes to Joe, but Joe
          reads nothing until Bob tells him to, and Bob waits for Alice's request.
        </p>
      </>
    );
  },
  check: {
    prompt: () => (
      <p>
        Joe's socket fills up. The next packet in the channel is for Joe. What does the demultiplexer, which writes
        synchronously, do?
      </p>
    ),
    choices: () => [
      { id: 'blocks', label: 'It blocks writing into Joe’s socket' },
      { id: 'skips', label: 'It skips to the next packet' },
      { id: 'drops', label: 'It drops the packet' },
    ],
    answer: ({ run }: S) => (firstBlock(run) !== null ? 'blocks' : 'skips'),
    why: ({ run }: S) => {
      const at = firstBlock(run);
      return <>{at !== null ? run.events[at - 1].text : 'In this run it never had to.'}</>;
    },
    reveal: ({ run }: S) => firstBlock(run),
  },
  fullView: vpFullView(),
};

const cycle: LessonStep<VpRun> = {
  id: 'cycle',
  title: 'The wait cycle forms',
  seed: 1,
  build: (seed) => review(seed, 'shared'),
  start: (run) => firstBlock(run) ?? 0,
  range: (run) => [firstBlock(run) ?? 0, run.length],
  Stage: stage(VpStage, {
    parts: ['graph', 'streams'],
    watch:
      'the arrows of the wait-for graph: each blocked agent points at the one it waits for; red arrows close a circle.',
  }),
  Narration: ({ run }: S) => {
    const g = run.graph();
    return (
      <>
        <p>
          While the demultiplexer is stuck on Joe's socket, it reads nothing else: Alice's packets wait behind Mary's.
          Conversations that had nothing to do with each other now depend on each other through the shared reader.
        </p>
        <p>
          Right now <N v={g.edges.length} /> agents wait for another
          {g.cycle ? (
            <>
              , and <N v={g.cycle.length} /> of them wait around a circle: a <b>deadlock</b>.
            </>
          ) : (
            '; no circle yet.'
          )}
        </p>
      </>
    );
  },
  check: {
    prompt: () => <p>Alice sends her small request now. Does this run deadlock?</p>,
    choices: deadlockChoices,
    answer: ({ run }: S) => run.final.outcome,
    why: ({ run }: S) => (
      <>
        {run.final.cycle
          ? `The cycle: ${run.final.cycle.join(' → ')} → back to ${run.final.cycle[0]}.`
          : 'Every script finished.'}
      </>
    ),
    reveal: ({ run }: S) => run.length,
  },
  fullView: vpFullView(),
};

const fixKnob: Knob = {
  id: 'mode',
  label: 'Multiplexer',
  help: 'The review’s shared channel, or one of its two fixes.',
  options: [
    { value: 'shared', label: 'Shared channel' },
    { value: 'ports', label: 'Port per stream' },
    { value: 'credit', label: 'Per-stream credit' },
  ],
  initial: 'ports',
};

const asMode = (k: string | null): MuxMode => (k === 'shared' || k === 'credit' ? k : 'ports');

const fixes: LessonStep<VpRun> = {
  id: 'fixes',
  title: 'Two fixes, same seed',
  seed: 1,
  knob: fixKnob,
  build: (seed, knob) => review(seed, asMode(knob)),
  start: () => 0,
  Stage: stage(VpStage, {
    parts: ['streams', 'graph'],
    watch: "whether Alice's request still waits behind Mary's data.",
  }),
  Narration: ({ run }: S) => (
    <>
      <p>
        Fix one, a <b>port per stream</b> (as virtio-serial gives): each connection has its own queue and reader, so a
        full socket stops only its own stream. Fix two, <b>per-stream credit</b> (as virtio-vsock does): a sender may
        only send what the receiver has room for, so the shared reader never blocks.
      </p>
      <p>
        This run, same seed <N v={run.spec.seed} />: <N v={run.final.outcome} /> at <N v={run.final.timeNs} unit="ns" />
        , <N v={run.final.dataPackets} /> data packets and <N v={run.final.controlPackets} /> credit packets.
      </p>
    </>
  ),
  check: {
    prompt: ({ run }: S) => (
      <p>With the {fixKnob.options.find((o) => o.value === run.spec.mode)?.label.toLowerCase()}, does it deadlock?</p>
    ),
    choices: deadlockChoices,
    answer: ({ run }: S) => run.final.outcome,
    why: ({ run }: S) => (
      <>
        {run.final.outcome === 'deadlock'
          ? `It deadlocks: ${run.final.cycle?.join(' → ')}.`
          : `Every script finishes at ${run.final.timeNs} ns: Joe's full socket no longer holds up Alice's request.`}
      </>
    ),
    reveal: ({ run }: S) => run.length,
  },
  fullView: vpFullView(),
};

const practice: LessonStep<VpRun> = {
  id: 'practice',
  title: 'Practice: does it deadlock?',
  seed: 3,
  practice: true,
  build: (seed) => new VpRun({ seed, mode: 'shared', maryBytes: 16 + (((seed * 2654435761) >>> 0) % 1200) }),
  start: () => 0,
  Stage: stage(VpStage, { parts: ['streams'], watch: "Mary's upload against the room on the way." }),
  Narration: ({ run }: S) => {
    const c = run.model.config;
    return (
      <p>
        The same four peers on the shared channel, but Mary uploads <N v={run.spec.maryBytes} /> bytes. Joe's socket
        holds <N v={c.sockBufBytes} /> bytes, the channel <N v={c.laneBytes / PACKET_SIZE} /> packets of{' '}
        <N v={PACKET_DATA} /> payload bytes, and Mary's own socket <N v={c.sockBufBytes} /> more.
      </p>
    );
  },
  check: {
    prompt: () => <p>Does this run deadlock?</p>,
    choices: deadlockChoices,
    answer: ({ run }: S) => run.final.outcome,
    why: ({ run }: S) => (
      <>
        {run.final.outcome === 'deadlock'
          ? `Mary's upload does not fit in the buffers on the way, so the demultiplexer blocks on Joe and the cycle closes: ${run.final.cycle?.join(' → ')}.`
          : 'Mary’s upload fits in the buffers on the way, so Alice’s request gets through and every script finishes.'}
      </>
    ),
    reveal: ({ run }: S) => run.length,
  },
  fullView: vpFullView(),
};

export const steps = [peers, cycle, fixes, practice];
