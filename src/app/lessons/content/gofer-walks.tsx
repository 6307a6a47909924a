/**
 * Lesson: gofer path walks. What one stat costs in round trips to the gofer: cold, warm under
 * the Shared interop mode (revalidation), warm when the cache is trusted, the seed's case of a
 * replaced file under VFS1, VFS2 over 9P and lisafs, what the QID decides, what a trusted cache
 * misses, and lisafs's donated host FD. Every number is read from the run on screen.
 */
import type { ReactNode } from 'react';
import type { DesignId, InteropMode } from '../../../model/gofer/index';
import { encodeGoferUrl } from '../../gofer/spec';
import { WalkRun } from '../gofer/walk-run';
import { WalkStage } from '../gofer/WalkStage';
import { Term } from '../Term';
import type { Choice, Knob, LessonStep, StepState } from '../types';
import { N } from '../words';
import { stage } from '../stage';

type S = StepState<WalkRun>;

const DESIGN_NAME: Record<DesignId, string> = {
  vfs1: 'VFS1 over 9P',
  'vfs2-9p': 'VFS2 over 9P',
  lisafs: 'VFS2 over lisafs',
};

const run = (scenario: string, design: DesignId, mode: InteropMode) =>
  new WalkRun({ design, mode, source: { scenario } });

function walkFullView() {
  return ({ run: r }: S) =>
    'scenario' in r.spec.source
      ? {
          href: `/gofer${encodeGoferUrl({ scenario: r.spec.source.scenario, mode: r.spec.mode, focus: r.spec.design }, 0)}`,
          label: 'Open this scenario in the path-walk view',
        }
      : { href: '/gofer', label: 'Open the path-walk view' };
}

const counts = (...n: number[]): Choice[] => n.map((x) => ({ id: String(x), label: String(x) }));

/** A count question about item `i`: the right count is among the choices whatever the knob. */
function countCheck(i: (r: WalkRun) => number, offered: number[], why: (s: S) => ReactNode) {
  return {
    prompt: ({ run: r }: S) => {
      const it = r.script[i(r)];
      return (
        <p>How many round trips to the gofer will {it.type === 'op' ? `${it.op}("${it.path}")` : 'this'} take here?</p>
      );
    },
    choices: ({ run: r }: S) => counts(...[...new Set([...offered, r.rpcCount(i(r))])].sort((a, b) => a - b)),
    answer: ({ run: r }: S) => String(r.rpcCount(i(r))),
    why,
    reveal: ({ run: r }: S) => r.lastRpc(i(r)),
  };
}

const modeKnob = (initial: InteropMode): Knob => ({
  id: 'mode',
  label: 'Interop mode',
  help: 'How far the client may trust its cache: Exclusive (the sandbox owns the files), Writethrough, Shared.',
  options: [
    { value: 'exclusive', label: 'Exclusive' },
    { value: 'writethrough', label: 'Writethrough' },
    { value: 'shared', label: 'Shared' },
  ],
  initial,
});

const components = (path: string) => path.split('/').filter(Boolean).length;

// ---- 1. A cold stat ------------------------------------------------------------------------

const cold: LessonStep<WalkRun> = {
  id: 'cold',
  title: 'A stat on a cold cache',
  seed: 1,
  build: () => run('cold-then-warm', 'vfs2-9p', 'shared'),
  start: (r) => r.beforeItem(0),
  range: (r) => [0, r.itemEnd(0)],
  Stage: stage(WalkStage, { watch: 'the arrows to the gofer, and the cache filling in.' }),
  Narration: ({ run: r }: S) => {
    const it = r.script[0];
    const path = it.type === 'op' ? it.path : '/';
    return (
      <>
        <p>
          A sandboxed program calls <code>stat("{path}")</code>. The sandbox's kernel cannot look at the host's disk: it
          has to ask the <Term id="gofer" />, one round trip at a time. The path has <N v={components(path)} />{' '}
          components, and this client has just mounted, so its cache of names (<Term id="dentry">dentries</Term>) holds{' '}
          <N v={Object.keys(r.state.run.cache.dentries).length} />: the root.
        </p>
        <p>
          The client here is gVisor's VFS2 speaking 9P. Each name it looks up gets a <Term id="fid" />, a number both
          sides use for that file from then on.
        </p>
      </>
    );
  },
  check: countCheck(
    () => 0,
    [1, 3, 4, 6, 7],
    ({ run: r }: S) => (
      <>
        {r.rpcCount(0)}: one <code>Tgetattr</code> on the root, then one <code>Twalkgetattr</code> per component, which
        looks the name up and returns its attributes in the same round trip. 9P on its own would need a walk and a
        getattr for each.
      </>
    ),
  ),
  fullView: walkFullView(),
};

// ---- 2. Warm, under Shared -----------------------------------------------------------------

const warmShared: LessonStep<WalkRun> = {
  id: 'warm-shared',
  title: 'The same stat again, under Shared',
  seed: 1,
  build: () => run('cold-then-warm', 'vfs2-9p', 'shared'),
  start: (r) => r.beforeItem(1),
  range: (r) => [r.beforeItem(1), r.itemEnd(1)],
  Stage: stage(WalkStage, { watch: 'which RPCs come back, and what happens to the new fids.' }),
  Narration: ({ run: r }: S) => (
    <>
      <p>
        Every component is cached now (<N v={Object.keys(r.state.run.cache.dentries).length} /> dentries) and nothing
        changed on the host. But this mount uses the Shared <Term id="interop-mode" />: something outside the sandbox
        may change the files at any moment, so the client must <Term id="revalidate">revalidate</Term> each cached name
        before it trusts it.
      </p>
      <p>
        It does so by walking the name again and comparing the file's identity, its <Term id="qid" />, with the one it
        cached.
      </p>
    </>
  ),
  check: countCheck(
    () => 1,
    [0, 1, 4, 7, 10],
    ({ run: r }: S) => {
      const names = r.events.filter((e) => e.item === 1 && e.kind === 'rpc').map((e) => e.rpc?.name);
      return (
        <>
          {r.rpcCount(1)}: {names.join(', ')}. Each walk hands out a new fid; when the QID matches, the client keeps its
          old dentry and has to give the new fid back with a <Term id="tclunk" /> — one more round trip per component.
        </>
      );
    },
  ),
  fullView: walkFullView(),
};

// ---- 3. When the cache is trusted ----------------------------------------------------------

const trusted: LessonStep<WalkRun> = {
  id: 'trusted',
  title: 'When the cache is trusted',
  seed: 1,
  knob: modeKnob('exclusive'),
  build: (_seed, knob) => run('cold-then-warm', 'vfs2-9p', (knob ?? 'exclusive') as InteropMode),
  start: (r) => r.beforeItem(1),
  range: (r) => [r.beforeItem(1), r.itemEnd(1)],
  Stage: stage(WalkStage),
  Narration: ({ run: r }: S) => (
    <p>
      The same second stat, in the <b>{r.spec.mode}</b> mode. In Exclusive and Writethrough modes the sandbox is
      promised that nobody else changes these files, so a cached dentry stays true until the sandbox itself changes it.
      The first stat sent <N v={r.rpcCount(0)} /> RPCs.
    </p>
  ),
  check: countCheck(
    () => 1,
    [0, 1, 4, 7],
    ({ run: r }: S) => (
      <>
        {r.rpcCount(1)} in {r.spec.mode} mode.{' '}
        {r.rpcCount(1) === 0
          ? 'The whole answer comes from the cache: no revalidation, no walk.'
          : 'Shared mode revalidates every component, whatever the cache holds.'}{' '}
        Turn the knob to compare.
      </>
    ),
  ),
  fullView: walkFullView(),
};

// ---- 4. The seed's case: a replaced file, three clients ------------------------------------

const designKnob = (ids: DesignId[], initial: DesignId): Knob => ({
  id: 'design',
  label: 'Client',
  help: 'Which gVisor gofer client runs the walk: VFS1 and VFS2 speak 9P; lisafs is the protocol that replaced it.',
  options: ids.map((d) => ({ value: d, label: DESIGN_NAME[d] })),
  initial,
});

const replaced: LessonStep<WalkRun> = {
  id: 'replaced',
  title: 'A file replaced on the host',
  seed: 1,
  knob: designKnob(['vfs1', 'vfs2-9p', 'lisafs'], 'vfs1'),
  build: (_seed, knob) => run('seed-revalidation', (knob ?? 'vfs1') as DesignId, 'shared'),
  start: (r) => r.beforeItem(2),
  range: (r) => [r.beforeItem(1), r.itemEnd(2)],
  Stage: stage(WalkStage, { watch: "the last component's inode: the client's against the host's." }),
  Narration: ({ run: r }: S) => {
    const baz = r.state.run.cache.dentries['/foo/bar/baz'];
    const host = r.state.run.remote.nodes['/foo/bar/baz'];
    return (
      <p>
        The path was stat'ed once ({<N v={r.rpcCount(0)} />} RPCs), then a host process deleted <code>baz</code> and
        created a new file of the same name. The client's cache still says inode <N v={baz?.attrs?.ino ?? 0} />; on the
        host it is now <N v={host?.ino ?? 0} />. The client is <b>{DESIGN_NAME[r.spec.design]}</b>, in Shared mode.
      </p>
    );
  },
  check: countCheck(
    () => 2,
    [2, 6, 11],
    ({ run: r }: S) => {
      const names = r.events.filter((e) => e.item === 2 && e.kind === 'rpc').map((e) => e.rpc?.name);
      return (
        <>
          {r.rpcCount(2)} for {DESIGN_NAME[r.spec.design]}: {names.join(', ')}.{' '}
          {r.spec.design === 'vfs1'
            ? 'VFS1 asks separately for each permission check, each revalidation and the final stat.'
            : r.spec.design === 'vfs2-9p'
              ? 'VFS2 fuses the permission reload, the revalidation and the lookup into one walk-and-getattr per component.'
              : 'lisafs checks the whole cached path with one WalkStat and fetches the new file with one Walk.'}{' '}
          Try the other clients with the knob.
        </>
      );
    },
  ),
  fullView: walkFullView(),
};

// ---- 5. What the QID decides ---------------------------------------------------------------

/** Just before the walk whose reply shows a different file. */
function qidPoint(r: WalkRun): number {
  const k = r.events.findIndex((e) => e.item === 2 && e.touched?.some((t) => t.change === 'dropped'));
  return k < 0 ? r.itemStart(2) : k;
}

const qid: LessonStep<WalkRun> = {
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

const missed: LessonStep<WalkRun> = {
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

const hostFd: LessonStep<WalkRun> = {
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

const practice: LessonStep<WalkRun> = {
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

export const steps = [cold, warmShared, trusted, replaced, qid, missed, hostFd, practice];
