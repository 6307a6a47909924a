/**
 * Named demos a UI can list: a tree, a script, and the design/mode pairs to run it through
 * side by side. The interop demos show a remote change that one mode sees and another does not.
 */
import { SEED_TREE } from './cases';
import { Prng } from '../sim/prng';
import type { DesignId, InteropMode, ScriptItem, TreeSpec } from './types';

export interface GoferScenario {
  id: string;
  title: string;
  description: string;
  tree: TreeSpec;
  script: ScriptItem[];
  runs: { design: DesignId; mode: InteropMode }[];
}

const BAZ = '/foo/bar/baz';
const SEED_RUNS: GoferScenario['runs'] = [
  { design: 'vfs1', mode: 'shared' },
  { design: 'vfs2-9p', mode: 'shared' },
  { design: 'lisafs', mode: 'shared' },
];
const MODE_RUNS: GoferScenario['runs'] = [
  { design: 'vfs2-9p', mode: 'exclusive' },
  { design: 'vfs2-9p', mode: 'writethrough' },
  { design: 'vfs2-9p', mode: 'shared' },
];

export const GOFER_SCENARIOS: readonly GoferScenario[] = [
  {
    id: 'seed-revalidation',
    title: 'The seed: stat a path whose last component was replaced',
    description:
      'stat("/foo/bar/baz") is run once to fill the cache, then baz is deleted and re-created on the host, and stat runs again. VFS1 asks the gofer separately for each permission check, each revalidation and the final stat: 11 round trips. VFS2 fuses the permission reload, revalidation and lookup into one walk-and-getattr per component: 6. lisafs revalidates the whole cached path with one WalkStat and fetches the new baz with one Walk: 2.',
    tree: SEED_TREE,
    script: [
      { type: 'op', op: 'stat', path: BAZ },
      { type: 'remote', change: 'replace', path: BAZ },
      { type: 'op', op: 'stat', path: BAZ },
    ],
    runs: SEED_RUNS,
  },
  {
    id: 'cold-then-warm',
    title: 'Cold, then warm: what the cache saves',
    description:
      'The same stat twice on a fresh mount. The first one must look every component up. The second one costs nothing in Exclusive mode, where the cache is trusted, but still needs round trips in Shared mode, where every cached component must be checked against the host: 7 for VFS2 over 9P, 1 for lisafs.',
    tree: SEED_TREE,
    script: [
      { type: 'op', op: 'stat', path: BAZ },
      { type: 'op', op: 'stat', path: BAZ },
    ],
    runs: [...SEED_RUNS, { design: 'vfs2-9p', mode: 'exclusive' }, { design: 'lisafs', mode: 'exclusive' }],
  },
  {
    id: 'remote-write-seen',
    title: 'A host-side write: seen only in Shared mode',
    description:
      'The sandbox stats and reads baz, then a process on the host rewrites it from 100 to 5000 bytes. In Exclusive and Writethrough modes the sandbox may assume nobody else touches the files, so its next stat and read answer from the cache without a round trip and report the old size and old content. In Shared mode the walk revalidates, so stat sees 5000 bytes, and reads bypass the page cache, so read sees the new content.',
    tree: SEED_TREE,
    script: [
      { type: 'op', op: 'stat', path: BAZ },
      { type: 'op', op: 'read', path: BAZ, bytes: 100 },
      { type: 'remote', change: 'write', path: BAZ, size: 5000 },
      { type: 'op', op: 'stat', path: BAZ },
      { type: 'op', op: 'read', path: BAZ, bytes: 5000 },
    ],
    runs: MODE_RUNS,
  },
  {
    id: 'client-write-visible',
    title: "The sandbox's write: when does the host see it?",
    description:
      'The sandbox opens baz and writes 4 KiB, then calls fsync. In Writethrough and Shared modes the write is sent to the gofer at once, so the host is never behind. In Exclusive mode the write stays in the page cache (the operation reports the client as ahead of the host) until fsync writes it back. Note the timestamps too: Exclusive and Writethrough stamp mtime with the sandbox clock and never write it back; Shared leaves timestamps to the host clock.',
    tree: SEED_TREE,
    script: [
      { type: 'op', op: 'open', path: BAZ },
      { type: 'op', op: 'write', path: BAZ, bytes: 4096 },
      { type: 'op', op: 'stat', path: BAZ },
      { type: 'op', op: 'fsync', path: BAZ },
      { type: 'op', op: 'stat', path: BAZ },
    ],
    runs: MODE_RUNS,
  },
  {
    id: 'negative-dentry',
    title: 'A file created on the host after a failed lookup',
    description:
      'The sandbox stats /foo/bar/new, which does not exist; then a host process creates it. Exclusive mode cached a negative dentry ("no such name"), so the second stat fails again without asking the gofer, although the file now exists. Shared mode never caches negative dentries, so it looks again and finds the file.',
    tree: SEED_TREE,
    script: [
      { type: 'op', op: 'stat', path: '/foo/bar/new' },
      { type: 'remote', change: 'create', path: '/foo/bar/new', kind: 'file' },
      { type: 'op', op: 'stat', path: '/foo/bar/new' },
    ],
    runs: [
      { design: 'vfs2-9p', mode: 'exclusive' },
      { design: 'vfs2-9p', mode: 'shared' },
      { design: 'lisafs', mode: 'exclusive' },
      { design: 'lisafs', mode: 'shared' },
    ],
  },
  {
    id: 'lisafs-host-fd',
    title: 'lisafs: open once, then I/O without RPCs',
    description:
      'Under lisafs, OpenAt makes the gofer donate the host file descriptor to the sandbox. After that, reads and writes are ordinary system calls on that descriptor: the sequence diagram shows the walk and the OpenAt, and then nothing for the I/O. VFS2 over 9P in Shared mode sends a Tread or Twrite for each one.',
    tree: SEED_TREE,
    script: [
      { type: 'op', op: 'open', path: BAZ },
      { type: 'op', op: 'read', path: BAZ, bytes: 100 },
      { type: 'op', op: 'write', path: BAZ, bytes: 4096 },
      { type: 'op', op: 'read', path: BAZ, bytes: 4096 },
    ],
    runs: [
      { design: 'vfs2-9p', mode: 'shared' },
      { design: 'lisafs', mode: 'shared' },
    ],
  },
];

export function findGoferScenario(id: string): GoferScenario | undefined {
  return GOFER_SCENARIOS.find((s) => s.id === id);
}

/**
 * A seeded random workload over a small tree: operations mixed with host-side changes. Used
 * by property tests and by a "random" preset; the same seed always gives the same script.
 */
export function randomScript(seed: number, length: number): { tree: TreeSpec; script: ScriptItem[] } {
  const p = Prng.stream(seed, 'gofer-workload');
  const tree: TreeSpec = { '/foo/bar/baz': 100, '/foo/bar/qux': 10, '/foo/a': 5, '/etc/hosts': 64 };
  const paths = ['/foo', '/foo/bar', '/foo/bar/baz', '/foo/bar/qux', '/foo/a', '/etc/hosts', '/foo/bar/new', '/nope/x'];
  const files = ['/foo/bar/baz', '/foo/bar/qux', '/foo/a', '/etc/hosts', '/foo/bar/new'];
  const script: ScriptItem[] = [];
  for (let i = 0; i < length; i++) {
    if (p.bool(0.25)) {
      const kind = p.pick(['write', 'replace', 'delete', 'create'] as const);
      const path = p.pick(kind === 'write' ? files : paths);
      if (kind === 'write') script.push({ type: 'remote', change: 'write', path, size: p.int(1, 9000) });
      else if (kind === 'create')
        script.push({ type: 'remote', change: 'create', path, kind: p.bool(0.7) ? 'file' : 'dir' });
      else script.push({ type: 'remote', change: kind, path });
    } else {
      const op = p.pick(['stat', 'stat', 'open', 'read', 'write', 'fsync', 'unlink'] as const);
      const path = op === 'stat' ? p.pick(paths) : p.pick(files);
      script.push(
        op === 'read' || op === 'write' ? { type: 'op', op, path, bytes: p.int(1, 8192) } : { type: 'op', op, path },
      );
    }
  }
  return { tree, script };
}
