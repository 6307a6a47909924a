/**
 * Gofer walks, steps 5–7 and the practice: what the QID decides, what a trusted cache misses,
 * and lisafs's host FD.
 */
import type { DesignId, InteropMode } from '../../../../model/gofer/index';
import { WalkRun } from '../../gofer/walk-run';
import { WalkStage } from '../../gofer/WalkStage';
import { Term } from '../../Term';
import type { LessonStep } from '../../types';
import { N } from '../../words';
import { stage } from '../../stage';
import { countCheck, DESIGN_NAME, designKnob, modeKnob, run, type S, walkFullView } from './shared';

// ---- 5. What the QID decides ---------------------------------------------------------------

/** Just before the walk whose reply shows a different file. */
function qidPoint(r: WalkRun): number {
  const k = r.events.findIndex((e) => e.item === 2 && e.touched?.some((t) => t.change === 'dropped'));
  return k < 0 ? r.itemStart(2) : k;
}

export const qid: LessonStep<WalkRun> = {
  id: 'qid',
  title: 'Same file, or a new one?',
  seed: 1,
  build: () => run('seed-revalidation', 'vfs2-9p', 'shared'),
  start: qidPoint,
  range: (r) => [r.beforeItem(2), r.itemEnd(2)],
  Stage: stage(WalkStage, { watch: 'the row for baz.' }),
  Narration: ({ run: r }: S) => {
    // Read before the operation: the model applies a walk's effect on the cache when it starts.
    const d = r.peek(r.beforeItem(2), (st) => ({ ...st.run.cache.dentries['/foo/bar/baz'] }));
    const h = r.peek(r.beforeItem(2), (st) => ({ ...st.run.remote.nodes['/foo/bar/baz'] }));
    return (
      <p>
        <code>foo</code> and <code>bar</code> came back with the QIDs the client had, so it clunked the new fids and
        kept its dentries. Next it walks <code>baz</code>: the reply will carry inode <N v={h?.ino ?? 0} />, and the
        cached dentry, holding fid <N v={d?.fid ?? 0} />, says <N v={d?.attrs?.ino ?? 0} />.
      </p>
    );
  },
  check: {
    prompt: () => <p>What does the client do with the reply for baz?</p>,
    choices: () => [
      { id: 'refreshed', label: 'Keeps its dentry and clunks the new fid' },
      { id: 'dropped', label: 'Drops its dentry and keeps the new fid' },
    ],
    answer: ({ run: r }: S) =>
      r.events[qidPoint(r)]?.touched?.some((t) => t.change === 'dropped') ? 'dropped' : 'refreshed',
    why: () => (
      <>
        A different QID means a different file: the old dentry describes something that no longer exists at that name,
        so it is dropped, and the fid the walk just made becomes the new dentry's. No Tclunk this time. The old dentry's
        fid is released later, when the dentry is destroyed.
      </>
    ),
    reveal: ({ run: r }: S) => qidPoint(r) + 1,
  },
  fullView: walkFullView(),
};

// ---- 6. What a trusted cache misses --------------------------------------------------------

export const missed: LessonStep<WalkRun> = {
  id: 'host-write',
  title: 'A write on the host',
  seed: 1,
  knob: modeKnob('exclusive'),
  build: (_seed, knob) => run('remote-write-seen', 'vfs2-9p', (knob ?? 'exclusive') as InteropMode),
  start: (r) => r.beforeItem(3),
  range: (r) => [r.beforeItem(2), r.itemEnd(3)],
  Stage: stage(WalkStage, { watch: "baz's size in the cache and on the host." }),
  Narration: ({ run: r }: S) => {
    const d = r.state.run.cache.dentries['/foo/bar/baz'];
    const h = r.state.run.remote.nodes['/foo/bar/baz'];
    return (
      <p>
        The sandbox stat'ed and read <code>baz</code>; then a process on the host rewrote it. The host now says{' '}
        <N v={h?.size ?? 0} /> bytes, the client's cache <N v={d?.attrs?.size ?? 0} />. The mount is in{' '}
        <b>{r.spec.mode}</b> mode, and the sandbox stats the file again.
      </p>
    );
  },
  check: {
    prompt: () => <p>What size does the program see?</p>,
    choices: ({ run: r }: S) => {
      const d = r.peek(r.beforeItem(3), (st) => st.run.cache.dentries['/foo/bar/baz']?.attrs?.size ?? 0);
      const h = r.peek(r.beforeItem(3), (st) => st.run.remote.nodes['/foo/bar/baz']?.size ?? 0);
      return [
        { id: String(d), label: `${d} bytes (the cache)` },
        { id: String(h), label: `${h} bytes (the host)` },
      ];
    },
    answer: ({ run: r }: S) => String(r.outcomeOf(3)?.size ?? ''),
    why: ({ run: r }: S) => (
      <>
        {r.outcomeOf(3)?.size} bytes, after {r.rpcCount(3)} RPCs.{' '}
        {r.outcomeOf(3)?.divergence === 'stale'
          ? 'The cache was trusted, so the program sees a file the host no longer has: the promise of Exclusive and Writethrough is that this cannot happen, and here it was broken behind their back.'
          : 'Shared mode revalidated the path and saw the new size.'}
      </>
    ),
    reveal: ({ run: r }: S) => r.lastRpc(3),
  },
  fullView: walkFullView(),
};

// ---- 7. lisafs: a host FD, then no RPCs ----------------------------------------------------

export const hostFd: LessonStep<WalkRun> = {
  id: 'host-fd',
  title: 'lisafs: reads without round trips',
  seed: 1,
  knob: designKnob(['vfs2-9p', 'lisafs'], 'lisafs'),
  build: (_seed, knob) => run('lisafs-host-fd', (knob ?? 'lisafs') as DesignId, 'shared'),
  start: (r) => r.beforeItem(1),
  range: (r) => [0, r.length],
  Stage: stage(WalkStage),
  Narration: ({ run: r }: S) => {
    const d = r.state.run.cache.dentries['/foo/bar/baz'];
    return (
      <p>
        The program opened <code>baz</code> with <N v={r.rpcCount(0)} /> RPCs; the client is{' '}
        <b>{DESIGN_NAME[r.spec.design]}</b>. Under <Term id="lisafs" />, the gofer's reply to <code>OpenAt</code> can
        carry the host's own file descriptor for the file; here the client {d?.hostFd ? 'got one' : 'has none'}. Now the
        program reads <N v={(r.script[1] as { bytes?: number }).bytes ?? 0} /> bytes.
      </p>
    );
  },
  check: countCheck(
    () => 1,
    [0, 1, 2],
    ({ run: r }: S) => (
      <>
        {r.rpcCount(1)}.{' '}
        {r.rpcCount(1) === 0
          ? 'With the host FD, a read is an ordinary system call on it; the gofer is not involved at all.'
          : 'Without a host FD, every read and write goes to the gofer (Tread, Twrite), and Shared mode bypasses the page cache.'}
      </>
    ),
  ),
  fullView: walkFullView(),
};

// ---- 8. Practice ---------------------------------------------------------------------------

const PRACTICE_CLIENTS: [DesignId, InteropMode][] = [
  ['vfs2-9p', 'exclusive'],
  ['vfs2-9p', 'shared'],
  ['lisafs', 'exclusive'],
  ['lisafs', 'shared'],
];

/** An operation late enough in the script that the cache has something in it. */
function practiceItem(r: WalkRun): number {
  const ops = r.opItems().filter((i) => i >= 2);
  return ops.length ? ops[(r.spec.source as { random: number }).random % ops.length] : (r.opItems()[0] ?? 0);
}

export const practice: LessonStep<WalkRun> = {
  id: 'practice',
  title: 'Practice: from the cache, or from the gofer?',
  seed: 4,
  practice: true,
  build: (seed) => {
    const [design, mode] = PRACTICE_CLIENTS[seed % PRACTICE_CLIENTS.length];
    return new WalkRun({ design, mode, source: { random: seed, length: 8 } });
  },
  start: (r) => r.beforeItem(practiceItem(r)),
  Stage: stage(WalkStage),
  Narration: ({ run: r }: S) => {
    const i = practiceItem(r);
    const changes = r.script.slice(0, i).filter((s) => s.type === 'remote').length;
    return (
      <p>
        {DESIGN_NAME[r.spec.design]}, <b>{r.spec.mode}</b> mode. Operation <N v={i + 1} /> of the script is next; before
        it, the host changed files <N v={changes} /> times, and the cache holds{' '}
        <N v={Object.keys(r.state.run.cache.dentries).length} /> dentries.
      </p>
    );
  },
  check: {
    prompt: ({ run: r }: S) => {
      const it = r.script[practiceItem(r)];
      return (
        <p>Will {it.type === 'op' ? `${it.op}("${it.path}")` : 'it'} need at least one round trip to the gofer?</p>
      );
    },
    choices: () => [
      { id: 'yes', label: 'Yes' },
      { id: 'no', label: 'No, the client answers alone' },
    ],
    answer: ({ run: r }: S) => (r.rpcCount(practiceItem(r)) > 0 ? 'yes' : 'no'),
    why: ({ run: r }: S) => {
      const i = practiceItem(r);
      const names = r.events.filter((e) => e.item === i && e.kind === 'rpc').map((e) => e.rpc?.name);
      return names.length ? (
        <>
          {names.length}: {names.join(', ')}.
        </>
      ) : (
        <>None: everything it needed was cached (or held as a host FD) and the mode lets the client trust it.</>
      );
    },
    reveal: ({ run: r }: S) => r.lastRpc(practiceItem(r)),
  },
  fullView: walkFullView(),
};
