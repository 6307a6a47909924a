/**
 * Gofer walks, steps 1–4: a cold stat, a warm one under Shared, a trusted cache, and a file
 * replaced behind three clients' backs.
 */
import type { DesignId, InteropMode } from '../../../../model/gofer/index';
import type { WalkRun } from '../../gofer/walk-run';
import { WalkStage } from '../../gofer/WalkStage';
import { Term } from '../../Term';
import type { LessonStep } from '../../types';
import { N } from '../../words';
import { stage } from '../../stage';
import { countCheck, DESIGN_NAME, designKnob, modeKnob, run, type S, walkFullView } from './shared';

const components = (path: string) => path.split('/').filter(Boolean).length;

// ---- 1. A cold stat ------------------------------------------------------------------------

export const cold: LessonStep<WalkRun> = {
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

export const warmShared: LessonStep<WalkRun> = {
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

export const trusted: LessonStep<WalkRun> = {
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

export const replaced: LessonStep<WalkRun> = {
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
