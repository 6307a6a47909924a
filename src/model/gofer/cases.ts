/**
 * Design-agnostic walk cases: a starting tree, set-up steps (not counted) and one measured
 * operation. Any client — a modelled design here, or later a real virtiofsd FUSE mount — can
 * replay the same case and report its round-trip count for the comparison table.
 */
import type { Operation, ScriptItem, TreeSpec } from './types';

export interface WalkCase {
  id: string;
  title: string;
  description: string;
  tree: TreeSpec;
  setup: ScriptItem[];
  measured: Operation;
}

/** The seed's tree: one file three components deep. */
export const SEED_TREE: TreeSpec = { '/foo/bar/baz': 100 };
const BAZ = '/foo/bar/baz';

export const WALK_CASES: readonly WalkCase[] = [
  {
    id: 'stat-warm',
    title: 'stat, everything cached and valid',
    description:
      "The path was stat'ed before and nothing changed on the host since. How many round trips does it take to be sure of that?",
    tree: SEED_TREE,
    setup: [{ type: 'op', op: 'stat', path: BAZ }],
    measured: { op: 'stat', path: BAZ },
  },
  {
    id: 'stat-baz-replaced',
    title: 'stat, baz fails revalidation',
    description:
      "The seed's example: the path was cached, then baz was deleted and re-created on the host, so revalidation finds a different file and a new dentry must be instantiated.",
    tree: SEED_TREE,
    setup: [
      { type: 'op', op: 'stat', path: BAZ },
      { type: 'remote', change: 'replace', path: BAZ },
    ],
    measured: { op: 'stat', path: BAZ },
  },
  {
    id: 'stat-cold',
    title: 'stat, cold cache',
    description: 'A fresh mount: only the root is known, so every component must be looked up.',
    tree: SEED_TREE,
    setup: [],
    measured: { op: 'stat', path: BAZ },
  },
  {
    id: 'open-warm',
    title: 'open, path cached, not yet open',
    description: 'The path is cached from an earlier stat; the file itself has not been opened.',
    tree: SEED_TREE,
    setup: [{ type: 'op', op: 'stat', path: BAZ }],
    measured: { op: 'open', path: BAZ },
  },
  {
    id: 'read-again',
    title: 'read an open file a second time',
    description: 'The file is open and has been read once. Does the second read cost a round trip?',
    tree: SEED_TREE,
    setup: [
      { type: 'op', op: 'open', path: BAZ },
      { type: 'op', op: 'read', path: BAZ, bytes: 100 },
    ],
    measured: { op: 'read', path: BAZ, bytes: 100 },
  },
  {
    id: 'write-open',
    title: 'write to an open file',
    description: 'The file is open; the application writes 4 KiB.',
    tree: SEED_TREE,
    setup: [{ type: 'op', op: 'open', path: BAZ }],
    measured: { op: 'write', path: BAZ, bytes: 4096 },
  },
  {
    id: 'unlink-warm',
    title: 'unlink, path cached',
    description: 'The path is cached from an earlier stat; the file is then removed.',
    tree: SEED_TREE,
    setup: [{ type: 'op', op: 'stat', path: BAZ }],
    measured: { op: 'unlink', path: BAZ },
  },
];

/**
 * Counts stated by the seed or the reference notes, for display next to the model's own and
 * as test oracles. `source` says where each number comes from.
 */
export const REFERENCE_COUNTS: readonly { caseId: string; column: string; count: number; source: string }[] = [
  { caseId: 'stat-warm', column: 'vfs1/shared', count: 10, source: 'reference (derived from the VFS1 code)' },
  { caseId: 'stat-warm', column: 'vfs2-9p/shared', count: 7, source: 'reference (derived from the VFS2 code)' },
  { caseId: 'stat-warm', column: 'vfs2-9p/exclusive', count: 0, source: 'reference (derived from the VFS2 code)' },
  { caseId: 'stat-warm', column: 'lisafs/shared', count: 1, source: 'reference (WalkStat)' },
  { caseId: 'stat-baz-replaced', column: 'vfs1/shared', count: 11, source: 'seed: VFS2 gofer client commit message' },
  { caseId: 'stat-baz-replaced', column: 'vfs2-9p/shared', count: 6, source: 'seed: VFS2 gofer client commit message' },
  { caseId: 'stat-cold', column: 'vfs2-9p/shared', count: 4, source: 'reference (derived from the VFS2 code)' },
  { caseId: 'stat-cold', column: 'vfs2-9p/exclusive', count: 3, source: 'reference (derived from the VFS2 code)' },
];
