/** Invariants of the dentry cache and fid table, checked after every step. */
import { GoferInvariantError } from './errors';
import { parentOf } from './paths';
import type { CacheState, InteropMode, OpRecord } from './types';

export function checkGoferInvariants(
  cache: CacheState,
  mode: InteropMode,
  ops: readonly OpRecord[],
  runningCount: number,
): void {
  const fail = (kind: ConstructorParameters<typeof GoferInvariantError>[0], msg: string): never => {
    throw new GoferInvariantError(kind, msg);
  };
  const owners = new Map<string, string>();
  for (const [path, d] of Object.entries(cache.dentries)) {
    if (path !== '/') {
      // The tree is connected: a cached name always hangs off a cached, positive directory.
      const parent = cache.dentries[parentOf(path)];
      if (!parent || parent.negative || parent.attrs?.type !== 'dir')
        fail('orphan-dentry', `${path} is cached without a cached parent directory`);
    }
    if (d.negative) {
      if (mode === 'shared') fail('negative-in-shared', `Shared mode cached a negative dentry for ${path}`);
      if (d.fid !== null || d.handle !== null || d.attrs !== null)
        fail('negative-with-fid', `negative dentry ${path} holds a fid or attributes`);
      continue;
    }
    if (d.fid === null) fail('fid-table', `positive dentry ${path} holds no fid`);
    // Shared mode never uses client timestamps: the host's clock is authoritative.
    if (mode === 'shared' && d.attrs?.mtimeClock !== 'remote')
      fail('client-clock-in-shared', `${path} carries a client timestamp under Shared`);
    owners.set(String(d.fid), `dentry:${path}`);
    if (d.handle !== null) owners.set(String(d.handle), `handle:${path}`);
  }
  // Every outstanding fid belongs to a dentry or a handle; walks leave no stray fids behind.
  for (const [fid, owner] of Object.entries(cache.fids))
    if (owners.get(fid) !== owner) fail('fid-table', `fid ${fid} is outstanding for ${owner}, which does not hold it`);
  for (const [fid, owner] of owners)
    if (cache.fids[fid] !== owner) fail('fid-table', `${owner} holds fid ${fid}, which is not outstanding`);
  const sum = ops.reduce((n, o) => n + o.count, 0);
  if (sum > runningCount)
    fail('count-mismatch', `operations account for ${sum} RPCs, the running count is ${runningCount}`);
}
